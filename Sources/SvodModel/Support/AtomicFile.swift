import Foundation

/// Writes files the way every Svod output is written: to a temporary file in the same folder,
/// flushed, then renamed over the target, so a reader never sees half a file.
public enum AtomicFile {
    public static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // `.<name>.tmp-<pid>-<random>`, the name cut so the whole fits in 255 bytes; a run
        // sweeps such leftovers of a killed run away.
        let temporary = directory.appendingPathComponent(
            ".\(DerivedName.make(url.lastPathComponent, suffix: "", tag: "", maximumBytes: 200)).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try data.write(to: temporary)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            if rename(temporary.path, url.path) != 0 {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSLocalizedDescriptionKey: String(cString: strerror(errno))])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}
