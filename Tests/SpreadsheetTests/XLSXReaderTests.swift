import Foundation
import Testing
@testable import Spreadsheet

/// Files written by other producers (openpyxl, LibreOffice, a hand-built package); the
/// expected values are documented cell by cell in Fixtures/xlsx/EXPECTED.md.
@Suite struct XLSXReaderFixtureTests {
    @Test func openpyxlTypesFirstSheet() throws {
        let (cells, merged) = try Fixture.read("xlsx/openpyxl_types.xlsx")
        let expected: [String: CellValue] = [
            "A1": .string("Отчёт № 5 «Сводный», ёлка"), "C1": .number(42), "E1": .number(12.5),
            "A2": .number(0.1), "B2": .number(-3), "C2": .bool(true), "D2": .bool(false),
            "E2": .number(1_234_567_890), "F2": .string("007"),
            "A4": date(2021, 3, 1), "B4": dateTime(2021, 6, 10, 14, 30), "C4": date(2021, 12, 31),
            "D4": .number(0.25),
            "A6": .string("  пробелы вокруг  "), "B6": .string("строка1\nстрока2"),
            "A10": .string("Объединённая ячейка"),
        ]
        #expect(cells == expected)
        #expect(merged == ["A10:C10"])
    }

    @Test func openpyxlSheetListAndOtherSheets() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/openpyxl_types.xlsx"))
        #expect(document.format == .xlsx)
        #expect(document.sheets.map(\.name) == ["Отчет", "Справочник", "Скрытый"])
        #expect(document.sheets.map(\.isVisible) == [true, true, false])
        let second = try Fixture.read("xlsx/openpyxl_types.xlsx", sheet: .name("Справочник")).cells
        #expect(second == ["A1": .string("Код"), "B1": .string("Наименование"), "A2": .number(1),
                           "B2": .string("Первый"), "A3": .number(2), "B3": .string("Второй")])
        let hidden = try Fixture.read("xlsx/openpyxl_types.xlsx", sheet: .position(3)).cells
        #expect(hidden == ["A1": .string("секрет")])
    }

    @Test func date1904System() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/openpyxl_date1904.xlsx"))
        #expect(document.dateSystem == .date1904)
        let cells = try Fixture.read("xlsx/openpyxl_date1904.xlsx").cells
        #expect(cells == ["A1": .string("Дата"), "A2": date(1904, 1, 1), "B2": .number(100),
                          "A3": date(2023, 2, 15), "A4": dateTime(2023, 2, 15, 12, 0), "A5": date(1999, 12, 31)])
    }

    @Test func inlineRichPrefixedPackage() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/inline_rich_prefixed.xlsx"))
        #expect(document.sheets.map(\.name) == ["Данные & итоги", "Второй"])
        let (cells, merged) = try Fixture.read("xlsx/inline_rich_prefixed.xlsx")
        let expected: [String: CellValue] = [
            "A1": .string("Привет, мир"), "B1": .string("A & B < C > D \"E\" 'F' ЖЖ"),
            "C1": .string("Жирный текст"), "D1": .string("Ключ"), "E1": .string("Курсив и обычный"),
            "A2": .string("abc"), "B2": .error("#DIV/0!"), "C2": .bool(true), "D2": .bool(false),
            "E2": date(2022, 5, 17), "F2": dateTime(2022, 5, 17, 8, 15, 30), "G2": .string("  пробелы  "),
            "A4": date(2021, 3, 1), "B4": dateTime(2021, 6, 10, 14, 30), "C4": date(2021, 12, 31),
            "D4": .number(0.125), "E4": .number(2021), "F4": .number(30), "G4": .number(-1.5),
            "H4": .number(0.0015), "I4": .number(100),
            "B5": .string("после пропуска"), "C5": .number(7),
            "A6": .string("  ведущие и хвостовые  "), "B6": .string("строка1\nстрока2"),
            "A7": .string("Объединено"),
        ]
        #expect(cells == expected)
        #expect(merged == ["A7:C7"])
        let second = try Fixture.read("xlsx/inline_rich_prefixed.xlsx", sheet: .name("Второй")).cells
        #expect(second == ["A1": .string("Справочник & Ко"), "A2": .number(1), "B2": .string("Жирный текст")])
    }

    @Test func libreOfficeTypes() throws {
        let (cells, merged) = try Fixture.read("xlsx/libreoffice_types.xlsx")
        let expected: [String: CellValue] = [
            "A1": .string("Район «Северный» № 3, ёж"), "C1": .number(1234.5), "D1": .number(42),
            "A2": date(2021, 3, 1), "B2": dateTime(2021, 6, 10, 14, 30), "C2": .bool(true), "D2": .bool(false),
            "A3": .number(0.25), "B3": .number(-3), "C3": .number(0.1), "D3": .string("007"),
            "A4": .string("Объединённые ячейки"), "A5": .number(2469), "B5": .string("  пробелы  "),
        ]
        #expect(cells == expected)
        #expect(merged == ["A4:C4"])
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/libreoffice_types.xlsx"))
        #expect(document.sheets.map(\.name) == ["Данные", "Справочник"])
        #expect(document.dateSystem == .date1900)
    }

    @Test func libreOfficeFromCSV() throws {
        let cells = try Fixture.read("xlsx/libreoffice_from_csv.xlsx").cells
        #expect(cells == [
            "A1": .string("Район"), "B1": .string("Население"), "C1": .string("Доля"), "D1": .string("Дата"),
            "A2": .string("Северный"), "B2": .number(12345), "C2": .number(12.5), "D2": date(2021, 3, 1),
            "A3": .string("Южный; центр"), "B3": .number(-3), "C3": .number(0.1), "D3": date(2021, 12, 31),
            "A4": .string("Ёлкино"),
        ])
    }

    @Test func rowsAreStreamedInOrderWithIndices() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/inline_rich_prefixed.xlsx"))
        let rows = try document.rows().readAll()
        #expect(rows.map(\.index) == [0, 1, 3, 4, 5, 6])
        #expect(rows[3].cells.map(\.address.a1) == ["B5", "C5"])
    }
}

