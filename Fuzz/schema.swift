// Fuzz target: the submission schema loader (YAML).
import Foundation
import Spreadsheet
import SvodModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSchema(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let path = FuzzInput.file(FuzzInput.bytes(start, count), suffix: ".yaml")
    if let schema = try? SubmissionSchema.load(path: path) {
        for column in schema.columns { _ = column.matches(header: column.title) }
    }
    return 0
}
