/// Names Svod derives from a file's name (its diagnostics, its report for the municipality):
/// cut to fit the file system's 255 bytes at a character boundary, with the content hash added
/// when cut so that two long names never collide.
public enum DerivedName {
    public static let maximumBytes = 255

    /// `name + suffix`, or, when that is too long, `<name cut>~<tag><suffix>`.
    public static func make(_ name: String, suffix: String, tag: String, maximumBytes: Int = maximumBytes) -> String {
        let whole = name + suffix
        if whole.utf8.count <= maximumBytes { return whole }
        let tail = "~" + tag + suffix
        let budget = maximumBytes - tail.utf8.count
        var cut = ""
        var used = 0
        for character in name {
            let size = character.utf8.count
            if used + size > budget { break }
            cut.append(character)
            used += size
        }
        return cut + tail
    }
}
