/// What `styles.xml` tells the annotator: the common cell styles a new automatic style may name
/// as its parent, and every style name in the part (new names avoid them).
struct ODSCommonStyles {
    /// Names of the `style:style` elements of family `table-cell` in `office:styles`.
    var cellStyles: Set<String> = []
    /// Every `style:name` in the part.
    var names: Set<String> = []
    /// Whether the part was read; without it every style that is not automatic is taken as common.
    var isKnown = false

    init() {}

    /// Reads what it can: `styles.xml` is not read by the ODS reader, so a part that cannot be
    /// parsed does not refuse the copy (its names just stay unknown).
    init(bytes: [UInt8], file: String) {
        var tokens = RawXMLTokenizer(bytes: bytes, file: file, part: "styles.xml")
        var depth = 0
        var commonDepth: Int? = nil
        do {
            while true {
                let kind = try tokens.next()
                if kind == .end { break }
                if kind == .startTag {
                    if let name = tokens.attribute("name") { names.insert(name) }
                    if commonDepth == nil, depth == 1, tokens.nameIs("styles"), !tokens.isSelfClosing {
                        commonDepth = depth
                    } else if let common = commonDepth, depth == common + 1, tokens.nameIs("style"),
                              tokens.attribute("family")?.trimmingXMLSpace == "table-cell", let name = tokens.attribute("name") {
                        cellStyles.insert(name)
                    }
                    if !tokens.isSelfClosing { depth += 1 }
                } else if kind == .endTag {
                    depth -= 1
                    if let common = commonDepth, depth == common { commonDepth = nil }
                }
            }
            isKnown = true
        } catch {
            isKnown = false
        }
    }
}

/// The automatic styles an annotated `content.xml` gains: one per (original style, severity)
/// pair for the flagged cells, and the summary table's styles.
///
/// Automatic styles cannot be parents, so a flagged cell whose style is automatic gets a copy of
/// that style's XML (keeping `style:parent-style-name`, `style:data-style-name` and every
/// property, so numbers and dates keep their format) with `fo:background-color` set in its
/// `style:table-cell-properties`; a cell in a common style gets a new automatic style with that
/// parent and the fill.
struct ODSStyleCopies {
    static let errorColor = "#" + String(StylesEditor.errorFill.dropFirst(2)).lowercased()
    static let warningColor = "#" + String(StylesEditor.warningFill.dropFirst(2)).lowercased()

    /// The part the automatic styles are copied from.
    let source: [UInt8]
    let file: String
    let part: String
    let common: ODSCommonStyles
    /// The part's automatic `table-cell` styles: name → the element's byte range.
    var automatic: [String: Range<Int>] = [:]
    /// Names in use (the part's automatic styles, `styles.xml`, and every one handed out).
    var used: Set<String>
    private var made: [String: String] = [:]
    /// The new `style:style` elements, in order.
    private(set) var definitions: [UInt8] = []

    init(source: [UInt8], file: String, part: String, common: ODSCommonStyles) {
        self.source = source
        self.file = file
        self.part = part
        self.common = common
        self.used = common.names
    }

    /// A name no style has: `stem` followed by the first free number.
    mutating func fresh(_ stem: String) -> String {
        var n = 1
        while used.contains("\(stem)\(n)") { n += 1 }
        let name = "\(stem)\(n)"
        used.insert(name)
        return name
    }

    /// The automatic style for a flagged cell whose effective style is `original`.
    mutating func style(for original: String, severity: AnnotationSeverity, ns: ODSPrefixes) throws -> String {
        let key = (severity == .error ? "e:" : "w:") + original
        if let existing = made[key] { return existing }
        let name = fresh("svod-ce")
        made[key] = name
        let color = severity == .error ? Self.errorColor : Self.warningColor
        if let range = automatic[original] {
            definitions.append(contentsOf: try copy(range, name: name, color: color, ns: ns))
        } else {
            let parent = common.cellStyles.contains(original) || !common.isKnown ? original : nil
            definitions.append(contentsOf: Self.cellStyle(name: name, parent: parent, ns: ns,
                                                          cell: "\(ns.fo)background-color=\"\(color)\"").utf8)
        }
        return name
    }

    /// Adds a style for the summary table.
    mutating func add(_ xml: String) { definitions.append(contentsOf: xml.utf8) }

    /// A new `table-cell` automatic style.
    static func cellStyle(name: String, parent: String?, ns: ODSPrefixes, cell: String? = nil, paragraph: String? = nil,
                          text: String? = nil) -> String {
        let s = ns.style
        var xml = "<\(s)style \(s)name=\"\(RawXML.escape(name, attribute: true))\" \(s)family=\"table-cell\""
        if let parent { xml += " \(s)parent-style-name=\"\(RawXML.escape(parent, attribute: true))\"" }
        xml += ">"
        if let cell { xml += "<\(s)table-cell-properties \(cell)/>" }
        if let paragraph { xml += "<\(s)paragraph-properties \(paragraph)/>" }
        if let text { xml += "<\(s)text-properties \(text)/>" }
        return xml + "</\(s)style>"
    }

    /// The automatic style at `range` renamed, with the fill set.
    private func copy(_ range: Range<Int>, name: String, color: String, ns: ODSPrefixes) throws -> [UInt8] {
        let raw = Array(source[range])
        var tokens = RawXMLTokenizer(bytes: raw, file: file, part: part)
        _ = try tokens.next()
        let properties = "<\(ns.style)table-cell-properties \(ns.fo)background-color=\"\(color)\"/>"
        var out = tokens.rewrittenStartTag(set: [(ns.style + "name", RawXML.escape(name, attribute: true))],
                                           remove: ["display-name"], selfClosing: false)
        let element = String(decoding: raw[tokens.nameStart..<tokens.nameEnd], as: UTF8.self)
        if tokens.isSelfClosing {
            out.append(contentsOf: properties.utf8)
            out.append(contentsOf: "</\(element)>".utf8)
            return out
        }
        var depth = 1
        var done = false
        while true {
            let kind = try tokens.next()
            switch kind {
            case .end:
                throw tokens.malformed("an automatic style ends early")
            case .startTag:
                if depth == 1, !done {
                    done = true
                    if tokens.nameIs("table-cell-properties") {
                        out.append(contentsOf: tokens.rewrittenStartTag(set: [(ns.fo + "background-color", color)]))
                        if !tokens.isSelfClosing { depth += 1 }
                        continue
                    }
                    out.append(contentsOf: properties.utf8)
                }
                out.append(contentsOf: raw[tokens.range])
                if !tokens.isSelfClosing { depth += 1 }
            case .endTag:
                depth -= 1
                if depth == 0 {
                    if !done { out.append(contentsOf: properties.utf8) }
                    out.append(contentsOf: raw[tokens.range])
                    return out
                }
                out.append(contentsOf: raw[tokens.range])
            case .text, .other:
                out.append(contentsOf: raw[tokens.range])
            }
        }
    }
}