/// One test per refusal: a typed error with a stable code, never a crash or a hang.
@Suite struct XLSXRefusalTests {
    @Test(arguments: [
        ("xls/biff5_book_stream.xls", SpreadsheetError.Code.legacyXLS),
        ("xlsx/encrypted.xlsx", .encrypted),
        ("ods/text_document.odt", .ods),
        ("xlsx/truncated.xlsx", .corrupt),
        ("xlsx/not_a_zip.xlsx", .corrupt),
        ("xlsx/doctype_entity.xlsx", .xmlDTD),
        ("xlsx/zip_bomb.xlsx", .suspiciousCompression),
        ("xlsx/no_workbook.xlsx", .partMissing),
        ("xlsx/does_not_exist.xlsx", .fileUnreadable),
    ])
    func refused(file: String, code: SpreadsheetError.Code) {
        let error = Fixture.refusal(file)
        #expect(error?.code == code)
        #expect(error?.file?.hasSuffix(file.split(separator: "/").last.map(String.init) ?? file) == true)
        // Every refusal explains itself in both languages.
        #expect(error.map { !$0.message(.ru).isEmpty && !$0.message(.en).isEmpty } == true)
    }

    @Test func zipBombUnderLiftedRatioCapHitsSizeCap() {
        var limits = ReadLimits()
        limits.maxCompressionRatio = 10_000
        limits.maxEntryBytes = 10 * 1024 * 1024
        #expect(Fixture.refusal("xlsx/zip_bomb.xlsx", limits: limits)?.code == .tooLarge)
    }

    @Test func zipBombWithAllCapsLiftedReadsTheOneCell() throws {
        var limits = ReadLimits()
        limits.maxCompressionRatio = 10_000
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/zip_bomb.xlsx"), limits: limits)
        let rows = try document.rows().readAll()
        #expect(rows == [Row(index: 0, cells: [Cell(address: CellAddress(row: 0, column: 0), value: .number(1))])])
    }

    @Test func rowAndCellCapsRefuseLargeSheets() {
        var limits = ReadLimits()
        limits.maxRows = 3
        #expect(Fixture.refusal("xlsx/openpyxl_types.xlsx", limits: limits)?.code == .sheetTooLarge)
        limits = ReadLimits()
        limits.maxCells = 5
        #expect(Fixture.refusal("xlsx/openpyxl_types.xlsx", limits: limits)?.code == .sheetTooLarge)
        limits = ReadLimits()
        limits.maxColumns = 3
        #expect(Fixture.refusal("xlsx/openpyxl_types.xlsx", limits: limits)?.code == .sheetTooLarge)
    }

    @Test func missingSheetIsNamed() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/openpyxl_types.xlsx"))
        #expect(throws: SpreadsheetError(.sheetNotFound, file: Fixture.path("xlsx/openpyxl_types.xlsx"), part: "Нет такого")) {
            _ = try document.rows(.name("Нет такого"))
        }
        #expect(throws: SpreadsheetError.self) { _ = try document.rows(.position(9)) }
    }

    @Test func unknownExtensionIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("report.pdf")
        try Data("%PDF-1.4".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: SpreadsheetError(.unknownFormat, file: path)) { _ = try SpreadsheetDocument.open(path: path) }
    }
}
