import CXlsxWriter

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one XLSX workbook through libxlsxwriter, atomically and byte-for-byte reproducibly.
///
/// The writer owns the `lxw_workbook` handle; nothing outside this layer sees a libxlsxwriter
/// type. Sheets are added with `addSheet(name:)` and filled through their row-ordered
/// `SheetWriter`; `close()` writes the package.
///
/// **Atomic output.** The package is written to a hidden temporary file next to the target
/// (`.<name>.tmp-<pid>-<random>`), created when the writer is initialised (so a missing or
/// read-only directory fails at once, before any work is done). `close()` flushes it to disk
/// and renames it over `path` with POSIX `rename(2)`, so readers see either the old file or the
/// complete new one. Any failure removes the temporary file; a writer dropped without
/// `close()` frees the workbook and removes the temporary file too, so no half-written file is
/// ever left behind.
///
/// **Determinism.** Writing the same content with the same `Options` gives byte-identical
/// files at any wall-clock time. libxlsxwriter 1.1.4 reads the clock in exactly one place:
/// `docProps/core.xml` (`dcterms:created` and `dcterms:modified`) uses
/// `lxw_doc_properties.created`, falling back to `time(NULL)` only when it is 0. The writer
/// always sets it from `Options.creationDate` (interpreted as UTC), and refuses the one value
/// that maps to 0 (1970-01-01T00:00:00). The ZIP container's entry dates are *not* taken from
/// the clock: the 1.1.4 packager (`lxw_packager_new` in `src/packager.c`) fills minizip's
/// `zip_fileinfo` with a fixed 1980-01-01 00:00 (as Excel does) and `dosDate = 0`, and entries
/// are added in a fixed order; temporary-file names never reach the package. So no post-pass
/// over the ZIP headers is needed — the determinism test in `XLSXWriterTests` guards this
/// should a future libxlsxwriter change it.
///
/// **Not thread-safe.** A writer and its sheets belong to one task at a time.
public final class XLSXWriter {
    /// How a workbook is written.
    public struct Options: Hashable, Sendable {
        /// The document's creation time, written as both `created` and `modified` in
        /// `docProps/core.xml` (as UTC). Fixed by the caller so output is reproducible.
        public var creationDate: CivilDateTime
        /// libxlsxwriter's constant-memory mode: each row is flushed to a temporary file once a
        /// later row is written, and strings are stored inline (`t="inlineStr"`) instead of in
        /// the shared-strings table. Safe with `SheetWriter`'s row-ordered API.
        public var constantMemory: Bool
        /// Directory for libxlsxwriter's temporary files; `nil` for the system default.
        public var tmpdir: String?
        public var title: String?
        public var subject: String?
        public var author: String?
        public var company: String?

        public init(
            creationDate: CivilDateTime, constantMemory: Bool = false, tmpdir: String? = nil,
            title: String? = nil, subject: String? = nil, author: String? = nil, company: String? = nil
        ) {
            self.creationDate = creationDate
            self.constantMemory = constantMemory
            self.tmpdir = tmpdir
            self.title = title
            self.subject = subject
            self.author = author
            self.company = company
        }
    }

    /// The target path, as the caller named it.
    public let path: String
    public let options: Options
    /// The temporary file the package is written to before the rename.
    let temporaryPath: String

    private var workbook: UnsafeMutablePointer<lxw_workbook>?
    private let arena = CStringArena()
    private var formats: [CellStyle: UnsafeMutablePointer<lxw_format>] = [:]
    /// The styles used most recently, searched by equality before hashing: a sheet uses a
    /// handful of styles over and over, and hashing a `CellStyle` for every cell cost more
    /// than libxlsxwriter's own work on a short string.
    private var recentStyles: [CellStyle] = []
    private var recentFormats: [UnsafeMutablePointer<lxw_format>] = []
    /// Worksheet handles (owned by the workbook), kept to release them on `discard()`.
    private var worksheets: [UnsafeMutablePointer<lxw_worksheet>] = []
    /// Sheet names in the order added.
    public private(set) var sheetNames: [String] = []
    private var sheetKeys: Set<String> = []
    private var temporaryExists = false

