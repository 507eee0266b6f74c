import Foundation
import Testing
@testable import Spreadsheet

/// The annotated copy of the OOXML flavours a clerk may send: a strict package gets parts in
/// strict namespaces, a macro-enabled workbook stays macro-enabled (and is named so), a
/// template's copy is a workbook. Fixtures: Fixtures/annotate/make_package_flavours.py.
@Suite("Package flavours of the annotated copy")
struct PackageFlavourTests {
    typealias A = AnnotatorTests

    static let transitionalMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let transitionalRelationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    static let annotations: [CellAnnotation] = [
        A.error("Данные", "A1", "title-invalid", "Заголовок не совпадает с шаблоном", value: "Привет"),
        A.warning("Данные", "B3", "negative", "Отрицательное значение", value: "-3"),
        A.error("Данные", "F9", "required", "Не заполнено обязательное поле «Итого»"),
        A.error("", nil, "file-late", "Отчёт сдан позже срока"),
    ]

    /// The bytes of every entry of a package, by name.
    static func entries(_ path: String) throws -> [String: [UInt8]] {
        let archive = try ZipArchive(path: path, limits: .default)
        var result: [String: [UInt8]] = [:]
        for name in archive.entryNames { result[name] = try archive.readAll(name) }
        return result
    }

    static func text(_ bytes: [UInt8]?) -> String { String(decoding: bytes ?? [], as: UTF8.self) }

    // MARK: Strict

    @Test func strictPackageGetsStrictPartsOnly() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("annotate/strict_libreoffice_types.xlsx")
        #expect(try Annotator.plan(source: source) == AnnotatedCopyPlan(format: .xlsx, source: .xlsx))
        let annotated = try A.annotate("annotate/strict_libreoffice_types.xlsx", Self.annotations, in: directory)
        try A.assertOriginalsKept(source: source, annotated: annotated)

