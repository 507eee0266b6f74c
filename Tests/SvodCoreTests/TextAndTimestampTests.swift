import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodChecks
@testable import SvodConsolidation
@testable import SvodRun

/// The hand-written text helpers on validation's hot path, against what they replaced.
@Suite struct TextHelperTests {
    @Test func foldLowersCyrillicAndLatinAndTurnsPunctuationIntoSingleSpaces() {
        #expect(TextCleaner.fold("  Выполнено!  ") == "выполнено")
        #expect(TextCleaner.fold("ЁЛКИ-палки, Ёж") == "елки палки еж")
        #expect(TextCleaner.fold("№ п/п") == "№ п п")
        #expect(TextCleaner.fold("Status (ID)") == "status id")
        #expect(TextCleaner.fold("Ωμέγα 2021") == "ωμέγα 2021")
        #expect(TextCleaner.fold("a&nbsp;<b>b</b>") == "a b")
        #expect(TextCleaner.fold("—") == "")
        #expect(TextCleaner.fold("") == "")
        // Folding is idempotent, so folded keys can be looked up directly.
        for text in ["Дата заполнения:", "Не требуется", "Mixed Регистр ё 12,5 %"] {
            #expect(TextCleaner.fold(TextCleaner.fold(text)) == TextCleaner.fold(text))
        }
    }

