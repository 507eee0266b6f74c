// Fuzz target: the text cleaner (`TextCleaner.clean` strips stray HTML and entities and
// collapses white space; `fold` makes the comparison key).
import Foundation
import Spreadsheet
import SvodModel

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzText(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let text = String(decoding: FuzzInput.bytes(start, count), as: UTF8.self)
    let cleaned = TextCleaner.clean(text)
    let folded = TextCleaner.fold(text)
    _ = TextCleaner.fold(cleaned) == folded
    _ = folded.includes(TextCleaner.fold(cleaned))
    _ = TextKey(folded) == TextKey(cleaned)
    return 0
}
