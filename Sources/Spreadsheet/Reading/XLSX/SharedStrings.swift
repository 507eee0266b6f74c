/// The shared strings table (`xl/sharedStrings.xml`), read once per workbook.
///
/// Rich-text runs are concatenated; phonetic runs (`rPh`) are skipped, as Excel shows them only
/// as ruby text.
enum SharedStrings {
    static func read(_ scanner: inout XMLScanner, limits: ReadLimits) throws -> [String] {
        var strings: [String] = []
        var current = ""
        var inItem = false
        var inText = false
        var phoneticDepth = 0
        while true {
            switch try scanner.next() {
            case .end:
                return strings
            case .startTag:
                if scanner.nameIs("si") {
                    if scanner.isSelfClosing {
                        strings.append("")
                    } else {
                        inItem = true
                        current = ""
                    }
                } else if scanner.nameIs("rPh") {
                    if !scanner.isSelfClosing { phoneticDepth += 1 }
                } else if scanner.nameIs("t") {
                    inText = inItem && phoneticDepth == 0 && !scanner.isSelfClosing
                } else if scanner.nameIs("sst"), let count = scanner.attributeRange("uniqueCount").flatMap({ ByteNumber.integer(scanner.bytes($0)) }) {
                    strings.reserveCapacity(min(count, limits.maxCells))
                }
            case .endTag:
                if scanner.nameIs("si") {
                    strings.append(current)
                    inItem = false
                } else if scanner.nameIs("t") {
                    inText = false
                } else if scanner.nameIs("rPh") {
                    phoneticDepth = max(0, phoneticDepth - 1)
                }
            case .text:
                if inText { current += scanner.text }
            }
        }
    }
}
