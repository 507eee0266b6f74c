import Testing
@testable import Spreadsheet

/// The shared-strings table keeps the first texts as strings and packs the rest; every text
/// must come back exactly, at every boundary (inline limit, chunk ends, a text over a chunk).
@Suite struct SharedStringTableTests {
    @Test func everyTextComesBackExactly() {
        var table = SharedStringTable()
        var expected: [String] = []
        let total = SharedStringTable.inlineLimit + 150_000
        table.reserveCapacity(total)
        for n in 0..<total {
            let text: String
            switch n % 7 {
            case 0: text = ""
            case 1: text = "Вставленная строка \(n) «с кавычками»"
            case 2: text = "\(n)"
            case 3: text = String(repeating: "ж", count: n % 900)
            default: text = "row \(n) ёЁ 😀"
            }
            table.append(text)
            expected.append(text)
        }
        let huge = String(repeating: "я", count: SharedStringTable.chunkBytes)  // 2 MiB of UTF-8
        table.append(huge)
        expected.append(huge)
        table.append("after the huge one")
        expected.append("after the huge one")
        #expect(table.count == expected.count)
        var mismatches = 0
        for index in 0..<expected.count where table[index] != expected[index] { mismatches += 1 }
        #expect(mismatches == 0)
    }
}
