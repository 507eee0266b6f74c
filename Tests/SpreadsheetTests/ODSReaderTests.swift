import Foundation
import Testing
@testable import Spreadsheet

/// The ODS reader on one hand-made package per quirk (`Fixtures/ods/make_fixtures.py`) and on
/// files LibreOffice saved, which must read exactly like their XLSX originals.
@Suite struct ODSReaderTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Samples/submissions")

    @Test func formatIsDecidedFromBytes() throws {
        #expect(try SpreadsheetDocument.open(path: Fixture.path("ods/repeats.ods")).format == .ods)
        // An .ots template, and a package whose mimetype entry is compressed (found the slow way).
        #expect(try SpreadsheetDocument.open(path: Fixture.path("ods/template.ots")).format == .ods)
        #expect(try SpreadsheetDocument.open(path: Fixture.path("ods/mimetype_deflated.ods")).format == .ods)
        #expect(try Fixture.read("ods/mimetype_deflated.ods").cells == ["A1": .string("a")])
        // The name does not matter: an ODS renamed .xlsx is still read as ODS.
        let directory = try TemporaryDirectory()
        let renamed = directory.path("отчет.xlsx")
        try FileManager.default.copyItem(atPath: Fixture.path("ods/repeats.ods"), toPath: renamed)
        #expect(try SpreadsheetDocument.open(path: renamed).format == .ods)
        #expect(try SpreadsheetDocument.open(path: Fixture.path("xlsx/libreoffice_types.xlsx")).format == .xlsx)
    }

    @Test func repeatedRowsAndColumnsExpandOnlyForContent() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("ods/repeats.ods"))
        let rows = try document.rows().readAll()
        #expect(rows.map(\.index) == [0, 3, 4, 5, 11])
        #expect(rows[0].cells.map(\.address.a1) == ["A1", "D1"])
        for (row, number) in zip(rows[1...3], 4...6) {
            #expect(row.cells.map(\.address.a1) == ["A", "B", "C", "D", "E"].map { "\($0)\(number)" })
            #expect(row.cells.map(\.value) == [.number(7)] + Array(repeating: .string("x"), count: 4))
        }
        #expect(rows[4].cells == [Cell(address: CellAddress(row: 11, column: 3), value: .string("конец"))])
    }

    @Test func hugeTrailingRepeatsCostNothing() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let document = try SpreadsheetDocument.open(path: Fixture.path("ods/huge_trailing_repeat.ods"))
        #expect(try document.rows(.position(1)).readAll().isEmpty)
        let corner = try document.rows(.position(2)).readAll()
        #expect(corner.map(\.index) == [1_048_575])
        #expect(corner.first?.cells.map(\.address.a1) == ["XFD1048576"])
        #expect(clock.now - started < .seconds(2))
    }

    @Test func realExpansionsHitTheSheetCaps() {
        let clock = ContinuousClock()
        let started = clock.now
        // 16,384 columns × 1,048,576 rows of one repeated text: refused before it is expanded.
        #expect(Fixture.refusal("ods/repeat_bomb.ods")?.code == .sheetTooLarge)
        #expect(clock.now - started < .seconds(2))
        #expect(Fixture.refusal("ods/rows_past_cap.ods")?.code == .sheetTooLarge)
        var limits = ReadLimits()
        limits.maxCells = 10
        #expect(Fixture.refusal("ods/repeats.ods", limits: limits)?.code == .sheetTooLarge)
        limits = ReadLimits()
        limits.maxColumns = 4
        #expect(Fixture.refusal("ods/repeats.ods", limits: limits)?.code == .sheetTooLarge)
        limits = ReadLimits()
        limits.maxRows = 5
        #expect(Fixture.refusal("ods/repeats.ods", limits: limits)?.code == .sheetTooLarge)
        // Empty trailing repeats past a lowered cap are not content.
        limits.maxRows = 12
        #expect(Fixture.refusal("ods/repeats.ods", limits: limits) == nil)
    }

    @Test func coveredCellsAndSpansBecomeMergedRanges() throws {
        let (cells, merged) = try Fixture.read("ods/covered_merges.ods")
        #expect(Set(merged) == ["A1:D1", "A2:A3", "B2:C3"])
        #expect(cells == [
            "A1": .string("Заголовок"),
            // A covered cell that still holds text keeps it, as the XLSX reader keeps every <c>.
            "D1": .string("скрыто"),
            "A2": .string("Раздел"), "B2": .number(5), "D2": .string("D2"), "D3": .string("D3"),
        ])
    }

    @Test func everyValueType() throws {
        let (cells, _) = try Fixture.read("ods/value_types.ods")
        #expect(cells["B1"] == .number(-12.5))
        #expect(cells["B2"] == .number(0.25))  // percentage: the stored fraction
        #expect(cells["B3"] == .number(1234.5))  // currency
        #expect(cells["B4"] == date(2021, 1, 15))
        #expect(cells["B5"] == dateTime(2021, 1, 15, 10, 30))
        #expect(cells["B6"] == dateTime(2021, 1, 15, 0, 0))  // its data style shows the time
        #expect(cells["B7"] == date(2021, 1, 15))  // its data style shows only the date
        // A time under a time style is a time of day; 36 hours (no style) can only be a duration.
        #expect(cells["B8"] == .time(seconds: 12 * 3600 + 30 * 60))
        #expect(cells["B9"] == .duration(seconds: 36 * 3600))
        #expect(cells["B10"] == .bool(true))
        #expect(cells["C10"] == .bool(false))
        #expect(cells["B11"] == .string("из атрибута"))
        #expect(cells["B12"] == .error("#DIV/0!"))
        #expect(cells["B13"] == .number(-25))  // a formula's cached value
        #expect(cells["B14"] == .string("просто текст"))
        #expect(cells["B15"] == nil && cells["C15"] == nil)  // void, and an empty string
        #expect(cells["B16"] == .string("когда-то"))  // an unreadable date keeps its text
        #expect(cells["B17"] == .number(1e300))
        #expect(cells["C17"] == .string("x"))  // seconds of 1e300 are no time: the text
    }

    @Test func durations() {
        #expect(ODFDuration.seconds("PT12H30M00S") == 45_000.0)
        #expect(ODFDuration.seconds("-PT6H") == -21_600.0)
        #expect(ODFDuration.seconds("P1DT12H") == 129_600.0)
        #expect(ODFDuration.seconds(" PT1,5S ") == 1.5)
        #expect(ODFDuration.seconds("P0Y0M0DT0H0M30.5S") == 30.5)
        for bad in ["", "P", "PT", "12:30", "PT12", "P1Y", "PTH", "PT1e9999H", "PT1.2.3S"] {
            #expect(ODFDuration.seconds(bad) == nil, "\(bad)")
        }
        // What a time value becomes: by its style, and by its length.
        #expect(ODSTableDecoder.timeValue(seconds: 45_000, kind: .time) == .time(seconds: 45_000))
        #expect(ODSTableDecoder.timeValue(seconds: 45_000, kind: .unknown) == .time(seconds: 45_000))
        #expect(ODSTableDecoder.timeValue(seconds: 86_399.6, kind: .time) == .time(seconds: 0))
        #expect(ODSTableDecoder.timeValue(seconds: 45_000, kind: .elapsed) == .duration(seconds: 45_000))
        #expect(ODSTableDecoder.timeValue(seconds: 86_400, kind: .time) == .duration(seconds: 86_400))
        #expect(ODSTableDecoder.timeValue(seconds: -60, kind: .time) == .duration(seconds: -60))
        #expect(ODSTableDecoder.timeValue(seconds: 1e300, kind: .elapsed) == .number(1e300 / 86_400))
    }

    /// LibreOffice's ODS of the XLSX time fixture (`Fixtures/ods/make_time_fixture.py`): a time
    /// under a time style is a time of day, under an elapsed-time style (`[HH]:MM:SS`, which
    /// LibreOffice writes as `number:truncate-on-overflow="false"`) a duration, as the XLSX
    /// reader reads the original. The first row's styles are the columns' default styles.
    @Test func timeOfDayAndDuration() throws {
        let cells = try Fixture.read("ods/libreoffice_time_of_day_and_duration.ods").cells
        #expect(cells["A1"] == .time(seconds: 14 * 3600 + 30 * 60))  // h:mm
        #expect(cells["B1"] == .time(seconds: 8 * 3600 + 15 * 60 + 31))  // h:mm:ss
        #expect(cells["C1"] == .time(seconds: 0))  // midnight
        #expect(cells["D1"] == .time(seconds: 12 * 3600))  // a format LibreOffice keeps as text
        #expect(cells["E1"] == .time(seconds: 90))  // mm:ss
        // A time of 1,064,582 hours (a date-time under h:mm in the XLSX): only a duration can hold it.
        #expect(cells["F1"] == .duration(seconds: 1_064_582 * 3600 + 30 * 60))
        #expect(cells["A2"] == .duration(seconds: 228 * 3600))  // [h]:mm:ss
        #expect(cells["B2"] == .duration(seconds: 90 * 60))  // under 24 hours, still elapsed
        #expect(cells["C2"] == .duration(seconds: 36 * 3600))  // [hh]:mm
        #expect(cells["D2"] == .duration(seconds: 15 * 60))  // [mm]:ss
        #expect(cells["E2"] == .duration(seconds: -90 * 60))
        #expect(cells["F2"] == .duration(seconds: 0))
        let original = try Fixture.read("xlsx/time_of_day_and_duration.xlsx").cells
        for address in ["A1", "B1", "C1", "D1", "E1", "A2", "B2", "C2", "D2", "E2", "F2"] {
            #expect(cells[address] == original[address], "\(address)")
        }
    }

    @Test func textMarkup() throws {
        let (cells, _) = try Fixture.read("ods/text_markup.ods")
        #expect(cells == [
            "A1": .string("два пробела: a   b"),
            "A2": .string("таб\tи\nперенос"),
            "A3": .string("жирный и ссылка"),
            "A4": .string("первый абзац\nвторой\n\nчетвертый"),
            "A5": .string("с примечанием"),  // the comment is not the cell's text
            "A6": .string("с рисунком"),  // nor is a drawing's
            "A7": .string("<&> Я"),
        ])
    }

    @Test func hiddenSheets() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("ods/hidden_sheet.ods"))
        #expect(document.sheets.map(\.name) == ["Видимый", "Скрытый стилем", "Скрытый атрибутом", "Тоже видимый"])
        #expect(document.sheets.map(\.isVisible) == [true, false, false, true])
        #expect(try document.rows(.name("Тоже видимый")).readAll().first?.cells.first?.value == .string("4"))
        #expect(try document.rows(.position(3)).readAll().first?.cells.first?.value == .string("3"))
        #expect(try document.sheet(.name("скрытый СТИЛЕМ")).index == 1)
        #expect(throws: SpreadsheetError.self) { try document.rows(.position(5)) }
    }

    @Test(arguments: [
        ("ods/encrypted_manifest.ods", SpreadsheetError.Code.encrypted),
        ("ods/text_document.odt", .ods),
        ("ods/no_content.ods", .partMissing),
        ("ods/doctype_entity.ods", .xmlDTD),
        ("ods/truncated_after_row.ods", .xmlMalformed),
    ])
    func refused(file: String, code: SpreadsheetError.Code) {
        let error = Fixture.refusal(file)
        #expect(error?.code == code)
        #expect(error.map { !$0.message(.ru).isEmpty && !$0.message(.en).isEmpty } == true)
    }

    @Test func encryptedMessageSaysPassword() {
        let error = Fixture.refusal("ods/encrypted_manifest.ods")
        #expect(error?.message(.ru).contains("парол") == true)
        #expect(error?.message(.en).contains("password") == true)
    }

    /// Every cell and merge of every sheet, keyed by sheet name.
    static func dump(_ path: String) throws -> [String: (cells: [String: CellValue], merged: Set<String>, visible: Bool)] {
        let document = try SpreadsheetDocument.open(path: path)
        var result: [String: (cells: [String: CellValue], merged: Set<String>, visible: Bool)] = [:]
        for sheet in document.sheets {
            let reader = try document.rows(.position(sheet.index + 1))
            var cells: [String: CellValue] = [:]
            while let row = try reader.nextRow() {
                for cell in row.cells { cells[cell.address.a1] = cell.value }
            }
            result[sheet.name] = (cells, Set(reader.mergedRanges.map(\.a1)), sheet.isVisible)
        }
        return result
    }

    @Test(arguments: [
        (Fixture.path("xlsx/libreoffice_types.xlsx"), Fixture.path("ods/libreoffice_types.ods")),
        // Made by the XLSX fixtures' script from the same data (it was the `file-ods` refusal).
        (Fixture.path("xlsx/libreoffice_types.xlsx"), Fixture.path("xlsx/spreadsheet.ods")),
        (samples.appendingPathComponent("valid/05701000_2021-01.xlsx").path,
         samples.appendingPathComponent("valid/05701000_2021-01_libreoffice.ods").path),
        (samples.appendingPathComponent("invalid/status_and_values.xlsx").path,
         samples.appendingPathComponent("invalid/status_and_values_libreoffice.ods").path),
    ])
    func libreOfficeODSReadsLikeTheXLSXOriginal(xlsx: String, ods: String) throws {
        let original = try Self.dump(xlsx)
        let converted = try Self.dump(ods)
        #expect(try SpreadsheetDocument.open(path: xlsx).sheets.map(\.name) == SpreadsheetDocument.open(path: ods).sheets.map(\.name))
        #expect(Set(original.keys) == Set(converted.keys))
        for (name, sheet) in original {
            let other = try #require(converted[name])
            #expect(sheet.cells == other.cells, "sheet \(name)")
            #expect(sheet.merged == other.merged, "sheet \(name)")
            #expect(sheet.visible == other.visible, "sheet \(name)")
        }
        #expect(original.values.contains { !$0.cells.isEmpty })
    }

    /// Every sheet's rows and merges, and the first refusal met, read through one configuration
    /// of the reader.
    static func readAll(_ name: String, limits: ReadLimits = .default, storeBudget: Int?, prefetchThreshold: Int)
        -> (rows: [String: [Row]], merged: [String: [CellRange]], refusal: SpreadsheetError.Code?) {
        var rows: [String: [Row]] = [:]
        var merged: [String: [CellRange]] = [:]
        do {
            let reader = try ODSReader(path: Fixture.path(name), limits: limits, storeBudget: storeBudget,
                                       prefetchThreshold: prefetchThreshold)
            for sheet in reader.sheets {
                let stream = try reader.rows(.position(sheet.index + 1))
                rows[sheet.name] = []
                while let row = try stream.nextRow() { rows[sheet.name]!.append(row) }
                merged[sheet.name] = stream.mergedRanges
            }
        } catch let error as SpreadsheetError {
            return (rows, merged, error.code)
        } catch {
            Issue.record("\(error)")
        }
        return (rows, merged, nil)
    }

    /// The sheets kept from the one pass over content.xml read exactly as the same sheets
    /// streamed again (a sheet past the budget), with content.xml inflated on the caller's
    /// thread or on a helper thread, refusals included, at the same row.
    @Test(arguments: ["ods/repeats.ods", "ods/covered_merges.ods", "ods/value_types.ods", "ods/text_markup.ods",
                      "ods/hidden_sheet.ods", "ods/huge_trailing_repeat.ods", "ods/libreoffice_types.ods",
                      "ods/libreoffice_time_of_day_and_duration.ods", "ods/repeat_bomb.ods", "ods/rows_past_cap.ods",
                      "ods/truncated_after_row.ods", "ods/doctype_entity.ods", "xlsx/spreadsheet.ods"])
    func keptAndStreamedSheetsReadTheSame(file: String) {
        let kept = Self.readAll(file, storeBudget: nil, prefetchThreshold: .max)
        #expect(kept.refusal != nil || kept.rows.values.contains { !$0.isEmpty })
        for (budget, threshold) in [(0, Int.max), (0, 0), (nil, 0), (200, Int.max)] as [(Int?, Int)] {
            let other = Self.readAll(file, storeBudget: budget, prefetchThreshold: threshold)
            #expect(other.rows == kept.rows, "budget \(budget.map(String.init) ?? "default"), threshold \(threshold)")
            #expect(other.merged == kept.merged)
            #expect(other.refusal == kept.refusal)
        }
        var limits = ReadLimits()
        limits.maxCells = 7
        let capped = Self.readAll(file, limits: limits, storeBudget: nil, prefetchThreshold: .max)
        let cappedStreamed = Self.readAll(file, limits: limits, storeBudget: 0, prefetchThreshold: 0)
        #expect(capped.rows == cappedStreamed.rows)
        #expect(capped.refusal == cappedStreamed.refusal)
    }

    /// The compact form of a kept sheet gives back every value as it went in, across chunks
    /// (a row never spans two; a row larger than a chunk gets one of its own).
    @Test func keptRowsRoundTrip() throws {
        let values: [CellValue] = [
            .number(0), .number(-0.0), .number(1), .number(-1), .number(123_456_789), .number(0.31), .number(1e300),
            .number(-9.5e15), .number(.infinity), .number(-.greatestFiniteMagnitude), .bool(true), .bool(false),
            .string("Выполнено"), .string("ё"), .string("a"), .error("#DIV/0!"), .date(CivilDate(year: 1, month: 1, day: 1)),
            .date(CivilDate(year: 9999, month: 12, day: 31)), .dateTime(CivilDateTime(date: CivilDate(year: 1899, month: 12, day: 30), hour: 23, minute: 59, second: 59)),
            .time(seconds: 0), .time(seconds: 86_399), .duration(seconds: -5400), .duration(seconds: 86_400 * 1_000_000),
        ]
        for chunkSize in [16, 100, 1 << 20] {
            var writer = ODSSheetStoreWriter(budget: .max, pool: nil, chunkSize: chunkSize)
            var expected: [Row] = []
            var index = 3
            for (n, value) in values.enumerated() {
                // Rows of 1…3 runs, gaps between columns and rows, repeats of both.
                var cells: [Cell] = []
                var column = n % 3
                for run in 0..<(n % 3 + 1) {
                    let repeats = run == 1 ? 3 : 1
                    writer.add(row: index, column: column, count: repeats, value: value)
                    for c in column..<column + repeats { cells.append(Cell(address: CellAddress(row: index, column: c), value: value)) }
                    column += repeats + run
                }
                let rowRepeats = n % 4 == 0 ? 2 : 1
                writer.endRow(index: index, repeats: rowRepeats)
                for copy in 0..<rowRepeats {
                    expected.append(Row(index: index + copy, cells: cells.map { Cell(address: CellAddress(row: index + copy, column: $0.address.column), value: $0.value) }))
                }
                index += rowRepeats + n % 2
            }
            // A row far wider than a chunk.
            writer.add(row: index, column: 0, count: 1, value: .number(1))
            var wide = [Cell(address: CellAddress(row: index, column: 0), value: .number(1))]
            for c in stride(from: 2, to: 4000, by: 2) {
                writer.add(row: index, column: c, count: 1, value: .string("x\(c)"))
                wide.append(Cell(address: CellAddress(row: index, column: c), value: .string("x\(c)")))
            }
            writer.endRow(index: index, repeats: 1)
            expected.append(Row(index: index, cells: wide))
            let store = writer.store(mergedRanges: [], error: nil)
            #expect(store.chunks.count > (chunkSize < 1000 ? 2 : 0))
            let rows = try ODSStoredSheetReader(store: store).readAll()
            #expect(rows.count == expected.count)
            for (got, want) in zip(rows, expected) {
                #expect(got.index == want.index)
                #expect(got.cells.map(\.address) == want.cells.map(\.address))
                // By bits: -0.0 and +0.0 are different numbers.
                for (a, b) in zip(got.cells, want.cells) {
                    if case .number(let x) = a.value, case .number(let y) = b.value {
                        #expect(x.bitPattern == y.bitPattern)
                    } else {
                        #expect(a.value == b.value)
                    }
                }
            }
        }
    }

    /// A reader dropped half way stops its helper thread (no hang, no crash).
    @Test func droppingAStreamStopsItsHelperThread() throws {
        for _ in 0..<20 {
            let reader = try ODSReader(path: Fixture.path("ods/libreoffice_types.ods"), storeBudget: 0, prefetchThreshold: 0)
            let stream = try reader.rows(.first)
            _ = try stream.nextRow()
        }
    }

    @Test func rowsStreamFromASecondPassWithoutSharingState() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("ods/repeats.ods"))
        let first = try document.rows()
        let second = try document.rows()
        #expect(try first.nextRow()?.index == 0)
        #expect(try second.readAll().count == 5)
        #expect(try first.readAll().count == 4)
    }

    @Test func annotatingAnODSWritesAnODSOfItsValues() throws {
        let directory = try TemporaryDirectory()
        let target = directory.path("out.ods")
        try Annotator.annotate(source: Fixture.path("ods/value_types.ods"), destination: target, annotations: [
            CellAnnotation(sheet: "Типы", address: CellAddress(a1: "B1"), severity: .error, code: "number-invalid",
                           message: "Не число", value: "-12.5"),
        ])
        let book = try SpreadsheetDocument.open(path: target)
        #expect(book.format == .ods)
        #expect(book.sheets.map(\.name).first == "Типы")
        var cells: [String: CellValue] = [:]
        for row in try book.rows(.name("Типы")).readAll() {
            for cell in row.cells { cells[cell.address.a1] = cell.value }
        }
        #expect(cells["B1"] == .number(-12.5))
        #expect(cells["B4"] == date(2021, 1, 15))
        #expect(cells["B14"] == .string("просто текст"))
    }
}
