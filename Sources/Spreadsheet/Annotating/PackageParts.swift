/// Edits of the small package parts: relationships, content types, the workbook's sheet list.
///
/// Each edit inserts new XML before the end tag of one element and copies every other byte.
enum PartEditing {
    /// Inserts `content(prefix)` before the end tag of the first element whose local name is
    /// `local` (expanding `<x/>` to `<x>…</x>`), where `prefix` is that element's prefix with
    /// its colon. Returns `nil` when there is no such element.
    static func insert(into bytes: [UInt8], element local: StaticString, file: String, part: String,
                       content: (String) -> String) throws -> [UInt8]? {
        var tokens = RawXMLTokenizer(bytes: bytes, file: file, part: part)
        var out = ByteSink(capacity: bytes.count + 512)
        var depth = 0
        var targetDepth: Int? = nil
        var prefix = ""
        var done = false
        while true {
            let kind = try tokens.next()
            switch kind {
            case .end:
                return done ? out.bytes : nil
            case .startTag:
                if !done, targetDepth == nil, tokens.nameIs(local) {
                    prefix = tokens.prefix
                    if tokens.isSelfClosing {
                        out.append(tokens.rewrittenStartTag(set: [], selfClosing: false))
                        out.append(content(prefix))
                        out.append("</\(prefix)\(local)>")
                        done = true
                        continue
                    }
                    targetDepth = depth
                }
                out.append(tokens.bytes[tokens.range])
                if !tokens.isSelfClosing { depth += 1 }
            case .endTag:
                depth -= 1
                if !done, let target = targetDepth, depth == target {
                    out.append(content(prefix))
                    done = true
                    targetDepth = nil
                }
                out.append(tokens.bytes[tokens.range])
            case .text, .other:
                out.append(tokens.bytes[tokens.range])
            }
        }
    }

    /// The path of `target` relative to the folder `base` (both package part names).
    static func relativePath(from base: String, to target: String) -> String {
        let from = base.split(separator: "/").map(String.init)
        let to = target.split(separator: "/").map(String.init)
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        return (ups + to[common...]).joined(separator: "/")
    }

    static func folder(of part: String) -> String { Relationships.split(part).directory }
}

/// A relationships part (`_rels/*.rels`) being extended with new relationships.
struct RelationshipsEditor {
    struct Entry {
        var id: String
        var type: String
        /// Resolved to a part name (for internal targets).
        var target: String
        var isExternal: Bool
    }

    let partName: String
    let sourcePart: String
    private let original: [UInt8]?
    private(set) var entries: [Entry] = []
    private var ids: Set<String> = []
    private var added: [(id: String, type: String, target: String)] = []
    private let file: String

    var isModified: Bool { !added.isEmpty }

    /// Reads the relationships of `sourcePart` (empty when the part has none).
    init(of sourcePart: String, in archive: ZipArchive) throws {
        self.sourcePart = sourcePart
        self.partName = sourcePart.isEmpty ? "_rels/.rels" : Relationships.partName(for: sourcePart)
        self.file = archive.path
        if archive.contains(partName) {
            let bytes = try archive.readAll(partName)
            original = bytes
            var tokens = RawXMLTokenizer(bytes: bytes, file: archive.path, part: partName)
            let base = PartEditing.folder(of: sourcePart)
            while try tokens.next() != .end {
                guard tokens.kind == .startTag, tokens.nameIs("Relationship"), let id = tokens.attribute("Id") else { continue }
                let external = tokens.attribute("TargetMode") == "External"
                let target = tokens.attribute("Target") ?? ""
                entries.append(Entry(id: id, type: tokens.attribute("Type") ?? "",
                                     target: external ? target : Relationships.resolve(target, against: base),
                                     isExternal: external))
                ids.insert(id)
            }
        } else {
            original = nil
        }
    }

    func target(id: String) -> String? { entries.first { $0.id == id && !$0.isExternal }?.target }

