import Foundation
import Testing
@testable import Spreadsheet

@Suite struct StringPoolTests {
    static func text(_ pool: StringPool, _ string: String) -> String {
        Array(string.utf8).withUnsafeBufferPointer { pool.string($0) }
    }

    static func storage(_ string: String) -> UnsafeRawPointer? {
        var copy = string
        return copy.withUTF8 { UnsafeRawPointer($0.baseAddress) }
    }

    @Test func repeatedTextsShareOneString() {
        let pool = StringPool()
        let title = "Проведение мониторинга образовательных результатов"
        let first = Self.text(pool, title)
        let second = Self.text(pool, title)
        #expect(first == title && second == title)
        #expect(Self.storage(first) == Self.storage(second))
        #expect(Self.text(pool, title + "!") == title + "!")
        #expect(Self.text(pool, "коротко") == "коротко")  // small strings are not pooled
    }

    @Test func invalidBytesAreRepairedAsStringDecodingDoes() {
        let pool = StringPool()
        let bytes: [UInt8] = Array("Статус: выполнено ".utf8) + [0xFF, 0xD0]
        let expected = String(decoding: bytes, as: UTF8.self)
        for _ in 0..<3 { #expect(bytes.withUnsafeBufferPointer { pool.string($0) } == expected) }
    }

    @Test func aFullPoolStartsOverAndStaysCorrect() {
        let pool = StringPool(capacity: 16)
        for round in 0..<3 {
            for index in 0..<100 {
                let text = "строка номер \(index) из таблицы"
                #expect(Self.text(pool, text) == text, "round \(round)")
            }
        }
    }

    @Test func documentsReadWithAPoolReadTheSame() throws {
        let pool = StringPool(capacity: 64)
        for name in ["xlsx/libreoffice_types.xlsx", "xlsx/openpyxl_types.xlsx", "xlsx/inline_rich_prefixed.xlsx",
                     "csv/cp1251_semicolon.csv", "csv/quoted_newlines.csv"] {
            let plain = try SpreadsheetDocument.open(path: Fixture.path(name)).rows().readAll()
            for _ in 0..<2 {
                let pooled = try SpreadsheetDocument.open(path: Fixture.path(name), pool: pool).rows().readAll()
                #expect(pooled == plain, "\(name)")
            }
        }
    }

    @Test func aCSVDocumentCanBeReadTwice() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("csv/cp1251_semicolon.csv"))
        _ = try document.sheet(.first)
        let first = try document.rows().readAll()
        let second = try document.rows().readAll()
        #expect(!first.isEmpty && first == second)
    }
}
