#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The one way every Svod output reaches the disk: written to a temporary file in the target's
/// folder, flushed (`fsync`), renamed over the target (`rename(2)`, atomic on POSIX), and the
/// folder flushed so that the rename survives a power cut. A reader sees the old file or the
/// new one, never half of one, and a process killed anywhere leaves at most a temporary file
/// named `.<name>.tmp-<pid>-<random>`, which `svod run` sweeps away when it starts.
///
/// The workbook writer, the annotated copy and every text or JSON output use it.
public enum AtomicFile {
    /// The longest base name kept in a temporary name, so the whole stays under 255 bytes.
    static let maximumBaseBytes = 200

    /// `.<name>.tmp-<pid>-<random><suffix>` next to `path`; `<name>` is cut at a character
    /// boundary to `maximumBaseBytes` bytes.
    public static func temporaryPath(for path: String, suffix: String = "") -> String {
        let directory: String
        var base: String
        if let slash = path.lastIndex(of: "/") {
            directory = String(path[...slash])
            base = String(path[path.index(after: slash)...])
        } else {
            directory = ""
            base = path
        }
        if base.utf8.count > maximumBaseBytes {
            var cut = ""
            var used = 0
            for character in base {
                let size = character.utf8.count
                if used + size > maximumBaseBytes { break }
                cut.append(character)
                used += size
            }
            base = cut
        }
        let random = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return "\(directory).\(base).tmp-\(getpid())-\(random)\(suffix)"
    }

    /// Writes `bytes` to `path` atomically, creating its folder first.
    ///
    /// - Throws: `SpreadsheetError` (`.writeFailed`) naming the step that failed; the temporary
    ///   file is removed.
    public static func write<Bytes: Collection>(_ bytes: Bytes, to path: String) throws where Bytes.Element == UInt8 {
        try makeFolder(of: path)
        let temporary = temporaryPath(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary)", errno, path) }
        let array = Array(bytes)
        var written = 0
        var failed: Int32 = 0
        array.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = posixWrite(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failed = errno
                    return
                }
                written += count
            }
        }
        _ = posixClose(descriptor)
        if failed != 0 {
            remove(temporary)
            throw failure("cannot write \(temporary)", failed, path)
        }
        try commit(temporary, to: path)
    }

    /// Flushes `temporary`, renames it over `destination` and flushes the folder. On failure the
    /// temporary file is removed.
    ///
    /// - Throws: `SpreadsheetError` (`.writeFailed`).
    public static func commit(_ temporary: String, to destination: String) throws {
        let descriptor = open(temporary, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            remove(temporary)
            throw failure("cannot reopen \(temporary)", code, destination)
        }
        let synced = fsync(descriptor) == 0
        let code = errno
        _ = posixClose(descriptor)
        guard synced else {
            remove(temporary)
            throw failure("cannot flush \(temporary)", code, destination)
        }
        guard rename(temporary, destination) == 0 else {
            let code = errno
            remove(temporary)
            throw failure("cannot move \(temporary) to \(destination)", code, destination)
        }
        syncFolder(of: destination)
    }

    /// Removes a temporary file (no error if it is gone).
    public static func remove(_ path: String) { _ = unlink(path) }

    /// Best effort: make a rename in the folder of `file` durable.
    static func syncFolder(of file: String) {
        let folder = file.lastIndex(of: "/").map { String(file[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
        let descriptor = open(folder, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        _ = posixClose(descriptor)
    }

    /// `mkdir -p` of the folder that holds `path`.
    static func makeFolder(of path: String) throws {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        let folder = String(path[..<slash])
        var prefix = folder.hasPrefix("/") ? "/" : ""
        for component in folder.split(separator: "/") {
            prefix += component
            if mkdir(prefix, 0o777) != 0, errno != EEXIST {
                throw failure("cannot create the folder \(prefix)", errno, path)
            }
            prefix += "/"
        }
    }

    private static func failure(_ operation: String, _ code: Int32, _ file: String) -> SpreadsheetError {
        XLSXWriteError.posix(operation, errno: code, file: file)
    }
}

/// POSIX `write(2)`, named so it cannot be confused with `AtomicFile.write`.
@inline(__always)
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
