/// The relationships of one package part (`_rels/*.rels`): id → target part and type.
struct Relationships {
    struct Relationship {
        var id: String
        var type: String
        /// The target resolved to a package part name without a leading `/`.
        var target: String
        var isExternal: Bool
    }

    private(set) var all: [Relationship] = []

    /// The relationships part that belongs to `partName`, e.g. `xl/_rels/workbook.xml.rels`.
    static func partName(for partName: String) -> String {
        let (directory, file) = split(partName)
        return (directory.isEmpty ? "" : directory + "/") + "_rels/" + file + ".rels"
    }

    /// Parses a relationships part; targets are resolved against `sourcePart`'s folder.
    init(bytes: [UInt8], sourcePart: String, file: String, part: String) throws {
        var scanner = XMLScanner(bytes: bytes, file: file, part: part)
        let base = Relationships.split(sourcePart).directory
        while true {
            switch try scanner.next() {
            case .end:
                return
            case .startTag where scanner.nameIs("Relationship"):
                guard let id = scanner.attribute("Id"), let target = scanner.attribute("Target") else { continue }
                let external = scanner.attribute("TargetMode") == "External"
                all.append(Relationship(
                    id: id, type: scanner.attribute("Type") ?? "",
                    target: external ? target : Relationships.resolve(target, against: base),
                    isExternal: external))
            default:
                continue
            }
        }
    }

    init() {}

    func target(id: String) -> String? { all.first { $0.id == id && !$0.isExternal }?.target }

    /// The relationship with this id (internal targets only).
    func relationship(id: String) -> Relationship? { all.first { $0.id == id && !$0.isExternal } }

    /// The first target whose type ends with `/suffix` (types differ between transitional and strict OOXML).
    func target(typeSuffix suffix: String) -> String? {
        all.first { !$0.isExternal && $0.type.hasSuffix("/" + suffix) }?.target
    }

    static func split(_ path: String) -> (directory: String, file: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        return (String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// A path of non-empty segments none of which starts with `.`.
    private static func isPlain(_ path: Substring.UTF8View) -> Bool {
        guard !path.isEmpty else { return false }
        var previous = UInt8(ascii: "/")
        for byte in path {
            if previous == UInt8(ascii: "/") && (byte == UInt8(ascii: ".") || byte == UInt8(ascii: "/")) { return false }
            previous = byte
        }
        return previous != UInt8(ascii: "/")
    }

    /// Resolves `target` (relative, or absolute with a leading `/`) to a part name.
    static func resolve(_ target: String, against base: String) -> String {
        // The usual case (`worksheets/sheet1.xml`, `/xl/workbook.xml`): no dot segments, no
        // empty ones; joined without splitting (every file of a batch resolves a few of these).
        let absolute = target.utf8.first == UInt8(ascii: "/")
        let relative = absolute ? Substring(target).dropFirst() : Substring(target)
        if isPlain(relative.utf8), absolute || base.isEmpty || isPlain(Substring(base).utf8) {
            return absolute || base.isEmpty ? String(relative) : base + "/" + relative
        }
        var segments: [Substring] = target.hasPrefix("/") || base.isEmpty ? [] : base.split(separator: "/")
        for segment in target.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(segment)
        }
        return segments.joined(separator: "/")
    }
}