    func target(typeSuffix suffix: String) -> String? {
        entries.first { !$0.isExternal && $0.type.hasSuffix("/" + suffix) }?.target
    }

    /// A relationship id not used yet: `rId` followed by one more than the largest number in use.
    mutating func reserveId() -> String {
        var highest = 0
        for id in ids where id.hasPrefix("rId") {
            if let number = Int(id.dropFirst(3)) { highest = max(highest, number) }
        }
        var candidate = highest + 1
        while ids.contains("rId\(candidate)") { candidate += 1 }
        let id = "rId\(candidate)"
        ids.insert(id)
        return id
    }

    /// Adds a relationship to the part `target` (a part name); returns its id.
    @discardableResult
    mutating func add(type: String, target: String, id: String? = nil) -> String {
        let chosen = id ?? reserveId()
        ids.insert(chosen)
        added.append((chosen, type, PartEditing.relativePath(from: PartEditing.folder(of: sourcePart), to: target)))
        entries.append(Entry(id: chosen, type: type, target: target, isExternal: false))
        return chosen
    }

    func serialized() throws -> [UInt8] {
        func elements(_ prefix: String) -> String {
            added.map {
                "<\(prefix)Relationship Id=\"\(RawXML.escape($0.id, attribute: true))\" Type=\"\($0.type)\" Target=\"\(RawXML.escape($0.target, attribute: true))\"/>"
            }.joined()
        }
        if let original,
           let edited = try PartEditing.insert(into: original, element: "Relationships", file: file, part: partName, content: elements) {
            return edited
        }
        return Array((RawXML.declaration + "<Relationships xmlns=\"\(RawXML.packageRelationshipsNS)\">"
            + elements("") + "</Relationships>").utf8)
    }

}

/// `[Content_Types].xml` being extended with Default and Override entries.
struct ContentTypesEditor {
    static let partName = "[Content_Types].xml"
    static let worksheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    static let comments = "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"
    static let vml = "application/vnd.openxmlformats-officedocument.vmlDrawing"
    static let styles = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
    static let relationships = "application/vnd.openxmlformats-package.relationships+xml"

    private let original: [UInt8]
    private let file: String
    private var defaults: Set<String> = []
    private var overrides: Set<String> = []
    private var additions: [String] = []
    /// Existing overrides whose content type is replaced (by part key).
    private var replacements: [String: String] = [:]

    init(archive: ZipArchive) throws {
        file = archive.path
        guard archive.contains(Self.partName) else {
            throw SpreadsheetError(.partMissing, file: archive.path, part: Self.partName)
        }
        original = try archive.readAll(Self.partName)
        var tokens = RawXMLTokenizer(bytes: original, file: archive.path, part: Self.partName)
        while try tokens.next() != .end {
            guard tokens.kind == .startTag else { continue }
            if tokens.nameIs("Default"), let ext = tokens.attribute("Extension") {
                defaults.insert(ext.lowercased())
            } else if tokens.nameIs("Override"), let name = tokens.attribute("PartName") {
                overrides.insert(Self.key(name))
            }
        }
    }

    /// The content type `[Content_Types].xml` gives `part`: its override, else the default for
    /// its extension.
    static func contentType(of part: String, in archive: ZipArchive) throws -> String? {
        var tokens = RawXMLTokenizer(bytes: try archive.readAll(partName), file: archive.path, part: partName)
        let wanted = key(part)
        let ext = wanted.split(separator: ".").last.map(String.init) ?? ""
        var byDefault: String?
        while try tokens.next() != .end {
            guard tokens.kind == .startTag else { continue }
            if tokens.nameIs("Override"), tokens.attribute("PartName").map(key) == wanted {
                return tokens.attribute("ContentType")
            }
            if tokens.nameIs("Default"), tokens.attribute("Extension")?.lowercased() == ext {
                byDefault = tokens.attribute("ContentType")
            }
        }
        return byDefault
    }

