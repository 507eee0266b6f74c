import Foundation
import Testing
import Spreadsheet
@testable import SvodModel
@testable import SvodConsolidation

/// What Svod does with a status follows the meaning the schema gives it, never its words: a
/// region that renames its statuses keeps the matrix's colours.
@Suite struct StatusMeaningTests {
    static func schema(values: [String], keys: [String: String] = [:]) throws -> SubmissionSchema {
        var yaml = """
            version: 1
            columns:
              - id: measure_id
                role: measure_id
                title: "№ мероприятия"
                type: text
              - id: status
                role: status
                title: "Статус"
                type: enum
                values: [\(values.map { "\"\($0)\"" }.joined(separator: ", "))]

            """
        for (key, value) in keys.sorted(by: { $0.key < $1.key }) { yaml += "    \(key): \"\(value)\"\n" }
        return try SubmissionSchema.parse(yaml, file: "schema.yaml")
    }

    static let green: UInt32 = 0xC6EFCE, blue: UInt32 = 0xDDEBF7, red: UInt32 = 0xFFC7CE, grey: UInt32 = 0xE7E6E6,
               white: UInt32 = 0xFFFFFF

    @Test func renamedStatusesKeepTheirColours() throws {
        let values = ["Исполнено", "В работе", "Не исполнено", "Не приступали", "Не нужно"]
        let schema = try Self.schema(values: values, keys: [
            "done": "Исполнено", "in_progress": "В работе", "not_done": "Не исполнено", "not_started": "Не приступали",
            "not_required": "Не нужно",
        ])
        let meanings = schema.statusMeanings
        #expect(values.map { meanings.meaning(of: $0) } == [.done, .inProgress, .notDone, .notStarted, .notRequired])
        let fills = values.map { ConsolidationWorkbook.statusColors($0, meanings: meanings, statuses: values).fill }
        #expect(fills == [Self.green, Self.blue, Self.red, Self.grey, Self.white])
    }

    @Test func defaultWordsGiveTheMeaningsWithoutKeys() throws {
        let values = ["Выполнено", "Выполняется", "Не выполнено", "Не начато", "Не требуется"]
        let meanings = try Self.schema(values: values).statusMeanings
        #expect(values.map { meanings.meaning(of: $0) } == [.done, .inProgress, .notDone, .notStarted, .notRequired])
        let fills = values.map { ConsolidationWorkbook.statusColors($0, meanings: meanings, statuses: values).fill }
        #expect(fills == [Self.green, Self.blue, Self.red, Self.grey, Self.white])
    }

    @Test func aStatusWithoutMeaningTakesThePaletteByPosition() throws {
        let values = ["Готово", "Частично", "Перенесено"]
        let meanings = try Self.schema(values: values).statusMeanings
        // The first value means done; the others have no meaning and get the palette.
        #expect(meanings.meaning(of: "Готово") == .done)
        #expect(meanings.meaning(of: "Частично") == nil)
        let partly = ConsolidationWorkbook.statusColors("Частично", meanings: meanings, statuses: values)
        let moved = ConsolidationWorkbook.statusColors("Перенесено", meanings: meanings, statuses: values)
        #expect(partly.fill != moved.fill)
        #expect(![Self.green, Self.blue, Self.red, Self.grey].contains(partly.fill))
    }

    @Test func aMeaningKeyMustNameOneOfTheValues() throws {
        #expect(throws: ConfigurationError.self) {
            try Self.schema(values: ["Исполнено", "В работе"], keys: ["not_started": "Не приступали"])
        }
    }
}
