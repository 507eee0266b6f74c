import Foundation
import Testing
@testable import Spreadsheet

/// The one folder listing: raw names, the directory's own entry types, sorted by bytes.
@Suite struct FolderTests {
    @Test func listsRawNamesWithTheirKindsSortedByBytes() throws {
        let directory = try TemporaryDirectory()
        _ = FileManager.default.createFile(atPath: directory.path("b.xlsx"), contents: Data())
        _ = FileManager.default.createFile(atPath: directory.path("отчет.csv"), contents: Data())
        try FileManager.default.createDirectory(atPath: directory.path("a"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: directory.path("c-link"), withDestinationPath: "/dev/zero")
        // A Windows-1251 name, as mail gateways save attachments: «отчет» in cp1251.
        let raw: [UInt8] = Array("/".utf8) + [0xEE, 0xF2, 0xF7, 0xE5, 0xF2]
        let path = Array(directory.path("").utf8) + raw
        let descriptor = path.withUnsafeBufferPointer { buffer -> Int32 in
            var bytes = Array(buffer) + [0]
            return bytes.withUnsafeMutableBufferPointer { open(UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: CChar.self), O_CREAT | O_WRONLY, 0o644) }
        }
        #expect(descriptor >= 0)
        _ = close(descriptor)

        let entries = try Folder.entries(directory.path(""))
        // By bytes: UTF-8 Cyrillic (0xD0 0xBE …) before the cp1251 name (0xEE …).
        #expect(entries.map(\.name) == [Array("a".utf8), Array("b.xlsx".utf8), Array("c-link".utf8),
                                         Array("отчет.csv".utf8), [0xEE, 0xF2, 0xF7, 0xE5, 0xF2]])
        let kinds = entries.map(\.kind)
        // ext4 and tmpfs give the entry types; a file system that does not says `.unknown`.
        if !kinds.contains(.unknown) {
            #expect(kinds == [.folder, .file, .link, .file, .file])
        }
    }

    @Test func aMissingFolderIsAnErrorWithItsErrno() {
        do {
            _ = try Folder.entries("/nonexistent-\(UUID().uuidString)")
            Issue.record("listed a missing folder")
        } catch let error as Folder.ListingError {
            #expect(error.errno == ENOENT)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
