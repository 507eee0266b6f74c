import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Spreadsheet
import SvodModel

/// Submissions taken from a folder (the `--from` of `svod consolidate`), each with the moment it
/// was received: from a `received.csv` manifest in the folder (`file;received_at`, as an e-mail
/// gateway logs it) when there is one, else the file's modification time.
public enum SubmissionFolder {
    public static let manifestName = "received.csv"

    public struct Item: Sendable, Equatable {
        public var path: String
        public var receivedAt: Date
    }

    /// Every file below `directory`, sorted by path. Hidden files and folders (names starting
    /// with `.`), the manifest and a `README.md` are not submissions.
    ///
    /// Walks the tree with `opendir`/`readdir`, using the entry type the directory already
    /// holds: a national folder has tens of thousands of files, and FileManager's enumerator
    /// plus a `stat` per file took longer than validating them.
    public static func scan(_ directory: String, zone: String) throws -> [Item] {
        let manifest = try self.manifest(in: directory, zone: zone)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SpreadsheetError(.fileUnreadable, file: directory)
        }
        var items: [Item] = []
        try walk(directory, relative: "") { relative, name, path in
            if relative == manifestName || name == "README.md" { return }
            let received = manifest[relative] ?? manifest[name] ?? modificationDate(path) ?? Date(timeIntervalSince1970: 0)
            items.append(Item(path: path, receivedAt: received))
        }
        return items.sorted { $0.path < $1.path }
    }

    /// The receipt times a folder's `received.csv` gives, by file name (empty without one).
    /// Rows whose time does not read as a moment (the header among them) are skipped.
    ///
    /// - Parameters:
    ///   - directory: The folder.
    ///   - zone: The region's zone, for times written without an offset.
    public static func manifest(in directory: String, zone: String) throws -> [String: Date] {
        var manifest: [String: Date] = [:]
        let manifestPath = (directory as NSString).appendingPathComponent(manifestName)
        guard FileManager.default.fileExists(atPath: manifestPath) else { return manifest }
        for row in try CSVReader(path: manifestPath).readAll() {
            let name = row[0].text.trimmed
            guard !name.isEmpty, let date = Timestamp.parse(row[1].text, zone: zone) else { continue }
            manifest[name] = date
        }
        return manifest
    }

    /// Calls `visit(relative path, name, full path)` for every regular file (or link to one)
    /// below `directory`, skipping hidden entries.
    private static func walk(_ directory: String, relative: String, _ visit: (String, String, String) -> Void) throws {
        let entries: [Folder.Entry]
        do {
            entries = try Folder.entries(directory)
        } catch {
            throw SpreadsheetError(.fileUnreadable, file: directory)
        }
        var subdirectories: [(String, String)] = []
        for entry in entries {
            let name = String(decoding: entry.name, as: UTF8.self)
            if name.hasPrefix(".") { continue }
            let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            let inner = relative.isEmpty ? name : relative + "/" + name
            var kind = entry.kind
            if kind == .unknown || kind == .link {
                // The directory does not say, or it is a link: ask for what the name leads to.
                var info = stat()
                guard stat(path, &info) == 0 else { continue }
                let target: Folder.Kind = (info.st_mode & S_IFMT) == S_IFDIR ? .folder : (info.st_mode & S_IFMT) == S_IFREG ? .file : .other
                if target == .folder && kind == .link { continue }  // links to folders are not followed
                kind = target
            }
            if kind == .folder {
                subdirectories.append((path, inner))
            } else if kind == .file {
                visit(inner, name, path)
            }
        }
        for (path, inner) in subdirectories { try walk(path, relative: inner, visit) }
    }

    private static func modificationDate(_ path: String) -> Date? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(info.st_mtim.tv_sec) + TimeInterval(info.st_mtim.tv_nsec) / 1e9)
    }
}
