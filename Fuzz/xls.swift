// Fuzz target: an Excel 97–2003 workbook as raw bytes. Opens it (format sniffing, the compound
// file's header, FAT/DIFAT, directory, mini stream; the BIFF8 workbook globals: BOF, BOUNDSHEET,
// SST with CONTINUE, FORMAT, XF), streams every row of every sheet (RK, MULRK, FORMULA with
// STRING, LABELSST, BOOLERR, MERGEDCELLS), then annotates it (a new workbook from the values).
import Foundation
import Spreadsheet

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXLS(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".xls")
    readAndAnnotate(path)
    return 0
}