    /// Gives `part` the content type `contentType`: its existing override is rewritten, or one
    /// is added.
    mutating func setOverride(part: String, contentType: String) {
        if overrides.contains(Self.key(part)) {
            replacements[Self.key(part)] = contentType
        } else {
            addOverride(part: part, contentType: contentType)
        }
    }

    private static func key(_ partName: String) -> String {
        var key = partName.lowercased()
        while key.hasPrefix("/") { key.removeFirst() }
        return key
    }

    mutating func addDefault(extension ext: String, contentType: String) {
        guard !defaults.contains(ext.lowercased()) else { return }
        defaults.insert(ext.lowercased())
        additions.append("Default Extension=\"\(ext)\" ContentType=\"\(contentType)\"")
    }

    mutating func addOverride(part: String, contentType: String) {
        guard !overrides.contains(Self.key(part)) else { return }
        overrides.insert(Self.key(part))
        additions.append("Override PartName=\"/\(RawXML.escape(part, attribute: true))\" ContentType=\"\(contentType)\"")
    }

    func serialized() throws -> [UInt8] {
        var original = self.original
        if !replacements.isEmpty {
            var tokens = RawXMLTokenizer(bytes: original, file: file, part: Self.partName)
            var out = ByteSink(capacity: original.count + 256)
            while try tokens.next() != .end {
                if tokens.kind == .startTag, tokens.nameIs("Override"),
                   let replacement = tokens.attribute("PartName").flatMap({ replacements[Self.key($0)] }) {
                    out.append(tokens.rewrittenStartTag(set: [("ContentType", replacement)]))
                } else {
                    out.append(tokens.bytes[tokens.range])
                }
            }
            original = out.bytes
        }
        guard let edited = try PartEditing.insert(into: original, element: "Types", file: file, part: Self.partName,
                                                  content: { prefix in additions.map { "<\(prefix)\($0)/>" }.joined() }) else {
            throw SpreadsheetError(.xmlMalformed, file: file, part: Self.partName, detail: "no <Types> element")
        }
        return edited
    }
}

/// The workbook part: its sheets (name, id, relationship) and the edit that appends a sheet.
struct WorkbookEditor {
    struct Sheet {
        var name: String
        var sheetId: Int
        var relationshipId: String?
        /// The worksheet part, resolved as the reader resolves it.
        var part: String
    }

    let partName: String
    private let original: [UInt8]
    private let file: String
    private(set) var sheets: [Sheet] = []
    /// The qualified prefix used for `r:id` on existing sheets (with colon), if any.
    private var relationshipPrefix: String?

    init(partName: String, archive: ZipArchive, relationships: RelationshipsEditor) throws {
        self.partName = partName
        file = archive.path
        original = try archive.readAll(partName)
        var tokens = RawXMLTokenizer(bytes: original, file: archive.path, part: partName)
        while try tokens.next() != .end {
            guard tokens.kind == .startTag, tokens.nameIs("sheet"), let name = tokens.attribute("name") else { continue }
            // The first attribute named `id` in any namespace, as the reader takes it.
            var relationshipId: String? = nil
            for attribute in tokens.attributes() where RawXML.equals(tokens.bytes[attribute.local], "id") {
                let qualified = String(decoding: tokens.bytes[attribute.name], as: UTF8.self)
                relationshipId = RawXML.decode(tokens.bytes[attribute.value])
                if let colon = qualified.firstIndex(of: ":"), relationshipPrefix == nil {
                    relationshipPrefix = String(qualified[...colon])
                }
                break
            }
            let sheetId = tokens.attribute("sheetId").flatMap { Int($0) } ?? 0
            let part = relationshipId.flatMap { relationships.target(id: $0) } ?? "xl/worksheets/sheet\(sheets.count + 1).xml"
            sheets.append(Sheet(name: name, sheetId: sheetId, relationshipId: relationshipId, part: part))
        }
    }

