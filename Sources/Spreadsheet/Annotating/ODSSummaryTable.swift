/// The «Проверка» table of an annotated ODS: the same columns, words and order as the XLSX
/// summary sheet (`SummarySheet`) — a bold header row, then one row per diagnostic, the
/// severity filled as the flagged cells are, the cell column an internal link
/// (`#'Отчет'.B7`) when the cell could be marked.
///
/// The header row is not frozen: that is a view setting of `settings.xml`, which is left as it was.
struct ODSSummaryTable {
    let name: String
    let lines: [SummarySheet.Line]
    let language: Language

    /// An ODF cell reference for a link: `'Отчет'.B7` (a `'` in the name doubled).
    static func reference(sheet: String, cell: CellAddress) -> String {
        var quoted = ""
        for character in sheet {
            quoted.append(character)
            if character == "'" { quoted.append("'") }
        }
        return "'" + quoted + "'." + cell.a1
    }

    /// Widths in characters, as `SummarySheet` sizes its columns.
    func widths() -> [Int] {
        let header = SummarySheet.headers(language)
        let bounds: [(min: Int, max: Int)] = [(10, 40), (12, 18), (10, 32), (8, 12), (12, 40), (40, 90)]
        var widths = header.map { $0.count + 2 }
        for line in lines {
            let texts = [line.code, SummarySheet.word(line.severity, language), line.sheet, line.cell ?? "", line.value ?? "",
                         line.message]
            for (i, text) in texts.enumerated() {
                let longest = text.split(separator: "\n", omittingEmptySubsequences: false).map(\.count).max() ?? 0
                widths[i] = max(widths[i], longest + 2)
            }
        }
        for i in widths.indices { widths[i] = min(max(widths[i], bounds[i].min), bounds[i].max) }
        return widths
    }

    /// A column width of `characters` average characters of an 11 pt font, in inches (as Excel
    /// converts its character widths: 7 pixels a character and 5 of padding, at 96 per inch).
    static func inches(_ characters: Int) -> String {
        let tenThousandths = (characters * 7 + 5) * 10_000 / 96
        let fraction = String(tenThousandths % 10_000)
        return "\(tenThousandths / 10_000)." + String(repeating: "0", count: 4 - fraction.count) + fraction + "in"
    }

    /// The table's XML; its styles are added to `styles`.
    func xml(styles: inout ODSStyleCopies, ns: ODSPrefixes) -> String {
        let s = ns.style
        let t = ns.table
        let fo = ns.fo
        let parent: String? = styles.common.cellStyles.contains("Default") || !styles.common.isKnown ? "Default" : nil
        let top = "\(s)vertical-align=\"top\""

        let header = styles.fresh("svod-ce")
        styles.add(ODSStyleCopies.cellStyle(name: header, parent: parent, ns: ns, cell: top,
                                            text: "\(fo)font-weight=\"bold\" \(s)font-weight-asian=\"bold\" \(s)font-weight-complex=\"bold\""))
        let plain = styles.fresh("svod-ce")
        styles.add(ODSStyleCopies.cellStyle(name: plain, parent: parent, ns: ns, cell: top))
        let wrap = styles.fresh("svod-ce")
        styles.add(ODSStyleCopies.cellStyle(name: wrap, parent: parent, ns: ns, cell: "\(top) \(fo)wrap-option=\"wrap\""))
        let error = styles.fresh("svod-ce")
        styles.add(ODSStyleCopies.cellStyle(name: error, parent: parent, ns: ns,
                                            cell: "\(top) \(fo)background-color=\"\(ODSStyleCopies.errorColor)\""))
        let warning = styles.fresh("svod-ce")
        styles.add(ODSStyleCopies.cellStyle(name: warning, parent: parent, ns: ns,
                                            cell: "\(top) \(fo)background-color=\"\(ODSStyleCopies.warningColor)\""))

        var tableStyle: String? = nil
        if let tableooo = ns.tableooo {
            let name = styles.fresh("svod-ta")
            let hasErrors = lines.contains { $0.severity == .error }
            styles.add("<\(s)style \(s)name=\"\(name)\" \(s)family=\"table\"><\(s)table-properties \(t)display=\"true\" "
                       + "\(tableooo)tab-color=\"\(hasErrors ? "#c00000" : "#ffc000")\"/></\(s)style>")
            tableStyle = name
        }
        var columns = ""
        for width in widths() {
            let name = styles.fresh("svod-co")
            styles.add("<\(s)style \(s)name=\"\(name)\" \(s)family=\"table-column\"><\(s)table-column-properties "
                       + "\(s)column-width=\"\(Self.inches(width))\"/></\(s)style>")
            columns += "<\(t)table-column \(t)style-name=\"\(name)\"/>"
        }

        func cell(_ text: String?, style: String, link: String? = nil) -> String {
            let styleAttribute = "\(t)style-name=\"\(style)\""
            guard let text, !text.isEmpty else { return "<\(t)table-cell \(styleAttribute)/>" }
            var xml = "<\(t)table-cell \(styleAttribute) \(ns.office)value-type=\"string\">"
            if let link {
                xml += "<\(ns.text)p><\(ns.text)a \(ns.xlink)type=\"simple\" \(ns.xlink)href=\"\(RawXML.escape("#" + link, attribute: true))\">"
                    + ODSText.content(text, ns: ns) + "</\(ns.text)a></\(ns.text)p>"
            } else {
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                    xml += ODSText.paragraph(String(line), ns: ns)
                }
            }
            return xml + "</\(t)table-cell>"
        }

        var xml = "<\(t)table \(t)name=\"\(RawXML.escape(name, attribute: true))\""
        if let tableStyle { xml += " \(t)style-name=\"\(tableStyle)\"" }
        xml += ">" + columns + "<\(t)table-row>"
        for title in SummarySheet.headers(language) { xml += cell(title, style: header) }
        xml += "</\(t)table-row>"
        for line in lines {
            xml += "<\(t)table-row>"
            xml += cell(line.code, style: plain)
            xml += cell(SummarySheet.word(line.severity, language), style: line.severity == .error ? error : warning)
            xml += cell(line.sheet, style: plain)
            xml += cell(line.cell, style: plain, link: line.location)
            xml += cell(line.value, style: wrap)
            xml += cell(line.message, style: wrap)
            xml += "</\(t)table-row>"
        }
        return xml + "</\(t)table>"
    }
}
