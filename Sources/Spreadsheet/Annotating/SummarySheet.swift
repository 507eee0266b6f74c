/// The «Проверка» worksheet: a frozen header row, then one row per diagnostic, the cell column
/// an internal hyperlink to the flagged cell. Text is written as inline strings.
enum SummarySheet {
    struct Line {
        var code: String
        var severity: AnnotationSeverity
        var sheet: String
        /// The A1 text shown in the cell column.
        var cell: String?
        /// The hyperlink target, e.g. `'Отчет'!B7`.
        var location: String?
        var value: String?
        var message: String
    }

    static func headers(_ language: Language) -> [String] {
        language == .ru
            ? ["Код", "Важность", "Лист", "Ячейка", "Значение", "Сообщение"]
            : ["Code", "Severity", "Sheet", "Cell", "Value", "Message"]
    }

    static func word(_ severity: AnnotationSeverity, _ language: Language) -> String {
        switch (severity, language) {
        case (.error, .ru): return "Ошибка"
        case (.warning, .ru): return "Предупреждение"
        case (.error, .en): return "Error"
        case (.warning, .en): return "Warning"
        }
    }

    /// A sheet name quoted for a reference: `'Отчет'!B7`.
    static func location(sheet: String, cell: CellAddress) -> String {
        "'" + sheet.replacingOccurrencesOfQuote() + "'!" + cell.a1
    }

    /// Excel's limit on the text of one cell.
    private static let maxCellText = 32_767

    private static func clipped(_ text: String) -> String {
        text.count > maxCellText ? String(text.prefix(maxCellText)) : text
    }

    private static func cell(_ column: Int, _ row: Int, _ text: String?, style: Int) -> String {
        let ref = CellAddress(row: row, column: column).a1
        guard let text, !text.isEmpty else { return "<c r=\"\(ref)\" s=\"\(style)\"/>" }
        return "<c r=\"\(ref)\" s=\"\(style)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"
            + RawXML.escape(clipped(text)) + "</t></is></c>"
    }

    static func make(lines: [Line], styles: StylesEditor.SummaryStyles, language: Language,
                     namespaces: OOXMLNamespaces) -> [UInt8] {
        let header = headers(language)
        let lastRow = lines.count + 1
        // Widths in characters, from the longest text of each column within sensible bounds.
        let bounds: [(min: Int, max: Int)] = [(10, 40), (12, 18), (10, 32), (8, 12), (12, 40), (40, 90)]
        var widths = header.map { $0.count + 2 }
        for line in lines {
            let texts = [line.code, word(line.severity, language), line.sheet, line.cell ?? "", line.value ?? "", line.message]
            for (i, text) in texts.enumerated() {
                let longest = text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0
                widths[i] = max(widths[i], longest + 2)
            }
        }
        for i in widths.indices { widths[i] = min(max(widths[i], bounds[i].min), bounds[i].max) }

        var xml = RawXML.declaration
        xml += "<worksheet xmlns=\"\(namespaces.spreadsheet)\" xmlns:r=\"\(namespaces.relationships)\">"
        let hasErrors = lines.contains { $0.severity == .error }
        xml += "<sheetPr><tabColor rgb=\"\(hasErrors ? "FFC00000" : "FFFFC000")\"/></sheetPr>"
        xml += "<dimension ref=\"A1:F\(lastRow)\"/>"
        // The header row frozen.
        xml += "<sheetViews><sheetView workbookViewId=\"0\">"
        xml += "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
        xml += "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>"
        xml += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/><cols>"
        for (i, width) in widths.enumerated() {
            xml += "<col min=\"\(i + 1)\" max=\"\(i + 1)\" width=\"\(width)\" customWidth=\"1\"/>"
        }
        xml += "</cols><sheetData><row r=\"1\">"
        for (i, title) in header.enumerated() { xml += cell(i, 0, title, style: styles.header) }
        xml += "</row>"
        var links = ""
        for (offset, line) in lines.enumerated() {
            let row = offset + 1
            xml += "<row r=\"\(row + 1)\">"
            xml += cell(0, row, line.code, style: styles.plain)
            xml += cell(1, row, word(line.severity, language), style: line.severity == .error ? styles.error : styles.warning)
            xml += cell(2, row, line.sheet, style: styles.plain)
            xml += cell(3, row, line.cell, style: line.location == nil ? styles.plain : styles.link)
            xml += cell(4, row, line.value, style: styles.wrap)
            xml += cell(5, row, line.message, style: styles.wrap)
            xml += "</row>"
            if let location = line.location, let text = line.cell {
                links += "<hyperlink ref=\"D\(row + 1)\" location=\"\(RawXML.escape(location, attribute: true))\" display=\"\(RawXML.escape(text, attribute: true))\"/>"
            }
        }
        xml += "</sheetData>"
        if !links.isEmpty { xml += "<hyperlinks>\(links)</hyperlinks>" }
        xml += "<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "</worksheet>"
        return Array(xml.utf8)
    }
}

extension String {
    /// `'` doubled, as a quoted sheet name in a reference needs.
    fileprivate func replacingOccurrencesOfQuote() -> String {
        var out = ""
        for character in self {
            out.append(character)
            if character == "'" { out.append("'") }
        }
        return out
    }
}
