import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Spreadsheet

/// A test hook: `SVOD_KILL_AT=<checkpoint>[:<n>]` makes the process kill itself with SIGKILL
/// at the n-th time (default the first) it passes that checkpoint, so tests can prove that a run
/// killed anywhere leaves a recoverable state. Checkpoints: `before-<stage>`, `ingest-moved`,
/// `ingest-recorded`, `validate-marked`, `record-verdict`, `record-moved`, `facts-backfilled`, `carried-state`, `publish-written`.
public enum FaultInjection {
    nonisolated(unsafe) private static var counts: [String: Int] = [:]
    private static let target: (name: String, count: Int)? = {
        guard let value = ProcessInfo.processInfo.environment["SVOD_KILL_AT"], !value.isEmpty else { return nil }
        let parts = value.split(separator: ":")
        return (String(parts[0]), parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()

    /// `SVOD_CRASH_ON=<text>`: checking a file whose name contains the text dies with SIGSEGV,
    /// a stand-in for a reader crash (in `svod run` and in `svod validate`, so also in the
    /// isolated re-check), for the tests of poison files.
    private static let poison: String? = {
        guard let value = ProcessInfo.processInfo.environment["SVOD_CRASH_ON"], !value.isEmpty else { return nil }
        return value
    }()

    public static func crashIfPoison(_ path: String) {
        guard let poison, path.fileName.includes(poison) else { return }
        // A real invalid access, as a reader bug would make: a raised signal is resumed by
        // Swift's crash backtracer, a fault is not.
        UnsafeMutablePointer<UInt8>(bitPattern: 0x10)?.pointee = 1
    }

    public static func checkpoint(_ name: String) {
        guard let target, target.name == name else { return }
        counts[name, default: 0] += 1
        if counts[name] == target.count { kill(getpid(), SIGKILL) }
    }
}
