/// Why a spreadsheet could not be read or written.
///
/// Every case has a stable ASCII code (never translated) and a sentence a clerk understands,
/// in Russian and English. The batch goes on: later stages turn this into a diagnostic.
public struct SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable, CaseIterable {
        /// The file does not exist or cannot be opened.
        case fileUnreadable = "file-unreadable"
        /// Neither XLSX, ODS nor CSV.
        case unknownFormat = "file-unknown-format"
        /// A legacy Excel workbook Svod does not read: Excel 5.0/95 (BIFF5) or older, or a
        /// `.xls` that is not an Excel 97–2003 workbook (HTML or XML saved under that name).
        case legacyXLS = "file-legacy-xls"
        /// An Excel binary workbook (`.xlsb`).
        case xlsb = "file-xlsb"
        /// A password-protected (encrypted) workbook.
        case encrypted = "file-encrypted"
        /// An OpenDocument file that is not a spreadsheet (a text document `.odt`, a presentation).
        case ods = "file-ods"
        /// A damaged or truncated ZIP container, or a part that cannot be inflated.
        case corrupt = "file-corrupt"
        /// An XLSX package without a part it must have (workbook, sheet).
        case partMissing = "file-part-missing"
        /// A part inflates beyond the configured size cap.
        case tooLarge = "file-too-large"
        /// A part's compression ratio is suspicious (a "zip bomb").
        case suspiciousCompression = "file-zip-bomb"
        /// Two ZIP entries with one part name (letter case and `\` / `/` aside).
        case duplicateEntry = "file-zip-duplicate-entry"
        /// XML with a DOCTYPE or entity declarations.
        case xmlDTD = "file-xml-dtd"
        /// XML that is not well formed.
        case xmlMalformed = "file-xml-malformed"
        /// The requested sheet does not exist.
        case sheetNotFound = "sheet-not-found"
        /// A sheet with more rows, columns or cells than the configured caps.
        case sheetTooLarge = "sheet-too-large"
        /// A CSV file in an encoding that could not be recognised.
        case csvEncoding = "csv-encoding"
        /// Writing a workbook failed.
        case writeFailed = "write-failed"
    }

    public var code: Code
    /// The file concerned, as the user named it.
    public var file: String?
    /// The package part or other location inside the file, e.g. `xl/worksheets/sheet1.xml`.
    public var part: String?
    /// A technical detail in English (for logs and `--lang en`), e.g. a libzip message.
    public var detail: String?

    public init(_ code: Code, file: String? = nil, part: String? = nil, detail: String? = nil) {
        self.code = code
        self.file = file
        self.part = part
        self.detail = detail
    }

    /// The same error, naming the file.
    public func with(file: String) -> SpreadsheetError {
        var copy = self
        if copy.file == nil { copy.file = file }
        return copy
    }

    /// The sentence shown to a clerk or operator.
    public func message(_ language: Language) -> String {
        var text = Self.summary(code)(language)
        if let part, language == .en || code == .partMissing || code == .sheetNotFound || code == .xmlMalformed
            || code == .duplicateEntry {
            text += language == .ru ? " (часть: \(part))" : " (part: \(part))"
        }
        if let detail, language == .en || code == .xmlMalformed || code == .sheetTooLarge || code == .tooLarge {
            text += language == .ru ? " Подробности: \(detail)." : " Detail: \(detail)."
        }
        return text
    }

    public var description: String {
        "\(code.rawValue): \(file.map { $0 + ": " } ?? "")\(message(.en))"
    }

    /// One sentence per code: what is wrong and what to do about it.
    public static func summary(_ code: Code) -> LocalizedText {
        switch code {
        case .fileUnreadable:
            return .init(ru: "Файл не найден или не открывается.", en: "The file does not exist or cannot be opened.")
        case .unknownFormat:
            return .init(
                ru: "Формат файла не распознан. Сохраните отчет в формате Excel (.xlsx), OpenDocument (.ods) или CSV.",
                en: "The file format is not recognised. Save the report as Excel (.xlsx), OpenDocument (.ods) or CSV.")
        case .legacyXLS:
            return .init(
                ru: "Файл в устаревшем формате Excel (5.0/95 или старше, либо веб-страница или XML с расширением .xls), который Svod не читает. Откройте его и сохраните как «Книга Excel (.xlsx)».",
                en: "The file is in an old Excel format Svod does not read (Excel 5.0/95 or older, or a web page or XML saved as .xls). Open it and save it as an Excel workbook (.xlsx).")
        case .xlsb:
            return .init(
                ru: "Файл в двоичном формате Excel (.xlsb), который Svod не читает. Откройте его и сохраните как «Книга Excel (.xlsx)».",
                en: "The file is an Excel binary workbook (.xlsb), which Svod does not read. Open it and save it as an Excel workbook (.xlsx).")
        case .encrypted:
            return .init(
                ru: "Книга защищена паролем (зашифрована). Снимите пароль при сохранении (в LibreOffice — «Сохранить как», без флажка «Сохранить с паролем») и отправьте файл повторно.",
                en: "The workbook is password-protected (encrypted). Save it without the password (in LibreOffice: Save As, with “Save with password” unticked) and send the file again.")
        case .ods:
            return .init(
                ru: "Файл в формате OpenDocument, но это не электронная таблица (например, текстовый документ .odt). Сохраните отчет как таблицу: «Электронная таблица ODF (.ods)» или «Книга Excel (.xlsx)».",
                en: "The file is an OpenDocument file but not a spreadsheet (for example a text document, .odt). Save the report as a spreadsheet: ODF Spreadsheet (.ods) or Excel workbook (.xlsx).")
        case .corrupt:
            return .init(
                ru: "Файл поврежден или передан не полностью. Сохраните его заново и отправьте повторно.",
                en: "The file is damaged or truncated. Save it again and resend it.")
        case .partMissing:
            return .init(
                ru: "В книге Excel не хватает обязательной части; файл, вероятно, создан с ошибкой. Сохраните его заново в Excel или LibreOffice.",
                en: "The Excel workbook lacks a required part; it was probably produced incorrectly. Save it again in Excel or LibreOffice.")
        case .tooLarge:
            return .init(
                ru: "Файл слишком большой для отчета: после распаковки он превышает допустимый размер.",
                en: "The file is too large for a report: it inflates beyond the allowed size.")
        case .suspiciousCompression:
            return .init(
                ru: "Файл сжат подозрительно сильно (возможна «zip-бомба») и не будет обработан.",
                en: "The file is compressed suspiciously well (a possible zip bomb) and will not be processed.")
        case .duplicateEntry:
            return .init(
                ru: "В архиве книги Excel две части с одинаковым именем, и неясно, какая из них настоящая. Сохраните файл заново в Excel или LibreOffice.",
                en: "The Excel workbook's ZIP archive holds two entries with the same name, so which one is real is unclear. Save the file again in Excel or LibreOffice.")
        case .xmlDTD:
            return .init(
                ru: "Файл содержит объявления DTD или сущностей XML, которые не допускаются из соображений безопасности. Сохраните его заново в Excel или LibreOffice.",
                en: "The file contains XML DTD or entity declarations, which are refused for safety. Save it again in Excel or LibreOffice.")
        case .xmlMalformed:
            return .init(
                ru: "Содержимое книги повреждено (ошибка XML). Сохраните файл заново в Excel или LibreOffice.",
                en: "The workbook content is damaged (malformed XML). Save the file again in Excel or LibreOffice.")
        case .sheetNotFound:
            return .init(ru: "Лист не найден в книге.", en: "The sheet is not in the workbook.")
        case .sheetTooLarge:
            return .init(
                ru: "Лист слишком большой: превышено допустимое число строк, столбцов или ячеек.",
                en: "The sheet is too large: it exceeds the allowed number of rows, columns or cells.")
        case .csvEncoding:
            return .init(
                ru: "Не удалось определить кодировку CSV-файла. Сохраните его как «CSV UTF-8» или в кодировке Windows-1251.",
                en: "The CSV file's encoding could not be recognised. Save it as CSV UTF-8 or Windows-1251.")
        case .writeFailed:
            return .init(ru: "Не удалось записать книгу Excel.", en: "The Excel workbook could not be written.")
        }
    }
}

/// Caps that keep a hostile or broken file from exhausting memory or time.
public struct ReadLimits: Sendable, Equatable {
    /// Largest inflated size of one ZIP entry, in bytes.
    public var maxEntryBytes: Int = 200 * 1024 * 1024
    /// Largest inflated size of all the entries read from one package, in bytes.
    public var maxTotalBytes: Int = 400 * 1024 * 1024
    /// Largest inflated/compressed ratio of an entry that inflates past `ratioThresholdBytes`.
    public var maxCompressionRatio: Double = 250
    /// Entries smaller than this are never judged by their ratio.
    public var ratioThresholdBytes: Int = 4 * 1024 * 1024
    /// Largest CSV file, in bytes.
    public var maxCSVBytes: Int = 200 * 1024 * 1024
    /// Most rows in one sheet (Excel's own maximum by default).
    public var maxRows: Int = 1_048_576
    /// Most columns in one sheet (Excel's own maximum by default).
    public var maxColumns: Int = 16_384
    /// Most non-empty cells in one sheet.
    public var maxCells: Int = 20_000_000

    public init() {}

    public static let `default` = ReadLimits()
}
