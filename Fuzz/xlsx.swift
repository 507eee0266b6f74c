// Fuzz target: an XLSX package as raw bytes. Opens it (format sniffing, libzip, package and
// workbook relationships, workbook), streams every row of every sheet (shared strings, styles,
// sheets), then annotates it (the annotator rewrites the submitter's package).
import Foundation
import Spreadsheet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLSX(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".xlsx")
    readAndAnnotate(path)
    return 0
}
