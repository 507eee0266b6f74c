import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

@Suite struct JSONTextTests {
    @Test func escapesOnlyWhatJSONRequires() {
        #expect(JSONText.string("Отчёт \"№5\"\n\t\\") == "\"Отчёт \\\"№5\\\"\\n\\t\\\\\"")
        #expect(JSONText.string("\u{01}") == "\"\\u0001\"")
    }

    @Test func numbersAreShortestAndIntegralWithoutFraction() {
        #expect(JSONText.number(3) == "3")
        #expect(JSONText.number(-0.5) == "-0.5")
        #expect(JSONText.number(0.1) == "0.1")
        #expect(JSONText.number(.infinity) == "null")
    }

    @Test func cellValues() {
        #expect(JSONText.value(.date(CivilDate(year: 2021, month: 3, day: 1))) == "\"2021-03-01\"")
        #expect(JSONText.value(.bool(false)) == "false")
        #expect(JSONText.value(.empty) == "null")
    }
}
