import Foundation
import Testing
@testable import Spreadsheet

/// Issue 12, item 5: packages other tools read that Svod refused or misread. One fixture per
/// quirk, made by `Fixtures/xlsx/make_fixtures.py --quirks` and described in EXPECTED.md.
///
/// Cells are compared as `type:text` (`CellValue.typeName` and `.text`, what `svod sheet`
/// prints), so the expectations read like the JSON.
@Suite struct XLSXQuirkTests {
    /// Every non-empty cell of the selected sheet as `type:text`.
    static func shown(_ name: String, sheet: SheetSelector = .first) throws -> [String: String] {
        try Fixture.read(name, sheet: sheet).cells.mapValues { "\($0.typeName):\($0.text)" }
    }

    static let quirkSheet = ["A1": "string:Мероприятие", "B1": "string:Значение", "A2": "string:1.1", "B2": "number:42"]

    // MARK: 1. ZIP layouts libzip's consistency check refused

    /// Excel streams entries with data descriptors: flag bit 3, CRC and sizes 0 in the local
    /// header, the real values after the data. `unzip -t` passes; Svod said "Zip archive
    /// inconsistent".
    @Test func dataDescriptorsAreRead() throws {
        #expect(Fixture.refusal("xlsx/zip_data_descriptor.xlsx") == nil)
        #expect(try Self.shown("xlsx/zip_data_descriptor.xlsx") == Self.quirkSheet)
    }

    /// Local headers whose modification times differ from the central directory's.
    @Test func localHeaderTimesDifferingFromTheDirectoryAreRead() throws {
        #expect(Fixture.refusal("xlsx/zip_local_time_mismatch.xlsx") == nil)
        #expect(try Self.shown("xlsx/zip_local_time_mismatch.xlsx") == Self.quirkSheet)
    }

    /// Relaxing the check must not let damaged data through: a sheet whose bytes do not match
    /// its CRC (one digit changed, stored uncompressed so it inflates fine) is still refused.
    @Test func aRealCRCErrorIsStillCorrupt() throws {
        let error = Fixture.refusal("xlsx/zip_crc_mismatch.xlsx")
        #expect(error?.code == .corrupt)
        #expect(error?.part == "xl/worksheets/sheet1.xml")
        #expect(error?.detail?.contains("CRC") == true, "\(String(describing: error))")
        // The directory itself is fine: the workbook opens, only the damaged part is refused.
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/zip_crc_mismatch.xlsx"))
        #expect(document.sheets.map(\.name) == ["Лист1"])
    }

    // MARK: 2. Times of day and durations

