#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-wide settings for reading many files; call `prepare()` once at program start, before
/// any thread is started.
public enum ReadingEnvironment {
    /// Pins the local time zone to the one the system already uses.
    ///
    /// libzip converts every entry's DOS time with `mktime`, and glibc, when `TZ` is unset,
    /// re-reads `/etc/localtime` metadata on each call: ten `stat` calls for every report opened.
    /// `TZ=:/etc/localtime` names the same zone, so local time is unchanged; glibc then loads it
    /// once. Svod itself never depends on the local zone (regions name theirs). A `TZ` already
    /// set is left alone.
    public static func prepare() {
        guard getenv("TZ") == nil else { return }
        setenv("TZ", ":/etc/localtime", 0)
        tzset()
    }
}
