/// `xl/styles.xml` being extended: two fills (red, yellow), two fonts for the summary sheet,
/// and new `cellXfs` entries — one per (original xf, severity) pair, a copy of the original xf
/// with only its fill replaced, so a flagged cell keeps its font, border, number format,
/// alignment and protection.
final class StylesEditor {
    struct SummaryStyles {
        var header: Int
        var link: Int
        var plain: Int
        var wrap: Int
        var error: Int
        var warning: Int
    }

    static let errorFill = "FFFFC7CE"
    static let warningFill = "FFFFEB9C"
    static let linkColor = "FF0563C1"

    let partName: String
    private let original: [UInt8]?
    private let file: String
    /// The spreadsheetml namespace of the package (transitional or strict), for a new part.
    private let namespace: String

    /// Children of the original collections (not their `count` attributes, which may lie).
    private var fontCount = 0
    private var fillCount = 0
    private var borderCount = 0
    private var cellStyleXfCount = 0
    /// The raw bytes of each original `cellXfs/xf`.
    private var xfs: [ArraySlice<UInt8>] = []
    private var present: Set<String> = []
    private var prefix = ""
    private var fontSize = "11"
    private var fontName = "Calibri"

    private var clones: [(original: Int, severity: AnnotationSeverity)] = []
    private var cloneIndex: [Int: Int] = [:]
    private var summary: SummaryStyles?

