// Fuzz target: the deadline grammar (lexer, recursive-descent grammar, interpreter). The first
// byte picks the roadmap period; the rest is the deadline text (invalid UTF-8 is repaired, as
// every cell text is valid Unicode by the time it reaches the parser).
import Foundation
import Spreadsheet
import SvodModel

private let periods: [RoadmapPeriod] = [
    .calendarYear(2021), .schoolYear(startingIn: 2020), .years(2020, through: 2022), .calendarYear(2023),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDeadline(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = FuzzInput.bytes(start, count)
    guard let first = bytes.first else { return 0 }
    let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
    let parse = DeadlineParser.parse(text, period: periods[Int(first) % periods.count])
    _ = parse.warnings.count
    _ = parse.schedule.dueMonths()
    return 0
}
