#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole files read into memory: a CSV report, or a small XLSX package opened from memory.
enum FileBytes {
    /// Reads a whole regular file, refusing one larger than `limit` bytes (`what` names the file
    /// in that message: "a CSV file").
    static func contents(of path: String, limit: Int, what: String) throws(SpreadsheetError) -> [UInt8] {
        func unreadable(_ detail: String) -> SpreadsheetError {
            SpreadsheetError(.fileUnreadable, file: path, detail: detail)
        }
        func systemError() -> String { String(cString: strerror(errno)) }

        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw unreadable(systemError()) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw unreadable(systemError()) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw unreadable("not a regular file") }
        let size = Int(info.st_size)
        let tooLarge = { (size: Int) in
            SpreadsheetError(
                .tooLarge, file: path,
                detail: "\(size) bytes, more than the limit of \(limit) bytes for \(what)")
        }
        guard size <= limit else { throw tooLarge(size) }

        // Read until the end of the file (it may have grown since fstat), one byte past the cap.
        var bytes = [UInt8](repeating: 0, count: size + 1)
        var count = 0
        while true {
            if count == bytes.count {
                guard bytes.count <= limit else { break }
                bytes.append(contentsOf: repeatElement(0, count: min(bytes.count, limit + 1 - bytes.count)))
            }
            let readCount = bytes.withUnsafeMutableBufferPointer { buffer in
                read(descriptor, buffer.baseAddress! + count, buffer.count - count)
            }
            if readCount < 0 {
                if errno == EINTR { continue }
                throw unreadable(systemError())
            }
            if readCount == 0 { break }
            count += readCount
        }
        bytes.removeLast(bytes.count - count)
        guard count <= limit else { throw tooLarge(count) }
        return bytes
    }
}

extension String {
    /// The last component of a path (`a/b/отчет.xlsx` → `отчет.xlsx`), trailing slashes ignored,
    /// as NSString's `lastPathComponent` gives it, without bridging (every file of a batch asks).
    public var fileName: String {
        var end = utf8.endIndex
        while end > utf8.startIndex, utf8[utf8.index(before: end)] == UInt8(ascii: "/") { end = utf8.index(before: end) }
        if end == utf8.startIndex { return utf8.isEmpty ? "" : "/" }
        var start = end
        while start > utf8.startIndex, utf8[utf8.index(before: start)] != UInt8(ascii: "/") { start = utf8.index(before: start) }
        return String(self[start..<end])
    }
}
