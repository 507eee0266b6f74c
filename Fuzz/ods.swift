// Fuzz target: an ODS package as raw bytes. Opens it (format sniffing, libzip, mimetype,
// manifest, the content.xml survey of sheets and styles), streams every row of every sheet
// (repeats, spans, value types, text markup), then annotates it (an ODS becomes a workbook of
// its values, annotated like a CSV report).
import Foundation
import Spreadsheet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzODS(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".ods")
    readAndAnnotate(path)
    return 0
}