        let before = try Self.entries(source)
        let after = try Self.entries(annotated)
        // The source has no transitional name anywhere; neither may the copy.
        for (name, bytes) in before where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            #expect(!Self.text(bytes).contains(Self.transitionalMain), "\(name)")
        }
        for (name, bytes) in after where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            let xml = Self.text(bytes)
            #expect(!xml.contains(Self.transitionalMain), "\(name) uses the transitional spreadsheetml namespace")
            #expect(!xml.contains(Self.transitionalRelationships), "\(name) uses a transitional relationship name")
        }
        // The added parts: the summary sheet, the comments, their relationships.
        let added = Set(after.keys).subtracting(before.keys)
        let summary = try #require(added.first { $0.hasPrefix("xl/worksheets/sheet") && $0.hasSuffix(".xml") })
        #expect(Self.text(after[summary]).contains("<worksheet xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\""))
        let comments = try #require(added.first { $0.contains("comments") && $0.hasSuffix(".xml") })
        #expect(Self.text(after[comments]).contains("<comments xmlns=\"http://purl.oclc.org/ooxml/spreadsheetml/main\""))
        let sheetRelationships = try #require(added.first { $0.hasPrefix("xl/worksheets/_rels/") })
        #expect(Self.text(after[sheetRelationships]).contains("Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/comments\""))
        #expect(Self.text(after[sheetRelationships]).contains("Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/vmlDrawing\""))
        #expect(Self.text(after["xl/_rels/workbook.xml.rels"]).contains("Type=\"http://purl.oclc.org/ooxml/officeDocument/relationships/worksheet\""))

        // The copy is read as the source was: highlights and comments on the flagged cells.
        let flagged = try A.cellStyles(annotated, part: "xl/worksheets/sheet1.xml").styles
        let styles = try A.styleSheet(annotated)
        #expect(styles.fill(ofStyle: flagged["A1"] ?? 0) == A.red)
        #expect(styles.fill(ofStyle: flagged["B3"] ?? 0) == A.yellow)
        let notes = try A.comments(annotated, part: comments)
        #expect(notes["F9"]?.contains("required") == true)
    }

    /// LibreOffice opens the strict copy: the «Проверка» sheet and the comments survive a
    /// round trip through it.
    @Test(.enabled(if: AnnotatorTests.soffice != nil, "LibreOffice (soffice) is not installed"), .timeLimit(.minutes(3)))
    func libreOfficeOpensTheStrictCopy() throws {
        let directory = try TemporaryDirectory()
        let annotated = try A.annotate("annotate/strict_libreoffice_types.xlsx", Self.annotations, in: directory, name: "strict.xlsx")
        let out = directory.path("converted")
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: AnnotatorTests.soffice!)
        process.arguments = ["-env:UserInstallation=file://" + directory.path("profile"), "--headless", "--norestore",
                             "--convert-to", "xlsx", "--outdir", out, annotated]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let roundTrip = out + "/strict.xlsx"
        #expect(try SpreadsheetDocument.open(path: roundTrip).sheets.map(\.name) == ["Данные", "Справочник", "Проверка"])
        let texts = try Self.entries(roundTrip).filter { $0.key.contains("comments") }.map { Self.text($0.value) }.joined()
        #expect(texts.contains("Не заполнено обязательное поле «Итого»"))
        let before = try A.contents(Fixture.path("annotate/strict_libreoffice_types.xlsx"))
        // (LibreOffice rewrites the first sheet's number formats; the second keeps its values.)
        #expect(try A.contents(roundTrip)[1].cells == before[1].cells)
    }

    // MARK: Macro-enabled

    @Test func macroEnabledWorkbookStaysMacroEnabled() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("annotate/libreoffice_macro_enabled.xlsm")
        #expect(try Annotator.plan(source: source) == AnnotatedCopyPlan(format: .xlsm, source: .xlsx))
        #expect(AnnotatedFormat.xlsm.fileExtension == "xlsm")
        let annotated = try A.annotate("annotate/libreoffice_macro_enabled.xlsm", Self.annotations, in: directory,
                                       name: "book.checked.xlsm")
        try A.assertOriginalsKept(source: source, annotated: annotated)
        let types = Self.text(try Self.entries(annotated)["[Content_Types].xml"])
        #expect(types.contains("<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.ms-excel.sheet.macroEnabled.main+xml\"/>"))
        // The copy is macro-enabled content under a macro-enabled name: the plan of the copy
        // is the plan of the source.
        #expect(try Annotator.plan(source: annotated) == AnnotatedCopyPlan(format: .xlsm, source: .xlsx))
        // Every part the annotation does not edit (a macro project among them) is kept as it was.
        let before = try Self.entries(source)
        let after = try Self.entries(annotated)
        let edited: Set<String> = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                                   "xl/worksheets/sheet1.xml"]
        for (name, bytes) in before where !edited.contains(name) {
            #expect(after[name] == bytes, "\(name) changed")
        }
    }

    // MARK: Template

    @Test func templatesCopyIsAWorkbook() throws {
        let directory = try TemporaryDirectory()
        let source = Fixture.path("annotate/template_libreoffice_types.xltx")
        #expect(Self.text(try Self.entries(source)["[Content_Types].xml"]).contains("spreadsheetml.template.main+xml"))
        #expect(try Annotator.plan(source: source) == AnnotatedCopyPlan(format: .xlsx, source: .xlsx))
        let annotated = try A.annotate("annotate/template_libreoffice_types.xltx", Self.annotations, in: directory)
        try A.assertOriginalsKept(source: source, annotated: annotated)
        let types = Self.text(try Self.entries(annotated)["[Content_Types].xml"])
        #expect(!types.contains("template.main+xml"))
        #expect(types.contains("ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\""))
    }

    // MARK: Conversions

    @Test func csvAndXLSCopiesAreConversions() throws {
        let csv = try Annotator.plan(source: Fixture.path("csv/cp1251_semicolon.csv"))
        #expect(csv == AnnotatedCopyPlan(format: .xlsx, source: .csv))
        #expect(csv.isConversion)
        let xls = try Annotator.plan(source: Fixture.path("xls/libreoffice_status_and_values.xls"))
        #expect(xls == AnnotatedCopyPlan(format: .xlsx, source: .xls))
        #expect(xls.isConversion)
        let plain = try Annotator.plan(source: Fixture.path("xlsx/libreoffice_types.xlsx"))
        #expect(plain == AnnotatedCopyPlan(format: .xlsx, source: .xlsx))
        #expect(!plain.isConversion)
    }
}
