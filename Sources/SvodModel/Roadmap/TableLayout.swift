import Foundation
import Spreadsheet

/// The columns a roadmap table can have, recognised by their header text.
public enum RoadmapColumn: String, CaseIterable, Sendable {
    case number
    case title
    case deadline
    case responsible
    case result

    /// The column's name as a clerk would look for it in the table.
    public var displayName: LocalizedText {
        switch self {
        case .number: return .init(ru: "№ (номер мероприятия)", en: "No. (measure number)")
        case .title: return .init(ru: "Мероприятие", en: "Measure")
        case .deadline: return .init(ru: "Сроки", en: "Deadline")
        case .responsible: return .init(ru: "Ответственный", en: "Responsible")
        case .result: return .init(ru: "Ожидаемый результат", en: "Expected result")
        }
    }

    /// The columns without which a table is not a roadmap.
    static let required: [RoadmapColumn] = [.title, .deadline]

    /// Which column a header cell names, if any. Headers vary between regions («Мероприятие»,
    /// «Мероприятия/содержание работы», «Описание действий»; «Сроки исполнения», «Период или
    /// контрольная точка»; «Ответственные, участники»; «Региональный показатель реализации»),
    /// so word stems are matched, most specific first.
    static func recognise(_ header: String) -> RoadmapColumn? {
        let text = TextCleaner.fold(header)
        if text.isEmpty { return nil }
        if text.hasPrefix("№") || text == "n" || text == "n п п" || text.hasPrefix("номер") || text == "п п" {
            return .number
        }
        if text.contains("ответствен") || text.contains("исполнител") || text.contains("участник") { return .responsible }
        if text.contains("результат") || text.contains("показател") || text.contains("индикатор") { return .result }
        if text.contains("срок") || text.contains("период") || text.contains("контрольн") || text.hasPrefix("дата") {
            return .deadline
        }
        if text.contains("мероприят") || text.contains("содержание работ") || text.contains("описание действ")
            || text.hasPrefix("наименование") || text.contains("действия") {
            return .title
        }
        return nil
    }
}

/// Where each recognised column of a roadmap table sits.
struct TableLayout: Equatable {
    /// 0-based row of the header.
    var headerRow: Int
    /// Column role → 0-based column index.
    var columns: [RoadmapColumn: Int]

    func column(_ role: RoadmapColumn) -> Int? { columns[role] }

    /// Finds the header among the first rows: the row naming the most roadmap columns, which
    /// must include a measure and a deadline column.
    ///
    /// - Throws: `RoadmapImportError.layoutNotRecognized` naming the columns that were not found
    ///   in the best candidate row.
    static func detect(in rows: [Row], file: String, sheet: String, searchRows: Int = 40) throws -> TableLayout {
        var best: TableLayout?
        for row in rows.prefix(searchRows) {
            var columns: [RoadmapColumn: Int] = [:]
            for cell in row.cells {
                guard case .string(let text) = cell.value, let role = RoadmapColumn.recognise(text) else { continue }
                if columns[role] == nil { columns[role] = cell.address.column }
            }
            let candidate = TableLayout(headerRow: row.index, columns: columns)
            if columns.count > (best?.columns.count ?? 0) { best = candidate }
            if RoadmapColumn.required.allSatisfy({ columns[$0] != nil }) && columns.count >= 3 { return candidate }
        }
        if let best, RoadmapColumn.required.allSatisfy({ best.columns[$0] != nil }) { return best }
        let found = best?.columns ?? [:]
        throw RoadmapImportError.layoutNotRecognized(
            file: file, sheet: sheet,
            missing: RoadmapColumn.allCases.filter { found[$0] == nil && RoadmapColumn.required.contains($0) },
            headerRow: best.map { $0.headerRow + 1 })
    }

    /// Whether a row repeats the header (tables repeat it on every printed page).
    func isRepeatedHeader(_ row: Row) -> Bool {
        var matches = 0
        for (role, column) in columns {
            if case .string(let text) = row[column], RoadmapColumn.recognise(text) == role { matches += 1 }
        }
        return matches >= max(2, columns.count - 1)
    }

    /// Whether a row only numbers the columns («1 | 2 | 3 | 4 | 5» under the header).
    func isColumnNumbering(_ row: Row) -> Bool {
        guard row.cells.count >= 2 else { return false }
        var expected: Double?
        for cell in row.cells {
            let number: Double?
            switch cell.value {
            case .number(let n): number = n
            case .string(let s): number = Double(s.trimmingCharacters(in: CharacterSet(charactersIn: " .")))
            default: number = nil
            }
            guard let number, number == number.rounded() else { return false }
            if let previous = expected, number != previous { return false }
            expected = number + 1
        }
        return true
    }
}