    /// A bare `&` or `<` (a phone number, «R&D», «<5 лет») once sent `fold` and `clean` into
    /// each other until the stack overflowed: one clerk's phone number stopped a region.
    @Test func foldTakesBareMarkupCharactersAsPunctuation() {
        #expect(TextCleaner.fold("8 (423) 312-23-11 & 312-23-12") == "8 423 312 23 11 312 23 12")
        #expect(TextCleaner.fold("R&D") == "r d")
        #expect(TextCleaner.fold("<5 лет") == "5 лет")
        #expect(TextCleaner.fold("a < b & c; <p>d</p> &amp; e") == "a b c d e")
        #expect(TextCleaner.fold("&&&<<<&;&#;<>") == "")
        #expect(TextCleaner.clean("R&D <5 лет") == "R&D <5 лет")
        for text in ["R&D", "<5 лет", "&", "<"] { #expect(TextCleaner.fold(TextCleaner.fold(text)) == TextCleaner.fold(text)) }
    }

    @Test func cleanLeavesCleanTextAloneAndMendsTheRest() {
        #expect(TextCleaner.clean("Артемовский городской округ") == "Артемовский городской округ")
        #expect(TextCleaner.isClean("Артемовский городской округ"))
        #expect(TextCleaner.clean(" a  b ") == "a b")
        #expect(TextCleaner.clean("a\u{00A0}b\tc\nd") == "a b c d")
        #expect(TextCleaner.clean("МБОУ «СОШ № 5»") == "МБОУ «СОШ № 5»")
        #expect(TextCleaner.clean("a\u{2003}\u{3000}b") == "a b")
        #expect(TextCleaner.clean("x&nbsp;<br/>y &amp; z") == "x y & z")
        #expect(TextCleaner.clean("") == "")
        for text in [" a", "a ", "a  b", "a\tb", "a<b>", "a&amp;", "a\u{00A0}"] { #expect(!TextCleaner.isClean(text), "\(text)") }
    }

    @Test func trimmedAndBlankKnowUnicodeWhiteSpace() {
        #expect(" \u{00A0}текст\t\n".trimmed == "текст")
        #expect("текст".trimmed == "текст")
        #expect("\u{2003}a b\u{3000}".trimmed == "a b")
        #expect("   ".trimmed == "")
        #expect("".isBlank && " \u{00A0}\r\n\u{202F}".isBlank)
        #expect(!" я ".isBlank && !"\u{00A0}x".isBlank)
    }

    @Test func fileNamesAsNSStringGivesThem() {
        for path in ["a/b/отчет.xlsx", "отчет.xlsx", "/abs/dir/", "dir//x.csv", "/", "", "a/b//", "./x"] {
            #expect(path.fileName == (path as NSString).lastPathComponent, "\(path)")
        }
    }

    @Test func textKeysCompareBytes() {
        #expect(TextKey("выполнено") == TextKey(String("выполнено".reversed().reversed())))
        #expect(TextKey("выполнено") != TextKey("выполнена"))
        #expect(Set([TextKey("а"), TextKey("а"), TextKey("б")]).count == 2)
        #expect("код октмо".includes("октмо") && !"окт".includes("октмо"))
    }

    @Test func titleLabelsAreRecognisedWithoutFoundation() {
        #expect(TitleField.recognise("Код ОКТМО:") == .oktmo)
        #expect(TitleField.recognise("Муниципальное образование") == .municipality)
        #expect(TitleField.recognise("МО") == .municipality)
        #expect(TitleField.recognise("Отчетный период") == .period)
        #expect(TitleField.recognise("Дата заполнения") == .filledOn)
        #expect(TitleField.recognise("Ответственный исполнитель (ФИО)") == .person)
        #expect(TitleField.recognise("Телефон") == .phone)
        #expect(TitleField.recognise("Артемовский городской округ") == nil)
        #expect(TitleField.recognise(String(repeating: "отчетный ", count: 10)) == nil)
    }
}

@Suite struct TimestampTests {
    static let zone = "Asia/Vladivostok"

    static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func parsesTheFormsOperatorsType() {
        #expect(Timestamp.parse("2021-04-12", zone: Self.zone) == Self.utc("2021-04-12T13:59:59Z"))
        #expect(Timestamp.parse("2021-04-12T10:15", zone: Self.zone) == Self.utc("2021-04-12T00:15:00Z"))
        #expect(Timestamp.parse(" 2021-04-12 10:15:30 ", zone: Self.zone) == Self.utc("2021-04-12T00:15:30Z"))
        #expect(Timestamp.parse("2021-04-12T10:15Z", zone: Self.zone) == Self.utc("2021-04-12T10:15:00Z"))
        #expect(Timestamp.parse("2021-04-12T10:15:00+03:00", zone: Self.zone) == Self.utc("2021-04-12T07:15:00Z"))
        #expect(Timestamp.parse("2021-04-12T10:15-0130", zone: Self.zone) == Self.utc("2021-04-12T11:45:00Z"))
    }

    @Test func refusesWhatIsNotATimestamp() {
        for text in ["", "2021-04-12T", "2021-04-12T10", "2021-04-12T25:00", "2021-04-12T10:60", "2021-04-12T10:00:5",
                     "2021-04-12T10:00+03", "2021-04-12T10:00Zjunk", "2021-04-12X10:00", "2021-13-12T10:00", "вчера"] {
            #expect(Timestamp.parse(text, zone: Self.zone) == nil, "\(text)")
        }
    }

    @Test func roundTripsItsOwnOutput() {
        let instant = Self.utc("2021-04-12T00:15:00Z")
        #expect(Timestamp.parse(Timestamp.iso(instant, zone: Self.zone), zone: Self.zone) == instant)
    }
}

@Suite struct SubmissionFolderTests {
    @Test func scanFindsSubmissionsBelowTheFolderWithReceiptTimes() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("svod-scan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for folder in ["", "/май", "/.archive"] { try fm.createDirectory(atPath: root + folder, withIntermediateDirectories: true) }
        for file in ["/b.xlsx", "/a.csv", "/май/c.xlsx", "/.hidden.xlsx", "/.archive/old.xlsx", "/README.md"] {
            #expect(fm.createFile(atPath: root + file, contents: Data("x".utf8)))
        }
        let mtime = Date(timeIntervalSince1970: 1_618_000_000)
        try fm.setAttributes([.modificationDate: mtime], ofItemAtPath: root + "/b.xlsx")
        try Data("file;received_at\na.csv;2021-04-12T10:00\nмай/c.xlsx;2021-05-11T09:30\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/received.csv"))
        try fm.createSymbolicLink(atPath: root + "/link.xlsx", withDestinationPath: root + "/b.xlsx")

        let items = try SubmissionFolder.scan(root, zone: "Asia/Vladivostok")
        #expect(items.map(\.path) == ["/a.csv", "/b.xlsx", "/link.xlsx", "/май/c.xlsx"].map { root + $0 })
        #expect(items[0].receivedAt == Timestamp.parse("2021-04-12T10:00", zone: "Asia/Vladivostok"))
        #expect(items[1].receivedAt == mtime)
        #expect(items[3].receivedAt == Timestamp.parse("2021-05-11T09:30", zone: "Asia/Vladivostok"))
        #expect(throws: SpreadsheetError.self) { try SubmissionFolder.scan(root + "/нет", zone: "UTC") }
    }
}