    /// Starts a workbook that `close()` will write to `path`.
    ///
    /// - Parameters:
    ///   - path: The XLSX file to create or replace.
    ///   - options: Creation date, memory mode and document metadata.
    /// - Throws: `SpreadsheetError` `.writeFailed` when the temporary file cannot be created
    ///   next to `path` (missing directory, no permission) or libxlsxwriter cannot start.
    public init(path: String, options: Options) throws {
        self.path = path
        self.options = options
        self.temporaryPath = AtomicFile.temporaryPath(for: path)

        let created = options.creationDate.secondsSinceEpoch
        guard created != 0 else {
            throw XLSXWriteError.invalid(
                "creationDate 1970-01-01T00:00:00 cannot be used: libxlsxwriter reads 0 as 'now'", file: path)
        }

        // Reserve the temporary name (and prove the directory is writable) before any work.
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw XLSXWriteError.posix("cannot create \(temporaryPath)", errno: errno, file: path)
        }
        _ = posixClose(descriptor)
        temporaryExists = true

        var workbookOptions = lxw_workbook_options()
        workbookOptions.constant_memory = options.constantMemory ? 1 : 0
        workbookOptions.use_zip64 = 0
        if let tmpdir = options.tmpdir {
            workbookOptions.tmpdir = arena.string(tmpdir)
        }
        guard let handle = workbook_new_opt(temporaryPath, &workbookOptions) else {
            removeTemporaryFile()
            throw XLSXWriteError.invalid("libxlsxwriter could not create the workbook", file: path)
        }
        workbook = handle

