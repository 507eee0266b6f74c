import Foundation
import Testing
@testable import Spreadsheet

/// Excel 97–2003 `.xls` (BIFF8 in a compound file): the hand-built fixtures of
/// `Fixtures/xls/make_fixtures.py`, one per quirk, and LibreOffice's conversions of the samples.
@Suite struct XLSReaderTests {
    @Test func formatIsDecidedFromTheBytes() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xls/rk_mulrk.xls"))
        #expect(document.format == .xls)
        #expect(document.sheets.map(\.name) == ["Числа"])
        #expect(document.csvDialect == nil)
        // A BIFF8 workbook named .xlsx is still read as what it is.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("svod-xls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let renamed = directory.appendingPathComponent("report.xlsx").path
        try FileManager.default.copyItem(atPath: Fixture.path("xls/rk_mulrk.xls"), toPath: renamed)
        #expect(try SpreadsheetDocument.open(path: renamed).format == .xls)
    }

    @Test func sharedStringsSplitAcrossContinueWithAFlagChange() throws {
        let (cells, _) = try Fixture.read("xls/sst_continue_flag_change.xls")
        #expect(cells["A1"] == .string("Отчет"))
        // Begun as 8-bit characters, continued as 16-bit after the CONTINUE's own flag byte.
        #expect(cells["B1"] == .string("Mixed ascii then Кириллица"))
        // Rich-text runs and phonetic data (split by a CONTINUE) are skipped, not read as text.
        #expect(cells["A2"] == .string("Жирный текст"))
        #expect(cells["D3"] == .string("после"))
        #expect(cells.count == 4)
    }

    @Test func rkAndMulRKNumbers() throws {
        let (cells, _) = try Fixture.read("xls/rk_mulrk.xls")
        #expect(cells["A1"] == .number(42))
        #expect(cells["B1"] == .number(-7))
        #expect(cells["C1"] == .number(12.34))
        #expect(cells["D1"] == .number(2.5))
        #expect(cells["E1"] == .number(0.015))
        #expect(cells["C2"] == .number(1))
        #expect(cells["D2"] == .number(2))
        #expect(cells["E2"] == .number(3))
        #expect(cells["A3"] == .number(3.14159))
        #expect(BIFF.rkValue(0x0000_0002 | UInt32(bitPattern: Int32(-1) << 2)) == -1)
    }

    @Test func formulaCachedResults() throws {
        let (cells, _) = try Fixture.read("xls/formula_string.xls")
        #expect(cells["A1"] == .number(10.5))
        #expect(cells["B1"] == .string("Выполнено"))  // from the STRING record that follows
        #expect(cells["C1"] == .bool(true))
        #expect(cells["D1"] == .error("#DIV/0!"))
        #expect(cells["E1"] == nil)  // an empty-string result
        #expect(cells["A2"] == .string("abcгде"))  // a STRING record continued, 8-bit then 16-bit
    }

    @Test func boolErrAndBlanks() throws {
        let (cells, _) = try Fixture.read("xls/boolerr_blank.xls")
        #expect(cells == ["A1": .bool(true), "B1": .bool(false), "C1": .error("#DIV/0!"), "D1": .error("#N/A")])
    }

    @Test func mergedCells() throws {
        let (cells, merged) = try Fixture.read("xls/mergedcells.xls")
        #expect(cells == ["A1": .string("Заголовок"), "B3": .string("Раздел")])
        #expect(merged == ["A1:D1", "B3:B5"])
    }

    @Test func customDateFormatsAnd1904() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xls/date1904_custom_format.xls"))
        #expect(document.dateSystem == .date1904)
        let (cells, _) = try Fixture.read("xls/date1904_custom_format.xls")
        #expect(cells["A1"] == date(2020, 1, 1))  // dd/mm/yyyy
        #expect(cells["B1"] == .number(2021))  // "г."0: a quoted literal, not a date
        #expect(cells["C1"] == date(2020, 1, 1))  // [$-419]d mmmm yyyy;@
        #expect(cells["D1"] == date(1904, 1, 1))  // built-in 14, serial 0 in 1904
        #expect(cells["E1"] == dateTime(2020, 1, 1, 12, 0))  // built-in 22
        #expect(cells["F1"] == date(1904, 4, 10))  // an RK cell with a date format
        #expect(cells["G1"] == .time(seconds: 18 * 3600))  // hh:mm:ss below 1: a time of day, as in XLSX
        #expect(cells["H1"] == .number(42369))  // General
    }

    @Test func hiddenSheetsAndWorksheetsOnly() throws {
        let document = try SpreadsheetDocument.open(path: Fixture.path("xls/hidden_sheet.xls"))
        // The chart sheet is not listed; hidden and very hidden sheets are, marked.
        #expect(document.sheets == [
            SheetInfo(name: "Видимый", index: 0), SheetInfo(name: "Скрытый", index: 1, isVisible: false),
            SheetInfo(name: "Очень скрытый", index: 2, isVisible: false),
        ])
        #expect(try document.rows(.name("Скрытый")).readAll().first?[0] == .number(2))
        #expect(try document.rows(.position(3)).readAll().first?[0] == .number(3))
        #expect(throws: SpreadsheetError.self) { try document.rows(.position(4)) }
    }

    @Test func labelAndRStringAndColumnOrder() throws {
        let (cells, _) = try Fixture.read("xls/label_rstring.xls")
        #expect(cells["A1"] == .string("Café"))  // 8-bit "compressed" characters are Latin-1
        #expect(cells["B1"] == .string("Ярославль"))
        #expect(cells["A2"] == .string("жирный"))
        let rows = try SpreadsheetDocument.open(path: Fixture.path("xls/label_rstring.xls")).rows().readAll()
        #expect(rows.map(\.index) == [0, 1, 2])
        #expect(rows[2].cells.map(\.address.a1) == ["B3", "D3"])  // sorted within the row
    }

    @Test func embeddedChartSubstreamIsSkipped() throws {
        let (cells, _) = try Fixture.read("xls/embedded_chart.xls")
        #expect(cells == ["A1": .number(1), "A2": .number(2)])
    }

    @Test func fourKilobyteSectors() throws {
        let rows = try SpreadsheetDocument.open(path: Fixture.path("xls/sector_4096.xls")).rows().readAll()
        #expect(rows.count == 401)
        #expect(rows[399][0] == .number(399))
        #expect(rows[400][1] == .string("конец"))
    }

    /// LibreOffice's own `.xls` of the reader's type fixture reads as its XLSX does.
    @Test func libreOfficeTypesMatchTheXLSX() throws {
        let xls = try Fixture.read("xlsx/legacy.xls")
        let xlsx = try Fixture.read("xlsx/libreoffice_types.xlsx")
        #expect(xls.cells == xlsx.cells)
        #expect(Set(xls.merged) == Set(xlsx.merged))
    }

    /// A sample report saved by LibreOffice as `.xls`: every sheet, cell for cell, as the XLSX.
    @Test(arguments: [("xls/libreoffice_05701000_2021-01.xls", "valid/05701000_2021-01.xlsx"),
                      ("xls/libreoffice_status_and_values.xls", "invalid/status_and_values.xlsx")])
    func libreOfficeReportMatchesTheXLSX(xls: String, xlsx: String) throws {
        let samples = Fixture.root.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Samples/submissions")
        let left = try SpreadsheetDocument.open(path: Fixture.path(xls))
        let right = try SpreadsheetDocument.open(path: samples.appendingPathComponent(xlsx).path)
        #expect(left.sheets == right.sheets)
        for sheet in left.sheets {
            let a = try left.rows(.position(sheet.index + 1))
            let b = try right.rows(.position(sheet.index + 1))
            #expect(try a.readAll() == b.readAll())
            #expect(Set(a.mergedRanges) == Set(b.mergedRanges))
        }
    }

    @Test(arguments: [
        ("xls/filepass.xls", SpreadsheetError.Code.encrypted),
        ("xls/encrypted_ooxml.xls", .encrypted),
        ("xlsx/encrypted.xlsx", .encrypted),
        ("xls/biff5_book_stream.xls", .legacyXLS),
        ("xls/biff5_version_in_workbook.xls", .legacyXLS),
        ("xls/fat_loop.xls", .corrupt),
        ("xls/fat_sector_out_of_range.xls", .corrupt),
        ("xls/truncated_stream.xls", .corrupt),
        ("xls/truncated_record.xls", .corrupt),
        ("xls/word_document.xls", .unknownFormat),
        ("xls/book.xlsb", .xlsb),
    ])
    func refusals(fixture: String, code: SpreadsheetError.Code) {
        let error = Fixture.refusal(fixture)
        #expect(error?.code == code, "\(fixture): \(String(describing: error))")
        #expect(error?.file == Fixture.path(fixture))
    }

    @Test func refusalMessagesNameTheReason() throws {
        let biff5 = try #require(Fixture.refusal("xls/biff5_book_stream.xls"))
        #expect(biff5.message(.en).contains("Excel 5.0/95"))
        #expect(biff5.message(.ru).contains("5.0/95"))
        let xlsb = try #require(Fixture.refusal("xls/book.xlsb"))
        #expect(xlsb.code.rawValue == "file-xlsb")
        #expect(xlsb.message(.ru).contains(".xlsb"))
        let loop = try #require(Fixture.refusal("xls/fat_loop.xls"))
        #expect(loop.message(.en).contains("loops"))
    }

    @Test func capsApply() throws {
        var limits = ReadLimits()
        limits.maxEntryBytes = 4096
        #expect(Fixture.refusal("xls/sector_4096.xls", limits: limits)?.code == .tooLarge)
        limits = ReadLimits()
        limits.maxRows = 100
        #expect(Fixture.refusal("xls/sector_4096.xls", limits: limits)?.code == .sheetTooLarge)
        limits = ReadLimits()
        limits.maxCells = 50
        #expect(Fixture.refusal("xls/sector_4096.xls", limits: limits)?.code == .sheetTooLarge)
        limits = ReadLimits()
        limits.maxColumns = 2
        #expect(Fixture.refusal("xls/rk_mulrk.xls", limits: limits)?.code == .sheetTooLarge)
    }

    /// The Workbook stream is read through a window that slides over it: a window of a few
    /// bytes (every record makes it slide, the SST with its CONTINUE records makes it grow)
    /// reads every fixture as the default one does, refusals included.
    @Test(arguments: ["xls/rk_mulrk.xls", "xls/sst_continue_flag_change.xls", "xls/formula_string.xls",
                      "xls/boolerr_blank.xls", "xls/mergedcells.xls", "xls/date1904_custom_format.xls",
                      "xls/hidden_sheet.xls", "xls/label_rstring.xls", "xls/embedded_chart.xls", "xls/sector_4096.xls",
                      "xls/libreoffice_05701000_2021-01.xls", "xls/libreoffice_roadmap_gorodets-2020.xls",
                      "xls/truncated_record.xls", "xls/truncated_stream.xls", "xls/fat_loop.xls", "xlsx/legacy.xls"])
    func slidingWindowReadsTheSame(file: String) {
        func read(_ windowSize: Int) -> (rows: [[Row]], merged: [[CellRange]], refusal: SpreadsheetError.Code?) {
            var rows: [[Row]] = []
            var merged: [[CellRange]] = []
            do {
                let reader = try XLSReader(path: Fixture.path(file), limits: .default, windowSize: windowSize)
                for sheet in reader.sheets {
                    let stream = try reader.rows(.position(sheet.index + 1))
                    rows.append(try stream.readAll())
                    merged.append(stream.mergedRanges)
                }
            } catch let error as SpreadsheetError {
                return (rows, merged, error.code)
            } catch {
                Issue.record("\(error)")
            }
            return (rows, merged, nil)
        }
        let whole = read(1 << 20)
        for size in [1, 7, 100, 4096] {
            let windowed = read(size)
            #expect(windowed.rows == whole.rows, "window \(size)")
            #expect(windowed.merged == whole.merged)
            #expect(windowed.refusal == whole.refusal)
        }
    }

    /// Two sheets read at once, each through its own window.
    @Test func sheetsReadAtOnceKeepTheirOwnPlace() throws {
        let reader = try XLSReader(path: Fixture.path("xls/libreoffice_05701000_2021-01.xls"), limits: .default, windowSize: 64)
        let all = try reader.sheets.map { try reader.rows(.position($0.index + 1)).readAll() }
        let streams = try reader.sheets.map { try reader.rows(.position($0.index + 1)) }
        var interleaved = Array(repeating: [Row](), count: streams.count)
        var active = true
        while active {
            active = false
            for (index, stream) in streams.enumerated() {
                if let row = try stream.nextRow() {
                    interleaved[index].append(row)
                    active = true
                }
            }
        }
        #expect(interleaved == all)
        #expect(all.count > 1)
    }

    /// Every prefix and every single-byte damage of a small workbook ends in rows or a coded
    /// refusal (checked reads everywhere).
    @Test func everyTruncationAndByteFlipIsCodedOrRead() throws {
        for name in ["xls/sst_continue_flag_change.xls", "xls/formula_string.xls", "xls/date1904_custom_format.xls"] {
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: Fixture.path(name))))
            var damaged: [[UInt8]] = stride(from: 0, to: original.count, by: 17).map { Array(original.prefix($0)) }
            for offset in stride(from: 0, to: original.count, by: 11) {
                var copy = original
                copy[offset] ^= 0xFF
                damaged.append(copy)
            }
            for bytes in damaged {
                do {
                    let book = try CompoundFile(bytes: bytes, file: name, limits: .default)
                    _ = book.entries
                } catch {
                    // A coded SpreadsheetError (typed throws): nothing else can come out.
                }
                let directory = FileManager.default.temporaryDirectory
                let path = directory.appendingPathComponent("svod-xls-mutant-\(getpid()).xls").path
                _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
                defer { try? FileManager.default.removeItem(atPath: path) }
                do {
                    let document = try SpreadsheetDocument.open(path: path)
                    for sheet in document.sheets { _ = try document.rows(.position(sheet.index + 1)).readAll() }
                } catch is SpreadsheetError {
                } catch {
                    Issue.record("\(name): an uncoded error \(error)")
                }
            }
        }
    }
}
