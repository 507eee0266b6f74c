/// The prefixes (with their colon) the added XML is written with.
struct ODSPrefixes {
    static let officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    static let styleNS = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
    static let textNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    static let tableNS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    static let foNS = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
    static let dcNS = "http://purl.org/dc/elements/1.1/"
    static let xlinkNS = "http://www.w3.org/1999/xlink"
    static let tableoooNS = "http://openoffice.org/2009/table"

    var office = "office:"
    var style = "style:"
    var text = "text:"
    var table = "table:"
    var fo = "fo:"
    var dc = "dc:"
    var xlink = "xlink:"
    /// LibreOffice's extension namespace (tab colours); only when the part declares it.
    var tableooo: String? = nil
}

/// Text as ODF paragraphs carry it: runs of spaces beyond the first, and spaces at the start
/// or end, as `text:s`; tabs as `text:tab` (a reader would otherwise collapse them).
enum ODSText {
    static func paragraph(_ line: String, ns: ODSPrefixes) -> String {
        "<\(ns.text)p>" + content(line, ns: ns) + "</\(ns.text)p>"
    }

    /// The content of a paragraph holding `line` (which has no line break).
    static func content(_ line: String, ns: ODSPrefixes) -> String {
        let t = ns.text
        var xml = ""
        var run = ""
        var spaces = 0
        var atStart = true
        func spacesElement(_ n: Int) -> String { n == 1 ? "<\(t)s/>" : "<\(t)s \(t)c=\"\(n)\"/>" }
        for scalar in line.unicodeScalars {
            if scalar == " " {
                spaces += 1
                continue
            }
            if spaces > 0 {
                if atStart {
                    xml += spacesElement(spaces)
                } else {
                    run += " "
                    if spaces > 1 {
                        xml += RawXML.escape(run) + spacesElement(spaces - 1)
                        run = ""
                    }
                }
                spaces = 0
            }
            atStart = false
            if scalar == "\t" {
                xml += RawXML.escape(run) + "<\(t)tab/>"
                run = ""
            } else {
                run.unicodeScalars.append(scalar)
            }
        }
        xml += RawXML.escape(run)
        if spaces > 0 { xml += spacesElement(spaces) }
        return xml
    }
}
