import Foundation
import Testing
@testable import Spreadsheet

/// The one atomic writer every output goes through.
@Suite struct AtomicFileTests {
    @Test func writesIntoNewFoldersAndLeavesNoTemporaryFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("a/b/c/report.json")
        try AtomicFile.write(Array("{\"ok\": true}\n".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"ok\": true}\n")
        try AtomicFile.write(Array("second".utf8), to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("a/b/c")) == ["report.json"])
    }

    @Test func temporaryNamesAreHiddenNextToTheTargetAndFitTheFileSystem() {
        let long = String(repeating: "отчет", count: 60) + ".xlsx"  // 600 bytes
        let temporary = AtomicFile.temporaryPath(for: "/srv/out/" + long, suffix: ".xlsx")
        #expect(temporary.hasPrefix("/srv/out/."))
        let name = String(temporary.split(separator: "/").last!)
        #expect(name.utf8.count <= 255)
        #expect(name.contains(".tmp-\(getpid())-"))
        #expect(name.hasSuffix(".xlsx"))
        // Cut at a character boundary: still valid text.
        #expect(name.hasPrefix(".отчет"))
    }

    @Test func aFailedWriteThrowsACodedErrorAndLeavesNothing() throws {
        let directory = try TemporaryDirectory()
        // A file where the folder should be.
        _ = FileManager.default.createFile(atPath: directory.path("taken"), contents: Data())
        #expect(throws: SpreadsheetError.self) { try AtomicFile.write([1, 2, 3], to: directory.path("taken/x.json")) }
        do {
            try AtomicFile.write([1, 2, 3], to: directory.path("taken/x.json"))
        } catch let error as SpreadsheetError {
            #expect(error.code == .writeFailed)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).sorted() == ["taken"])
    }

    @Test func commitMovesATemporaryFileOverTheTarget() throws {
        let directory = try TemporaryDirectory()
        let target = directory.path("book.xlsx")
        try AtomicFile.write(Array("old".utf8), to: target)
        let temporary = AtomicFile.temporaryPath(for: target)
        _ = FileManager.default.createFile(atPath: temporary, contents: Data("new".utf8))
        try AtomicFile.commit(temporary, to: target)
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(!FileManager.default.fileExists(atPath: temporary))
    }
}
