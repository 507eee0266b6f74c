// Fuzz target: the XML parts of a package, rezipped intact, so mutations reach the XML scanner
// instead of dying in libzip's CRC check. The input is split on the byte sequence "\n--\n" into
// xl/worksheets/sheet1.xml, xl/sharedStrings.xml, xl/styles.xml, xl/workbook.xml,
// xl/_rels/workbook.xml.rels and _rels/.rels (missing ones take the defaults below).
import Foundation
import Spreadsheet

private let defaults: [(String, String)] = [
    ("xl/worksheets/sheet1.xml", #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>44256</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#),
    ("xl/sharedStrings.xml", #"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>Отчет</t></si></sst>"#),
    ("xl/styles.xml", #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd.mm.yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>"#),
    ("xl/workbook.xml", #"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Лист1" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
    ("xl/_rels/workbook.xml.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#),
    ("_rels/.rels", #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
]

/// The package an input stands for (also used to write the seed corpus: see build.sh).
func packageParts(_ input: [UInt8]) -> [(name: String, data: [UInt8])] {
    var pieces: [[UInt8]] = []
    var current: [UInt8] = []
    var i = 0
    let separator: [UInt8] = Array("\n--\n".utf8)
    while i < input.count {
        if i + separator.count <= input.count, Array(input[i..<i + separator.count]) == separator {
            pieces.append(current)
            current = []
            i += separator.count
            continue
        }
        current.append(input[i])
        i += 1
    }
    pieces.append(current)
    return defaults.enumerated().map { n, entry in (entry.0, n < pieces.count ? pieces[n] : Array(entry.1.utf8)) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSXParts(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = Array(FuzzInput.bytes(start, count))
    let zip = FuzzZip.make(packageParts(input))
    let path = zip.withUnsafeBytes { FuzzInput.file($0, suffix: ".xlsx") }
    readAndAnnotate(path)
    return 0
}
