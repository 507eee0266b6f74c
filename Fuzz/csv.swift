// Fuzz target: CSV bytes through the sniffer (encoding, delimiter), the decoders (UTF-8,
// UTF-16, Windows-1251) and the tokenizer, in every encoding and delimiter, plus the document
// opener and the annotator's CSV path.
import Foundation
import Spreadsheet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = Array(FuzzInput.bytes(start, count))
    var limits = ReadLimits()
    limits.maxCells = 200_000
    _ = try? CSVDialectSniffer.sniff(bytes)
    func drain(_ reader: CSVReader) {
        while let row = try? reader.nextRow() { _ = row.cells.count }
    }
    if let reader = try? CSVReader(data: bytes, name: "fuzz.csv", limits: limits) { drain(reader) }
    for encoding in CSVDialect.TextEncoding.allCases {
        for delimiter in CSVDialect.sniffedDelimiters {
            if let reader = try? CSVReader(data: bytes, name: "fuzz.csv", limits: limits,
                                           dialect: CSVDialect(encoding: encoding, delimiter: delimiter)) { drain(reader) }
        }
    }
    if count < 4096 {
        let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".csv")
        if let document = try? SpreadsheetDocument.open(path: path, limits: limits), let reader = try? document.rows() {
            while let row = try? reader.nextRow() { _ = row }
        }
        try? Annotator.annotate(source: path, destination: path + ".annotated.xlsx", annotations: [])
        unlink(path + ".annotated.xlsx")
    }
    return 0
}
