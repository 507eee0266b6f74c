/// The comments part of one sheet (`xl/commentsN.xml`): written new, or merged into the part
/// the sheet already has — a cell that already has a comment gets the new text appended as a
/// run; other cells get new `<comment>` elements; the author is added to `<authors>` once.
enum CommentsPart {
    struct Note {
        var address: CellAddress
        var text: String
    }

    struct Result {
        var bytes: [UInt8]
        /// Every cell that has a comment in the result (for a new VML drawing).
        var allCells: [CellAddress]
        /// The cells whose comment is new (for shapes appended to an existing drawing).
        var newCells: [CellAddress]
    }

    private static func comment(_ note: Note, authorId: Int, prefix p: String) -> String {
        "<\(p)comment ref=\"\(note.address.a1)\" authorId=\"\(authorId)\"><\(p)text><\(p)t xml:space=\"preserve\">"
            + RawXML.escape(note.text) + "</\(p)t></\(p)text></\(p)comment>"
    }

    private static func run(_ text: String, prefix p: String) -> String {
        "<\(p)r><\(p)t xml:space=\"preserve\">" + RawXML.escape("\n" + text) + "</\(p)t></\(p)r>"
    }

    /// A new comments part. `notes` are sorted by cell.
    static func make(notes: [Note], author: String, namespace: String) -> Result {
        var xml = RawXML.declaration + "<comments xmlns=\"\(namespace)\"><authors><author>"
            + RawXML.escape(author) + "</author></authors><commentList>"
        for note in notes { xml += comment(note, authorId: 0, prefix: "") }
        xml += "</commentList></comments>"
        let cells = notes.map(\.address)
        return Result(bytes: Array(xml.utf8), allCells: cells, newCells: cells)
    }

