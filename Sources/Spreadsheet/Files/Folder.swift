#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading a folder with `opendir`/`readdir`, names as raw bytes: the one folder listing the
/// inbox scan of `svod run` and the folder scan of `svod consolidate` share. It uses the entry
/// type the directory already holds, so listing tens of thousands of reports costs no `stat`
/// per file (FileManager's enumerator with a `stat` per file took longer than validating them).
public enum Folder {
    /// What a directory entry is, as the directory says (`d_type`).
    public enum Kind: Sendable, Equatable {
        case file
        case folder
        case link
        /// A FIFO, device or socket.
        case other
        /// The file system does not say: ask `stat`/`lstat`.
        case unknown
    }

    public struct Entry: Sendable, Equatable {
        /// The name, byte for byte (not necessarily UTF-8).
        public var name: [UInt8]
        public var kind: Kind
    }

    /// A folder that cannot be listed.
    public struct ListingError: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var errno: Int32
        public var description: String { "opendir \(path): \(String(cString: strerror(errno)))" }
    }

    /// The entries of `path` without `.` and `..`, sorted by their bytes.
    public static func entries(_ path: String) throws -> [Entry] {
        guard let directory = opendir(path) else { throw ListingError(path: path, errno: errno) }
        defer { closedir(directory) }
        var entries: [Entry] = []
        while let entry = readdir(directory) {
            let name: [UInt8] = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                let bytes = raw.bindMemory(to: UInt8.self)
                let length = bytes.firstIndex(of: 0) ?? bytes.count
                return Array(bytes[0..<length])
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            entries.append(Entry(name: name, kind: kind(of: entry.pointee.d_type)))
        }
        return entries.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    static func kind(of type: UInt8) -> Kind {
        switch Int32(type) {
        case Int32(DT_REG): return .file
        case Int32(DT_DIR): return .folder
        case Int32(DT_LNK): return .link
        case Int32(DT_UNKNOWN): return .unknown
        default: return .other
        }
    }
}