    @Test func timesOfDayAndDurations() throws {
        let cells = try Self.shown("xlsx/time_of_day_and_duration.xlsx")
        #expect(cells == [
            // Serials below 1 with a time format: times of day, not 1899-12-31.
            "A1": "time:14:30:00",     // h:mm (built-in 20)
            "B1": "time:08:15:31",     // h:mm:ss (21), 0.3441087963 rounds to the second
            "C1": "time:00:00:00",     // hh:mm:ss, 0: midnight, not empty
            "D1": "time:12:00:00",     // [$-419]h:mm;@ — a locale bracket, not elapsed time
            "E1": "time:00:01:30",     // mm:ss (45)
            // A time format over a whole date keeps the date: nothing is thrown away.
            "F1": "datetime:2021-06-10T14:30:00",
            // A date-time format (22) below 1: 1900-01-00 is no date, so it is a time.
            "G1": "time:18:00:00",
            // Elapsed-time formats: durations in total hours, not dates in January 1900.
            "A2": "duration:228:00:00",  // [h]:mm:ss (46), 9.5 days
            "B2": "duration:01:30:00",
            "C2": "duration:36:00:00",   // [hh]:mm
            "D2": "duration:00:15:00",   // [mm]:ss
            "E2": "duration:-01:30:00",  // a negative difference
            "F2": "duration:00:00:00",
            // ISO `t="d"` cells holding only a time.
            "A3": "time:14:30:00",
            "B3": "time:08:15:30",
            "C3": "time:23:59:59",
            "D3": "string:25:00:00",     // not a time: kept as written
            "E3": "datetime:2022-05-17T08:15:30",
        ])
        let values = try Fixture.read("xlsx/time_of_day_and_duration.xlsx").cells
        #expect(values["A1"] == .time(seconds: 14 * 3600 + 30 * 60))
        #expect(values["A2"] == .duration(seconds: 228 * 3600))
        #expect(values["E2"] == .duration(seconds: -5400))
    }

    @Test func timeAndDurationFormatsAreClassified() {
        let cases: [(String, NumberKind)] = [
            ("h:mm", .time), ("hh:mm:ss", .time), ("mm:ss", .time), ("h:mm AM/PM", .time), ("[$-419]h:mm;@", .time),
            ("[h]:mm:ss", .duration), ("[hh]:mm", .duration), ("[mm]:ss", .duration), ("[ss]", .duration),
            ("[Red][h]:mm", .duration),
            ("dd.mm.yyyy hh:mm", .dateTime), ("d [h]:mm", .dateTime),
            ("dd.mm.yyyy", .date), ("mmmm", .date), ("0.00", .number), ("[Red]0.00", .number),
        ]
        for (code, kind) in cases { #expect(NumberFormat.kind(ofCode: code) == kind, "\(code)") }
        #expect(NumberFormat.kind(ofBuiltIn: 20) == .time)
        #expect(NumberFormat.kind(ofBuiltIn: 45) == .time)
        #expect(NumberFormat.kind(ofBuiltIn: 46) == .duration)
        #expect(NumberFormat.kind(ofBuiltIn: 22) == .dateTime)
    }

    @Test func timeTextForms() {
        #expect(CellValue.time(seconds: 0).text == "00:00:00")
        #expect(CellValue.time(seconds: 86399).text == "23:59:59")
        #expect(CellValue.duration(seconds: 3 * 3600 + 5).text == "03:00:05")
        #expect(CellValue.duration(seconds: 1234 * 3600 + 59 * 60).text == "1234:59:00")
        #expect(CellValue.duration(seconds: -61).text == "-00:01:01")
        #expect(CellValue.time(seconds: 1).typeName == "time")
        #expect(CellValue.duration(seconds: 1).typeName == "duration")
    }

    /// In the 1904 system day zero is a real date (1904-01-01): a date-time format keeps it,
    /// a time-only format shows only the time.
    @Test func timesIn1904System() throws {
        #expect(SheetStream.numericValue(0.5, kind: .time, system: .date1904) == .time(seconds: 43200))
        #expect(SheetStream.numericValue(0.5, kind: .dateTime, system: .date1904).text == "1904-01-01T12:00:00")
        #expect(SheetStream.numericValue(0.5, kind: .dateTime, system: .date1900) == .time(seconds: 43200))
        #expect(SheetStream.numericValue(1.5, kind: .duration, system: .date1904) == .duration(seconds: 129_600))
        #expect(SheetStream.numericValue(-0.5, kind: .time, system: .date1900) == .number(-0.5))
        #expect(SheetStream.numericValue(.infinity, kind: .duration, system: .date1900) == .number(.infinity))
        #expect(SheetStream.numericValue(0.9999999999, kind: .time, system: .date1900) == .time(seconds: 0))
    }

    // MARK: 3. ST_Xstring escapes

    @Test func xstringEscapesAreDecoded() throws {
        let cells = try Fixture.read("xlsx/xstring_escapes.xlsx").cells
        #expect(cells == [
            "A1": .string("строка1\r\nстрока2"),
            // `_x005F_` is a literal underscore: what follows it is plain text.
            "B1": .string("имя_x000D_файла"),
            "C1": .string("таб\tи\r"),  // hex digits in either case
            "D1": .string("не escape: _x00G1_ _x41_ _x0041 x0041_"),
            "E1": .string("ЖирA и B"),  // each run decoded; the phonetic run skipped
            "F1": .string("😀 и _xD83D_ одна"),  // a surrogate pair joined; a lone surrogate kept as written
            "G1": .string("__"),
            "A2": .string("встроенная\r\nстрока"),
            "B2": .string("часть12"),
            "C2": .string("итог\r"),  // a `t="str"` formula's cached result
            "D2": .number(5),
        ])
    }

    @Test func xstringDecoderEdgeCases() {
        #expect(XString.decode("") == "")
        #expect(XString.decode("_x") == "_x")
        #expect(XString.decode("a_x0041_") == "aA")
        #expect(XString.decode("_x0041_b") == "Ab")
        #expect(XString.decode("_x004") == "_x004")
        #expect(XString.decode("_x0041_x0042_") == "Ax0042_")
        #expect(XString.decode("__x0041__") == "_A_")
        #expect(XString.decode("_X0041_") == "_X0041_")  // the `x` is lower case in the spec
        #expect(XString.decode("_xDE00_") == "_xDE00_")
        #expect(XString.decode("без подчеркиваний") == "без подчеркиваний")
    }

    // MARK: 4. Which sheet `.first` is

    @Test func firstIsTheFirstVisibleWorksheet() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xlsx/first_sheet_hidden_or_chart.xlsx"))
        #expect(document.sheets.map(\.name) == ["Служебный", "Диаграмма", "Совсем скрытый", "Отчет", "Справка"])
        #expect(document.sheets.map(\.isVisible) == [false, true, false, true, true])
        #expect(document.sheets.map(\.isWorksheet) == [true, false, true, true, true])
        #expect(try document.sheet(.first).name == "Отчет")
        #expect(try Self.shown("xlsx/first_sheet_hidden_or_chart.xlsx") == ["A1": "string:отчет"])
        // Positions still count every tab, as a user does; a chart sheet has no cells.
        #expect(try Self.shown("xlsx/first_sheet_hidden_or_chart.xlsx", sheet: .position(1)) == ["A1": "string:служебные данные"])
        #expect(try Self.shown("xlsx/first_sheet_hidden_or_chart.xlsx", sheet: .position(2)) == [:])
    }

    @Test func firstFallsBackToAHiddenWorksheetThenToAnySheet() throws {
        let hiddenOnly = [SheetInfo(name: "a", index: 0, isVisible: true, isWorksheet: false),
                          SheetInfo(name: "b", index: 1, isVisible: false)]
        #expect(SheetSelector.firstIndex(in: hiddenOnly) == 1)
        #expect(SheetSelector.firstIndex(in: [SheetInfo(name: "c", index: 0, isVisible: false, isWorksheet: false)]) == 0)
        #expect(SheetSelector.firstIndex(in: []) == nil)
        // The old fixtures are unchanged: their first sheet is visible.
        #expect(try SpreadsheetDocument.open(path: Fixture.path("xlsx/openpyxl_types.xlsx")).sheet(.first).name == "Отчет")
    }

    // MARK: 5. Entry names

    @Test func backslashEntryNamesAreRead() throws {
        #expect(Fixture.refusal("xlsx/entry_names_backslash.xlsx") == nil)
        #expect(try Self.shown("xlsx/entry_names_backslash.xlsx") == Self.quirkSheet)
    }

    /// `validate --annotate` writes these packages back: the annotator opens them as the
    /// reader does, and replaces `xl\worksheets\sheet1.xml` rather than adding a second
    /// `xl/worksheets/sheet1.xml` beside it (which the reader would refuse as a duplicate).
    @Test(arguments: ["xlsx/entry_names_backslash.xlsx", "xlsx/zip_data_descriptor.xlsx", "xlsx/zip_local_time_mismatch.xlsx"])
    func quirkyPackagesCanBeAnnotated(file: String) throws {
        let directory = try TemporaryDirectory()
        let destination = directory.path("annotated.xlsx")
        try Annotator.annotate(
            source: Fixture.path(file), destination: destination,
            annotations: [CellAnnotation(sheet: "Лист1", address: CellAddress(a1: "B2"), severity: .error, code: "number-invalid",
                                         message: "не число", value: "42")])
        let document = try SpreadsheetDocument.open(path: destination)
        #expect(document.sheets.map(\.name) == ["Лист1", "Проверка"])
        let cells = try document.rows(.first).readAll().flatMap(\.cells).map { "\($0.address.a1)=\($0.value.text)" }
        #expect(cells == ["A1=Мероприятие", "B1=Значение", "A2=1.1", "B2=42"])
        let keys = try ZipArchive(path: destination, limits: .default).entryNames.map(ZipArchive.partKey)
        #expect(Set(keys).count == keys.count)
    }

    @Test(arguments: ["xlsx/zip_duplicate_entry.xlsx", "xlsx/zip_duplicate_entry_normalized.xlsx"])
    func duplicateEntryNamesAreRefusedWithTheirOwnCode(file: String) throws {
        let error = Fixture.refusal(file)
        #expect(error?.code.rawValue == "file-zip-duplicate-entry")
        #expect(error?.part?.lowercased().replacingOccurrences(of: "\\", with: "/") == "xl/worksheets/sheet1.xml")
        let ru = error?.message(.ru) ?? ""
        let en = error?.message(.en) ?? ""
        #expect(ru.contains("одинаков") && ru.lowercased().contains("sheet1.xml"), "\(ru)")
        #expect(en.contains("same name"), "\(en)")
    }
}