    /// Merges `notes` into an existing comments part.
    static func merge(existing bytes: [UInt8], notes: [Note], author: String, file: String, part: String) throws -> Result {
        var byCell: [CellAddress: String] = [:]
        for note in notes { byCell[note.address] = note.text }
        var tokens = RawXMLTokenizer(bytes: bytes, file: file, part: part)
        var out = ByteSink(capacity: bytes.count + notes.count * 200)
        var depth = 0
        var prefix = ""
        var authorCount = 0
        var authorId: Int? = nil
        var inAuthor = false
        var authorText = ""
        var seenAuthors = false
        var seenList = false
        var existingCells: [CellAddress] = []
        var merged: Set<CellAddress> = []
        // The comment being copied, when it receives text.
        var pendingText: String? = nil
        var inText = false
        var wrappedPlainText = false

        func authorsElement() -> String {
            authorId = 0
            return "<\(prefix)authors><\(prefix)author>\(RawXML.escape(author))</\(prefix)author></\(prefix)authors>"
        }

        func newComments() -> String {
            let id = authorId ?? 0
            return notes.filter { !merged.contains($0.address) }.map { comment($0, authorId: id, prefix: prefix) }.joined()
        }

        while true {
            let kind = try tokens.next()
            switch kind {
            case .end:
                let newCells = notes.map(\.address).filter { !merged.contains($0) }
                let all = Array(Set(existingCells + newCells)).sorted()
                return Result(bytes: out.bytes, allCells: all, newCells: newCells)

            case .text:
                if inAuthor { authorText += tokens.text }
                out.append(tokens.bytes[tokens.range])

            case .other:
                out.append(tokens.bytes[tokens.range])

            case .startTag:
                let selfClosing = tokens.isSelfClosing
                let local = String(decoding: tokens.localName, as: UTF8.self)
                defer { if !selfClosing { depth += 1 } }
                switch (depth, local) {
                case (0, _):
                    prefix = tokens.prefix
                case (1, "authors"):
                    seenAuthors = true
                    if selfClosing {
                        out.append(authorsElement())
                        continue
                    }
                case (2, "author"):
                    authorCount += 1
                    inAuthor = !selfClosing
                    authorText = ""
                case (1, "commentList"):
                    if !seenAuthors {
                        out.append(authorsElement())
                        seenAuthors = true
                    }
                    seenList = true
                    if selfClosing {
                        out.append(tokens.rewrittenStartTag(set: [], selfClosing: false))
                        out.append(newComments())
                        out.append("</\(tokens.prefix)commentList>")
                        continue
                    }
                case (2, "comment"):
                    if let ref = tokens.attribute("ref"), let address = CellAddress(a1: ref.trimmingXMLSpace) {
                        existingCells.append(address)
                        if let text = byCell[address], !merged.contains(address) {
                            merged.insert(address)
                            pendingText = text
                        }
                    }
                case (3, "text") where pendingText != nil:
                    if selfClosing {
                        out.append(tokens.rewrittenStartTag(set: [], selfClosing: false))
                        out.append(run(pendingText!, prefix: tokens.prefix))
                        out.append("</\(tokens.prefix)text>")
                        pendingText = nil
                        continue
                    }
                    inText = true
                case (4, "t") where inText && pendingText != nil:
                    // A plain `<t>` may only come first; make it a run so a run can follow.
                    let p = tokens.prefix
                    out.append("<\(p)r>")
                    out.append(tokens.bytes[tokens.range])
                    if selfClosing { out.append("</\(p)r>") } else { wrappedPlainText = true }
                    continue
                case (4, "rPh"), (4, "phoneticPr"):
                    if inText, let text = pendingText {
                        out.append(run(text, prefix: prefix))
                        pendingText = nil
                    }
                default:
                    break
                }
                out.append(tokens.bytes[tokens.range])

            case .endTag:
                depth -= 1
                let local = String(decoding: tokens.localName, as: UTF8.self)
                switch (depth, local) {
                case (2, "author"):
                    inAuthor = false
                    if authorId == nil, authorText == author { authorId = authorCount - 1 }
                case (1, "authors"):
                    if authorId == nil {
                        out.append("<\(prefix)author>\(RawXML.escape(author))</\(prefix)author>")
                        authorId = authorCount
                    }
                case (4, "t") where wrappedPlainText:
                    out.append(tokens.bytes[tokens.range])
                    out.append("</\(tokens.prefix)r>")
                    wrappedPlainText = false
                    continue
                case (3, "text"):
                    if inText, let text = pendingText { out.append(run(text, prefix: prefix)) }
                    inText = false
                    pendingText = nil
                case (2, "comment"):
                    if let text = pendingText {
                        out.append("<\(prefix)text>" + run(text, prefix: prefix) + "</\(prefix)text>")
                    }
                    pendingText = nil
                case (1, "commentList"):
                    out.append(newComments())
                case (0, _):
                    if !seenList {
                        if !seenAuthors { out.append(authorsElement()) }
                        out.append("<\(prefix)commentList>" + newComments() + "</\(prefix)commentList>")
                    }
                default:
                    break
                }
                out.append(tokens.bytes[tokens.range])
            }
        }
    }
}

/// The legacy VML drawing Excel needs to show comments (`xl/drawings/vmlDrawingN.vml`).
///
/// VML written by Excel is not always well-formed XML, so an existing drawing is edited as
/// bytes: shapes are inserted before its last `</xml>`, with shape ids above every id it uses.
enum VMLDrawing {
    private static let shapeType = """
        <v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe">\
        <v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>
        """

    private static let namespaces = """
        xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" \
        xmlns:x="urn:schemas-microsoft-com:office:excel"
        """

    private static func shape(_ cell: CellAddress, id: Int, zIndex: Int, declare: Bool) -> String {
        let top = max(cell.row - 1, 0)
        let left = cell.column + 1
        let marginLeft = 60 + 48 * cell.column
        let marginTop = 2 + 15 * top
        return "<v:shape \(declare ? namespaces + " " : "")id=\"_x0000_s\(id)\" type=\"#_x0000_t202\" "
            + "style=\"position:absolute;margin-left:\(marginLeft)pt;margin-top:\(marginTop)pt;width:240pt;height:90pt;"
            + "z-index:\(zIndex);visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\">"
            + "<v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/>"
            + "<v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox>"
            + "<x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/>"
            + "<x:Anchor>\(left), 15, \(top), 10, \(left + 4), 15, \(top + 6), 4</x:Anchor>"
            + "<x:AutoFill>False</x:AutoFill><x:Row>\(cell.row)</x:Row><x:Column>\(cell.column)</x:Column></x:ClientData>"
            + "</v:shape>"
    }