    /// Schema order of `styleSheet`'s children (ECMA-376 §18.8.39).
    private static let order = ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs", "cellStyles",
                                "dxfs", "tableStyles", "colors", "extLst"]

    init(partName: String, bytes: [UInt8]?, file: String, namespace: String) throws {
        self.partName = partName
        self.namespace = namespace
        self.original = bytes
        self.file = file
        guard let bytes else { return }
        var tokens = RawXMLTokenizer(bytes: bytes, file: file, part: partName)
        var depth = 0
        var section = ""
        var xfStart: Int? = nil
        var inFirstFont = false
        while true {
            let kind = try tokens.next()
            if kind == .end { break }
            switch kind {
            case .startTag:
                let local = String(decoding: tokens.localName, as: UTF8.self)
                if depth == 0 {
                    prefix = tokens.prefix
                } else if depth == 1 {
                    section = local
                    present.insert(local)
                } else if depth == 2 {
                    switch (section, local) {
                    case ("fonts", "font"):
                        fontCount += 1
                        inFirstFont = fontCount == 1 && !tokens.isSelfClosing
                    case ("fills", "fill"): fillCount += 1
                    case ("borders", "border"): borderCount += 1
                    case ("cellStyleXfs", "xf"): cellStyleXfCount += 1
                    case ("cellXfs", "xf"):
                        if tokens.isSelfClosing {
                            xfs.append(tokens.bytes[tokens.range])
                        } else {
                            xfStart = tokens.start
                        }
                    default: break
                    }
                } else if depth == 3, inFirstFont {
                    if local == "sz", let value = tokens.attribute("val") { fontSize = value }
                    if local == "name", let value = tokens.attribute("val") { fontName = value }
                }
                if !tokens.isSelfClosing { depth += 1 }
            case .endTag:
                depth -= 1
                if depth == 2, let start = xfStart, section == "cellXfs" {
                    xfs.append(tokens.bytes[start..<tokens.end])
                    xfStart = nil
                }
                if depth == 2 { inFirstFont = false }
                if depth == 1 { section = "" }
            default:
                continue
            }
        }
    }

    /// Whether the package had no styles part (one is created).
    var isNew: Bool { original == nil }

    /// The number of original cell formats (at least 1: an empty list gets a default xf).
    private var xfBase: Int { max(xfs.count, 1) }
    private var defaultFontsAdded: Int { fontCount == 0 ? 1 : 0 }
    private var defaultFillsAdded: Int { max(0, 2 - fillCount) }
    private var defaultBordersAdded: Int { borderCount == 0 ? 1 : 0 }
    private var errorFillId: Int { fillCount + defaultFillsAdded }
    private var warningFillId: Int { errorFillId + 1 }
    private var boldFontId: Int { fontCount + defaultFontsAdded }
    private var linkFontId: Int { boldFontId + 1 }

    /// The style index for a cell whose current style is `original`, flagged with `severity`.
    func style(for original: Int, severity: AnnotationSeverity) -> Int {
        let base = original >= 0 && original < xfs.count ? original : 0
        let key = base * 2 + (severity == .error ? 0 : 1)
        if let existing = cloneIndex[key] { return existing }
        precondition(summary == nil, "cell styles must be allocated before the summary styles")
        let index = xfBase + clones.count
        clones.append((base, severity))
        cloneIndex[key] = index
        return index
    }

    /// The summary sheet's styles, allocated after every cell style.
    func summaryStyles() -> SummaryStyles {
        if let summary { return summary }
        let first = xfBase + clones.count
        let made = SummaryStyles(header: first, link: first + 1, plain: first + 2, wrap: first + 3,
                                 error: first + 4, warning: first + 5)
        summary = made
        return made
    }

    // MARK: Serialising

    private func fill(_ rgb: String) -> String {
        "<\(prefix)fill><\(prefix)patternFill patternType=\"solid\"><\(prefix)fgColor rgb=\"\(rgb)\"/><\(prefix)bgColor indexed=\"64\"/></\(prefix)patternFill></\(prefix)fill>"
    }

    private var fontTail: String {
        "<\(prefix)sz val=\"\(RawXML.escape(fontSize, attribute: true))\"/>"
    }

    private var fontNameElement: String {
        "<\(prefix)name val=\"\(RawXML.escape(fontName, attribute: true))\"/>"
    }

    private var addedFonts: (count: Int, xml: String) {
        var xml = ""
        if defaultFontsAdded > 0 { xml += "<\(prefix)font>\(fontTail)\(fontNameElement)</\(prefix)font>" }
        xml += "<\(prefix)font><\(prefix)b/>\(fontTail)\(fontNameElement)</\(prefix)font>"
        xml += "<\(prefix)font><\(prefix)u/>\(fontTail)<\(prefix)color rgb=\"\(Self.linkColor)\"/>\(fontNameElement)</\(prefix)font>"
        return (defaultFontsAdded + 2, xml)
    }

    private var addedFills: (count: Int, xml: String) {
        var xml = ""
        if fillCount == 0 { xml += "<\(prefix)fill><\(prefix)patternFill patternType=\"none\"/></\(prefix)fill>" }
        if fillCount <= 1 { xml += "<\(prefix)fill><\(prefix)patternFill patternType=\"gray125\"/></\(prefix)fill>" }
        xml += fill(Self.errorFill) + fill(Self.warningFill)
        return (defaultFillsAdded + 2, xml)
    }

    private var addedBorders: (count: Int, xml: String) {
        guard defaultBordersAdded > 0 else { return (0, "") }
        let p = prefix
        return (1, "<\(p)border><\(p)left/><\(p)right/><\(p)top/><\(p)bottom/><\(p)diagonal/></\(p)border>")
    }

    private var defaultXf: String {
        "<\(prefix)xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"\(cellStyleXfCount > 0 ? " xfId=\"0\"" : "")/>"
    }

    private func clone(_ original: Int, fillId: Int) throws -> [UInt8] {
        let raw = original < xfs.count ? Array(xfs[original]) : Array(defaultXf.utf8)
        var tokens = RawXMLTokenizer(bytes: raw, file: file, part: partName)
        _ = try tokens.next()
        var out = tokens.rewrittenStartTag(set: [("fillId", "\(fillId)"), ("applyFill", "1")])
        out.append(contentsOf: raw[tokens.end...])
        return out
    }

    private func addedXfs() throws -> (count: Int, xml: [UInt8]) {
        var out: [UInt8] = []
        var count = 0
        if xfs.isEmpty {
            out.append(contentsOf: defaultXf.utf8)
            count += 1
        }
        for clone in clones {
            out.append(contentsOf: try self.clone(clone.original, fillId: clone.severity == .error ? errorFillId : warningFillId))
            count += 1
        }
        let summary = summaryStyles()
        _ = summary
        let p = prefix
        let xfId = cellStyleXfCount > 0 ? " xfId=\"0\"" : ""
        let top = "<\(p)alignment vertical=\"top\"/>"
        let xml = [
            "<\(p)xf numFmtId=\"0\" fontId=\"\(boldFontId)\" fillId=\"0\" borderId=\"0\"\(xfId) applyFont=\"1\"/>",
            "<\(p)xf numFmtId=\"0\" fontId=\"\(linkFontId)\" fillId=\"0\" borderId=\"0\"\(xfId) applyFont=\"1\" applyAlignment=\"1\">\(top)</\(p)xf>",
            "<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"\(xfId) applyAlignment=\"1\">\(top)</\(p)xf>",
            "<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"\(xfId) applyAlignment=\"1\"><\(p)alignment vertical=\"top\" wrapText=\"1\"/></\(p)xf>",
            "<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"\(errorFillId)\" borderId=\"0\"\(xfId) applyFill=\"1\" applyAlignment=\"1\">\(top)</\(p)xf>",
            "<\(p)xf numFmtId=\"0\" fontId=\"0\" fillId=\"\(warningFillId)\" borderId=\"0\"\(xfId) applyFill=\"1\" applyAlignment=\"1\">\(top)</\(p)xf>",
        ].joined()
        out.append(contentsOf: xml.utf8)
        return (count + 6, out)
    }

    /// What is appended to each collection, and the collection's final size.
    private func additions() throws -> [String: (xml: [UInt8], total: Int)] {
        let fonts = addedFonts
        let fills = addedFills
        let borders = addedBorders
        let cellXfs = try addedXfs()
        var result: [String: (xml: [UInt8], total: Int)] = [
            "fonts": (Array(fonts.xml.utf8), fontCount + fonts.count),
            "fills": (Array(fills.xml.utf8), fillCount + fills.count),
            "cellXfs": (cellXfs.xml, xfs.count + cellXfs.count),
        ]
        if borders.count > 0 || !present.contains("borders") {
            result["borders"] = (Array(borders.xml.utf8), borderCount + borders.count)
        }
        return result
    }

    func serialized() throws -> [UInt8] {
        let additions = try additions()
        guard let original else {
            var xml = RawXML.declaration + "<styleSheet xmlns=\"\(namespace)\">"
            for name in ["fonts", "fills", "borders", "cellXfs"] {
                guard let addition = additions[name] else { continue }
                xml += "<\(name) count=\"\(addition.total)\">" + String(decoding: addition.xml, as: UTF8.self) + "</\(name)>"
            }
            return Array((xml + "</styleSheet>").utf8)
        }
        var tokens = RawXMLTokenizer(bytes: original, file: file, part: partName)
        var out = ByteSink(capacity: original.count + 4096)
        var depth = 0
        var written: Set<String> = []
        var open: String? = nil

        func insertMissing(before element: String?) {
            let limit = element.flatMap { Self.order.firstIndex(of: $0) } ?? Self.order.count
            for name in Self.order[..<limit] where !present.contains(name) && !written.contains(name) {
                guard let addition = additions[name] else { continue }
                out.append("<\(prefix)\(name) count=\"\(addition.total)\">")
                out.append(addition.xml)
                out.append("</\(prefix)\(name)>")
                written.insert(name)
            }
        }

        while true {
            let kind = try tokens.next()
            switch kind {
            case .end:
                return out.bytes
            case .startTag:
                if depth == 1 {
                    let local = String(decoding: tokens.localName, as: UTF8.self)
                    if Self.order.contains(local) { insertMissing(before: local) }
                    if let addition = additions[local], !written.contains(local) {
                        written.insert(local)
                        out.append(tokens.rewrittenStartTag(set: [("count", "\(addition.total)")], selfClosing: false))
                        if tokens.isSelfClosing {
                            out.append(addition.xml)
                            out.append("</\(tokens.prefix)\(local)>")
                        } else {
                            open = local
                            depth += 1
                        }
                        continue
                    }
                }
                out.append(tokens.bytes[tokens.range])
                if !tokens.isSelfClosing { depth += 1 }
            case .endTag:
                depth -= 1
                if depth == 1, let name = open, let addition = additions[name] {
                    out.append(addition.xml)
                    open = nil
                } else if depth == 0 {
                    insertMissing(before: nil)
                }
                out.append(tokens.bytes[tokens.range])
            case .text, .other:
                out.append(tokens.bytes[tokens.range])
            }
        }
    }
}