        var properties = lxw_doc_properties()
        properties.title = options.title.flatMap { arena.string($0) }
        properties.subject = options.subject.flatMap { arena.string($0) }
        properties.author = options.author.flatMap { arena.string($0) }
        properties.company = options.company.flatMap { arena.string($0) }
        properties.created = time_t(created)
        let status = workbook_set_properties(handle, &properties)
        guard status == LXW_NO_ERROR else {
            discard()
            throw XLSXWriteError.library(status, file: path, context: "document properties")
        }
    }

    deinit {
        discard()
    }

    /// A valid, unique sheet name made from arbitrary text; see `SheetName.safe`.
    public static func safeSheetName(_ raw: String, avoiding existing: [String] = [], fallback: String = "Sheet") -> String {
        SheetName.safe(raw, avoiding: existing, fallback: fallback)
    }

    /// Whether `close()` has not been called yet.
    public var isOpen: Bool { workbook != nil }

    /// Adds a worksheet at the end of the workbook.
    ///
    /// - Parameter name: The sheet name; checked against Excel's rules (see `SheetName`),
    ///   including uniqueness ignoring case. Use `safeSheetName(_:avoiding:)` for arbitrary text.
    /// - Returns: The row-ordered writer for the new sheet.
    /// - Throws: `SpreadsheetError` `.writeFailed` for an invalid or duplicate name or a closed
    ///   workbook.
    public func addSheet(name: String) throws -> SheetWriter {
        let handle = try openHandle(part: name)
        if let problem = SheetName.problem(with: name) {
            throw XLSXWriteError.invalid(problem, file: path, part: name)
        }
        let key = SheetName.key(name)
        guard !sheetKeys.contains(key) else {
            throw XLSXWriteError.invalid("a sheet named '\(name)' already exists (names are compared ignoring case)",
                                         file: path, part: name)
        }
        guard let cName = arena.string(name) else {
            throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: path, part: name)
        }
        guard let sheet = workbook_add_worksheet(handle, cName) else {
            throw XLSXWriteError.invalid("libxlsxwriter refused the sheet name '\(name)'", file: path, part: name)
        }
        sheetNames.append(name)
        sheetKeys.insert(key)
        worksheets.append(sheet)
        return SheetWriter(book: self, handle: sheet, name: name)
    }

    /// Writes the package and moves it into place.
    ///
    /// After `close()` (successful or not) the workbook is finished: sheet writers throw, and a
    /// second `close()` does nothing.
    ///
    /// - Throws: `SpreadsheetError` `.writeFailed` with libxlsxwriter's message, or the POSIX
    ///   error of the final rename. The temporary file is removed and `path` is left untouched.
    public func close() throws {
        guard let handle = workbook else { return }
        workbook = nil
        formats.removeAll()
        recentStyles.removeAll()
        recentFormats.removeAll()
        worksheets.removeAll()
        // workbook_close frees the workbook whether or not it succeeds.
        let status = workbook_close(handle)
        defer { arena.freeAll() }
        guard status == LXW_NO_ERROR else {
            removeTemporaryFile()
            throw XLSXWriteError.library(status, file: path)
        }
        do {
            try AtomicFile.commit(temporaryPath, to: path)
        } catch {
            temporaryExists = false
            throw error
        }
        temporaryExists = false
    }

    // MARK: - Internal services for SheetWriter

    /// The open workbook handle, or an error naming `part`.
    func openHandle(part: @autoclosure () -> String?) throws -> UnsafeMutablePointer<lxw_workbook> {
        guard let workbook else {
            throw XLSXWriteError.invalid("the workbook is already closed", file: path, part: part())
        }
        return workbook
    }

    /// The cached libxlsxwriter format of a style; `nil` for no style or the default style.
    func format(for style: CellStyle?, part: @autoclosure () -> String?) throws -> UnsafeMutablePointer<lxw_format>? {
        guard let style, !style.isDefault else { return nil }
        for index in recentStyles.indices where recentStyles[index] == style { return recentFormats[index] }
        if let cached = formats[style] {
            remember(style, cached)
            return cached
        }
        let handle = try openHandle(part: part())
        if let problem = XLSXWriter.problem(with: style) {
            throw XLSXWriteError.invalid(problem, file: path, part: part())
        }
        guard let format = workbook_add_format(handle) else {
            throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: path, part: part())
        }
        if style.bold { format_set_bold(format) }
        if style.italic { format_set_italic(format) }
        if let size = style.fontSize { format_set_font_size(format, size) }
        if let color = style.fontColor { format_set_font_color(format, XLSXWriter.color(color)) }
        if let fill = style.fill {
            format_set_pattern(format, UInt8(LXW_PATTERN_SOLID.rawValue))
            format_set_bg_color(format, XLSXWriter.color(fill))
        }
        if let horizontal = style.horizontal { format_set_align(format, XLSXWriter.code(horizontal)) }
        if let vertical = style.vertical { format_set_align(format, XLSXWriter.code(vertical)) }
        if style.wrap { format_set_text_wrap(format) }
        if style.border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        if let numberFormat = style.numberFormat {
            guard let text = arena.string(numberFormat) else {
                throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: path, part: part())
            }
            format_set_num_format(format, text)
        }
        if !style.locked { format_set_unlocked(format) }
        if style.indent > 0 { format_set_indent(format, UInt8(style.indent)) }
        formats[style] = format
        remember(style, format)
        return format
    }

    private func remember(_ style: CellStyle, _ format: UnsafeMutablePointer<lxw_format>) {
        if recentStyles.count == 16 {
            recentStyles.removeFirst()
            recentFormats.removeFirst()
        }
        recentStyles.append(style)
        recentFormats.append(format)
    }

    /// A C string owned by this workbook until it is closed.
    func cString(_ text: String, part: String?) throws -> UnsafeMutablePointer<CChar> {
        guard let pointer = arena.string(text) else {
            throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: path, part: part)
        }
        return pointer
    }

    /// A NULL-terminated C string list owned by this workbook until it is closed.
    func cStringList(_ texts: [String], part: String?) throws -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> {
        guard let pointer = arena.stringList(texts) else {
            throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: path, part: part)
        }
        return pointer
    }

    /// The exact name of an existing sheet, looked up ignoring case.
    func existingSheetName(_ name: String) -> String? {
        let key = SheetName.key(name)
        return sheetNames.first { SheetName.key($0) == key }
    }

    /// A new chart owned by the workbook.
    func newChart(kind: ChartKind, part: String?) throws -> UnsafeMutablePointer<lxw_chart> {
        let handle = try openHandle(part: part)
        let type: UInt8
        switch kind {
        case .bar: type = UInt8(LXW_CHART_BAR.rawValue)
        case .column: type = UInt8(LXW_CHART_COLUMN.rawValue)
        case .pie: type = UInt8(LXW_CHART_PIE.rawValue)
        case .line: type = UInt8(LXW_CHART_LINE.rawValue)
        }
        guard let chart = workbook_add_chart(handle, type) else {
            throw XLSXWriteError.library(LXW_ERROR_MEMORY_MALLOC_FAILED, file: path, part: part)
        }
        return chart
    }

    // MARK: - Helpers

    /// libxlsxwriter reads colour 0 as "unset"; black has its own code.
    static func color(_ rgb: UInt32) -> lxw_color_t {
        let masked = rgb & 0xFF_FFFF
        return masked == 0 ? lxw_color_t(LXW_COLOR_BLACK.rawValue) : lxw_color_t(masked)
    }

    private static func code(_ alignment: CellStyle.HorizontalAlignment) -> UInt8 {
        switch alignment {
        case .left: return UInt8(LXW_ALIGN_LEFT.rawValue)
        case .center: return UInt8(LXW_ALIGN_CENTER.rawValue)
        case .right: return UInt8(LXW_ALIGN_RIGHT.rawValue)
        case .fill: return UInt8(LXW_ALIGN_FILL.rawValue)
        case .justify: return UInt8(LXW_ALIGN_JUSTIFY.rawValue)
        case .centerAcross: return UInt8(LXW_ALIGN_CENTER_ACROSS.rawValue)
        case .distributed: return UInt8(LXW_ALIGN_DISTRIBUTED.rawValue)
        }
    }

    private static func code(_ alignment: CellStyle.VerticalAlignment) -> UInt8 {
        switch alignment {
        case .top: return UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue)
        case .center: return UInt8(LXW_ALIGN_VERTICAL_CENTER.rawValue)
        case .bottom: return UInt8(LXW_ALIGN_VERTICAL_BOTTOM.rawValue)
        case .justify: return UInt8(LXW_ALIGN_VERTICAL_JUSTIFY.rawValue)
        case .distributed: return UInt8(LXW_ALIGN_VERTICAL_DISTRIBUTED.rawValue)
        }
    }

    private static func problem(with style: CellStyle) -> String? {
        if let size = style.fontSize, !(size >= 1 && size <= 409) { return "font size \(size) is outside 1–409" }
        if !(0...15).contains(style.indent) { return "indent \(style.indent) is outside 0–15" }
        if let format = style.numberFormat {
            if format.isEmpty { return "an empty number format" }
            if format.utf8.count >= 128 { return "number format '\(format)' is longer than 127 bytes" }
        }
        return nil
    }

    /// Frees an unclosed workbook and removes the temporary file.
    private func discard() {
        if let handle = workbook {
            workbook = nil
            // lxw_workbook_free (1.1.4) does not close a constant-memory sheet's row file,
            // which workbook_close would have consumed; close it here so no descriptor leaks.
            for sheet in worksheets {
                if let file = sheet.pointee.optimize_tmpfile {
                    fclose(file)
                    sheet.pointee.optimize_tmpfile = nil
                    sheet.pointee.file = nil
                }
            }
            lxw_workbook_free(handle)
        }
        worksheets.removeAll()
        formats.removeAll()
        recentStyles.removeAll()
        recentFormats.removeAll()
        arena.freeAll()
        removeTemporaryFile()
    }

    private func removeTemporaryFile() {
        guard temporaryExists else { return }
        _ = unlink(temporaryPath)
        temporaryExists = false
    }
}

/// POSIX `close(2)`, named so it cannot be confused with `XLSXWriter.close()`.
@inline(__always)
func posixClose(_ descriptor: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(descriptor)
    #elseif canImport(Musl)
    return Musl.close(descriptor)
    #else
    return Darwin.close(descriptor)
    #endif
}
