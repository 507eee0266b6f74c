import Foundation

/// Submissions taken from a folder (the `--from` of `svod consolidate`), each with the moment it
/// was received: from a `received.csv` manifest in the folder (`file;received_at`, as an e-mail
/// gateway logs it) when there is one, else the file's modification time.
public enum SubmissionFolder {
    public static let manifestName = "received.csv"

    public struct Item: Sendable, Equatable {
        public var path: String
        public var receivedAt: Date
    }

    /// Every file below `directory` (hidden files and the manifest excepted), sorted by path.
    public static func scan(_ directory: String, zone: String) throws -> [Item] {
        let fileManager = FileManager.default
        var manifest: [String: Date] = [:]
        let manifestPath = (directory as NSString).appendingPathComponent(manifestName)
        if fileManager.fileExists(atPath: manifestPath) {
            for row in try CSVReader(path: manifestPath).readAll() {
                let name = row[0].text.trimmed
                guard !name.isEmpty, let date = Timestamp.parse(row[1].text, zone: zone) else { continue }
                manifest[name] = date
            }
        }
        guard let enumerator = fileManager.enumerator(atPath: directory) else {
            throw SpreadsheetError(.fileUnreadable, file: directory)
        }
        var items: [Item] = []
        for case let relative as String in enumerator {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") || relative == manifestName || name == "README.md" { continue }
            let path = (directory as NSString).appendingPathComponent(relative)
            var isDirectory: ObjCBool = false
            guard fileManager.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let received = manifest[relative] ?? manifest[name]
                ?? ((try? fileManager.attributesOfItem(atPath: path)[.modificationDate]) as? Date) ?? Date(timeIntervalSince1970: 0)
            items.append(Item(path: path, receivedAt: received))
        }
        return items.sorted { $0.path < $1.path }
    }
}
