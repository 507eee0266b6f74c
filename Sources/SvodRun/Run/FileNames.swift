import Foundation
import Spreadsheet

#if canImport(Glibc)
import Glibc
#endif

/// A file name as the file system holds it (bytes, not necessarily UTF-8) and the form Svod
/// shows and logs: valid UTF-8 as it is, every invalid byte and control character escaped as
/// `\xHH`. Mail gateways save attachments under Windows-1251 names, and a newline in a name
/// must not forge a line in a text log.
public struct EntryName: Sendable, Equatable, Hashable {
    public let bytes: [UInt8]
    public let display: String

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        self.display = Self.escape(bytes)
    }

    public init(_ name: String) {
        self.init(bytes: Array(name.utf8))
    }

    /// Whether the display form is the name itself (no escapes were needed).
    public var isExact: Bool { display.utf8.elementsEqual(bytes) }

    /// The bytes to keep beside the display form in the ledger: nil when the display is exact.
    public var ledgerBytes: [UInt8]? { isExact ? nil : bytes }

    static func escape(_ bytes: [UInt8]) -> String {
        var out = ""
        out.reserveCapacity(bytes.count)
        var decoder = UTF8()
        // Decode scalar by scalar; on an invalid sequence, escape the bytes it covered.
        var index = 0
        while index < bytes.count {
            let length = Self.sequenceLength(bytes, at: index)
            if length == 0 {
                out += hexEscape(bytes[index])
                index += 1
                continue
            }
            var slice = bytes[index..<(index + length)].makeIterator()
            if case .scalarValue(let scalar) = decoder.decode(&slice) {
                if scalar.value < 0x20 || scalar.value == 0x7F || (scalar.value >= 0x80 && scalar.value < 0xA0)
                    || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    for byte in bytes[index..<(index + length)] { out += hexEscape(byte) }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            } else {
                for byte in bytes[index..<(index + length)] { out += hexEscape(byte) }
            }
            index += length
        }
        return out
    }

    /// The length of a well-formed UTF-8 sequence at `index`, or 0 when it is not one.
    private static func sequenceLength(_ bytes: [UInt8], at index: Int) -> Int {
        let lead = bytes[index]
        let length: Int
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return 0
        }
        guard index + length <= bytes.count else { return 0 }
        for offset in 1..<length where bytes[index + offset] & 0xC0 != 0x80 { return 0 }
        let second = bytes[index + 1]
        if lead == 0xE0 && second < 0xA0 { return 0 }  // overlong
        if lead == 0xED && second > 0x9F { return 0 }  // surrogates
        if lead == 0xF0 && second < 0x90 { return 0 }  // overlong
        if lead == 0xF4 && second > 0x8F { return 0 }  // above U+10FFFF
        return length
    }

    private static func hexEscape(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}

/// File system calls on paths whose last component is raw bytes (see ``EntryName``).
enum RawPath {
    /// `folder/name` as a C path.
    static func join(_ folder: String, _ name: [UInt8]) -> [UInt8] {
        var path = Array(folder.utf8)
        if path.last != UInt8(ascii: "/") { path.append(UInt8(ascii: "/")) }
        path.append(contentsOf: name)
        return path
    }

    static func withCPath<T>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> T) -> T {
        var terminated = path
        terminated.append(0)
        return terminated.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { body($0) }
        }
    }

    static func lstatInfo(_ path: [UInt8]) -> stat? {
        var info = stat()
        return withCPath(path) { lstat($0, &info) } == 0 ? info : nil
    }

    static func exists(_ path: [UInt8]) -> Bool { lstatInfo(path) != nil }

    /// `rename(2)`, creating the target's folder first; the error number on failure.
    static func rename(_ source: [UInt8], to target: [UInt8], targetFolder: String) throws {
        try FileManager.default.createDirectory(atPath: targetFolder, withIntermediateDirectories: true)
        let result = withCPath(source) { from in withCPath(target) { to in Glibc.rename(from, to) } }
        if result != 0 { throw RawPathError(call: "rename", errno: errno, path: EntryName(bytes: source).display) }
    }

    /// Opens for reading without following a link and without blocking on a FIFO.
    static func openForReading(_ path: [UInt8]) -> Int32 {
        withCPath(path) { open($0, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC) }
    }

    static func setModificationTime(_ path: [UInt8], _ date: Date) {
        let seconds = date.timeIntervalSince1970
        var times = [timespec(tv_sec: Int(seconds.rounded(.down)), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9)),
                     timespec(tv_sec: Int(seconds.rounded(.down)), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))]
        _ = withCPath(path) { utimensat(AT_FDCWD, $0, &times, AT_SYMLINK_NOFOLLOW) }
    }

    static func modificationTime(_ path: [UInt8]) -> Date? {
        guard let info = lstatInfo(path) else { return nil }
        return Date(timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }

    /// Visits every entry under `root` (links not followed), depth first in byte order, at most
    /// `maximumDepth` folders down; a top-level folder named `skippingTopLevel` is left out.
    static func walk(_ root: String, skippingTopLevel skipped: String? = nil, maximumDepth: Int = 8,
                     _ visit: (_ folder: String, _ name: [UInt8], _ path: [UInt8], _ info: stat) -> Void) {
        var pending: [(folder: String, depth: Int)] = [(root, 0)]
        while let (folder, depth) = pending.popLast() {
            guard let entries = try? list(folder) else { continue }
            var subfolders: [String] = []
            for entry in entries {
                let path = join(folder, entry.name)
                guard let info = lstatInfo(path) else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    if depth == 0, let skipped, entry.name.elementsEqual(skipped.utf8) { continue }
                    if depth + 1 <= maximumDepth { subfolders.append(String(decoding: path, as: UTF8.self)) }
                } else {
                    visit(folder, entry.name, path, info)
                }
            }
            pending += subfolders.reversed().map { ($0, depth + 1) }
        }
    }

    /// The entries of a folder as raw names (without `.` and `..`), sorted by bytes.
    static func list(_ folder: String) throws -> [Folder.Entry] {
        do {
            return try Folder.entries(folder)
        } catch let error as Folder.ListingError {
            throw RawPathError(call: "opendir", errno: error.errno, path: folder)
        }
    }
}

/// A failed file system call on a raw path.
struct RawPathError: Error, CustomStringConvertible {
    var call: String
    var errno: Int32
    var path: String
    var description: String { "\(call) \(path): \(String(cString: strerror(errno)))" }
}