    /// The workbook with a sheet appended to `<sheets>`.
    func appendingSheet(name: String, relationshipId: String, relationshipsNamespace: String) throws -> [UInt8] {
        let sheetId = (sheets.map(\.sheetId).max() ?? 0) + 1
        let idAttribute: String
        if let relationshipPrefix {
            idAttribute = "\(relationshipPrefix)id=\"\(relationshipId)\""
        } else {
            idAttribute = "xmlns:r=\"\(relationshipsNamespace)\" r:id=\"\(relationshipId)\""
        }
        guard let edited = try PartEditing.insert(into: original, element: "sheets", file: file, part: partName, content: { prefix in
            "<\(prefix)sheet name=\"\(RawXML.escape(name, attribute: true))\" sheetId=\"\(sheetId)\" \(idAttribute)/>"
        }) else {
            throw SpreadsheetError(.xmlMalformed, file: file, part: partName, detail: "the workbook has no <sheets> element")
        }
        return edited
    }
}

/// The namespaces of one OOXML flavour. A strict package (ISO/IEC 29500 Strict, Excel's «Strict
/// Open XML Spreadsheet») uses `purl.oclc.org` names for the same elements and relationship
/// types; what the annotation adds must use the package's own flavour.
struct OOXMLNamespaces: Equatable {
    let spreadsheet: String
    let relationships: String

    static let transitional = OOXMLNamespaces(spreadsheet: "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                              relationships: "http://schemas.openxmlformats.org/officeDocument/2006/relationships")
    static let strict = OOXMLNamespaces(spreadsheet: "http://purl.oclc.org/ooxml/spreadsheetml/main",
                                        relationships: "http://purl.oclc.org/ooxml/officeDocument/relationships")

    /// The relationship type `name` (`worksheet`, `comments`, `vmlDrawing`, `styles`).
    func relationshipType(_ name: String) -> String { relationships + "/" + name }
}

/// What a workbook package is: where its workbook part is, whether it is strict, macro-enabled
/// or a template — read from the package relationships, the content types and the workbook's
/// root element.
struct OOXMLPackage {
    static let macroEnabledMain = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
    static let macroEnabledTemplate = "application/vnd.ms-excel.template.macroEnabled.main+xml"
    static let templateMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml"
    static let workbookMain = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"

    let workbookPart: String
    /// The workbook part's content type as `[Content_Types].xml` declares it (empty if not).
    let workbookContentType: String
    let namespaces: OOXMLNamespaces

    var isMacroEnabled: Bool {
        let type = workbookContentType.lowercased()
        return type == Self.macroEnabledMain.lowercased() || type == Self.macroEnabledTemplate.lowercased()
    }

    /// The content type the copy's workbook part gets: a template's copy is a workbook (the name
    /// `.checked.xlsx`/`.xlsm` promises one), everything else keeps its own.
    var copyContentType: String? {
        switch workbookContentType.lowercased() {
        case Self.templateMain.lowercased(): return Self.workbookMain
        case Self.macroEnabledTemplate.lowercased(): return Self.macroEnabledMain
        default: return nil
        }
    }

    init(archive: ZipArchive) throws {
        let packageRelationships = try RelationshipsEditor(of: "", in: archive)
        workbookPart = packageRelationships.target(typeSuffix: "officeDocument")
            .flatMap { archive.contains($0) ? $0 : nil } ?? "xl/workbook.xml"
        workbookContentType = archive.contains(ContentTypesEditor.partName)
            ? try ContentTypesEditor.contentType(of: workbookPart, in: archive) ?? "" : ""
        var namespaces = OOXMLNamespaces.transitional
        if archive.contains(workbookPart) {
            var tokens = RawXMLTokenizer(bytes: try archive.readAll(workbookPart), file: archive.path, part: workbookPart)
            while try tokens.next() != .end {
                guard tokens.kind == .startTag else { continue }
                let qualified = tokens.prefix.isEmpty ? "xmlns" : "xmlns:" + String(tokens.prefix.dropLast())
                if tokens.attribute(qualified: qualified) == OOXMLNamespaces.strict.spreadsheet { namespaces = .strict }
                break
            }
        }
        self.namespaces = namespaces
    }
}