    /// A new drawing with one hidden note shape per cell; `block` is the drawing's `o:idmap`
    /// number (shape ids are `block * 1024 + n`).
    static func make(cells: [CellAddress], block: Int) -> [UInt8] {
        var xml = "<xml \(namespaces)><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"\(block)\"/></o:shapelayout>"
        xml += shapeType
        for (offset, cell) in cells.enumerated() {
            xml += shape(cell, id: block * 1024 + offset + 1, zIndex: offset + 1, declare: false)
        }
        return Array((xml + "</xml>").utf8)
    }

    /// Every offset where `pattern` starts in `bytes`.
    static func occurrences(of pattern: String, in bytes: [UInt8]) -> [Int] {
        let needle = Array(pattern.utf8)
        guard !needle.isEmpty, bytes.count >= needle.count else { return [] }
        var found: [Int] = []
        var start = 0
        let last = bytes.count - needle.count
        while start <= last {
            if bytes[start] == needle[0], bytes[start..<(start + needle.count)].elementsEqual(needle) {
                found.append(start)
                start += needle.count
            } else {
                start += 1
            }
        }
        return found
    }

    /// The decimal number at `offset`, if any.
    private static func number(in bytes: [UInt8], at offset: Int) -> Int? {
        var value = 0
        var index = offset
        while index < bytes.count, index - offset < 9, bytes[index] >= 0x30, bytes[index] <= 0x39 {
            value = value * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        return index > offset ? value : nil
    }

    /// The `o:idmap` blocks a drawing claims.
    static func idBlocks(in bytes: [UInt8]) -> [Int] {
        var blocks: [Int] = []
        for start in occurrences(of: "idmap", in: bytes) {
            // The tag's data="1,2" attribute, within the tag.
            var index = start
            while index < bytes.count, bytes[index] != 0x3E, index - start < 200 {
                if bytes[index] == 0x64, index + 6 < bytes.count, Array(bytes[index..<(index + 5)]) == Array("data=".utf8) {
                    var cursor = index + 6
                    while cursor < bytes.count, bytes[cursor] != 0x22, bytes[cursor] != 0x27 {
                        if let value = number(in: bytes, at: cursor) {
                            blocks.append(value)
                            cursor += String(value).utf8.count
                        } else {
                            cursor += 1
                        }
                    }
                    break
                }
                index += 1
            }
        }
        return blocks
    }

    /// Adds note shapes to an existing drawing; returns `nil` when it has no `</xml>` to insert
    /// before (the drawing is then left as it is).
    static func appending(cells: [CellAddress], to bytes: [UInt8]) -> [UInt8]? {
        guard !cells.isEmpty else { return bytes }
        guard let close = occurrences(of: "</xml>", in: bytes).last else { return nil }
        var highest = 0
        let marker = Array("_x0000_s".utf8).count
        for start in occurrences(of: "_x0000_s", in: bytes) {
            if let value = number(in: bytes, at: start + marker) { highest = max(highest, value) }
        }
        if highest == 0 { highest = (idBlocks(in: bytes).first ?? 1) * 1024 }
        let head = Array(bytes.prefix(1024))
        let declare = occurrences(of: "xmlns:v=", in: head).isEmpty || occurrences(of: "xmlns:o=", in: head).isEmpty
            || occurrences(of: "xmlns:x=", in: head).isEmpty
        var insertion = ""
        if occurrences(of: "\"_x0000_t202\"", in: bytes).isEmpty && occurrences(of: "'_x0000_t202'", in: bytes).isEmpty {
            insertion += declare ? "<v:shapetype \(namespaces) " + shapeType.dropFirst("<v:shapetype ".count) : shapeType
        }
        for (offset, cell) in cells.enumerated() {
            insertion += shape(cell, id: highest + offset + 1, zIndex: highest + offset + 1, declare: declare)
        }
        return Array(bytes[..<close]) + Array(insertion.utf8) + Array(bytes[close...])
    }
}
