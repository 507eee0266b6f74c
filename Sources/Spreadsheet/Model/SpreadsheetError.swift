/// Why a spreadsheet could not be read or written.
///
/// Every case is a registered code (`DiagnosticCode`, declared below with its title,
/// explanation and sentence) and a sentence a clerk understands, in Russian and English. The
/// batch goes on: later stages turn this into a diagnostic.
public struct SpreadsheetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, NamedByDiagnosticCode {
        /// The file does not exist or cannot be opened.
        case fileUnreadable
        /// Neither XLSX, ODS nor CSV.
        case unknownFormat
        /// A legacy Excel workbook Svod does not read: Excel 5.0/95 (BIFF5) or older, or a
        /// `.xls` that is not an Excel 97–2003 workbook (HTML or XML saved under that name).
        case legacyXLS
        /// An Excel binary workbook (`.xlsb`).
        case xlsb
        /// A password-protected (encrypted) workbook.
        case encrypted
        /// An OpenDocument file that is not a spreadsheet (a text document `.odt`, a presentation).
        case ods
        /// A damaged or truncated ZIP container, or a part that cannot be inflated.
        case corrupt
        /// An XLSX package without a part it must have (workbook, sheet).
        case partMissing
        /// A part inflates beyond the configured size cap.
        case tooLarge
        /// A part's compression ratio is suspicious (a "zip bomb").
        case suspiciousCompression
        /// Two ZIP entries with one part name (letter case and `\` / `/` aside).
        case duplicateEntry
        /// XML with a DOCTYPE or entity declarations.
        case xmlDTD
        /// XML that is not well formed.
        case xmlMalformed
        /// The requested sheet does not exist.
        case sheetNotFound
        /// A sheet with more rows, columns or cells than the configured caps.
        case sheetTooLarge
        /// A CSV file in an encoding that could not be recognised.
        case csvEncoding
        /// Writing a workbook failed.
        case writeFailed

        /// The registered code: its name, title, explanation and sentence.
        public var diagnostic: DiagnosticCode {
            switch self {
            case .fileUnreadable: return .fileUnreadable
            case .unknownFormat: return .fileUnknownFormat
            case .legacyXLS: return .fileLegacyXls
            case .xlsb: return .fileXlsb
            case .encrypted: return .fileEncrypted
            case .ods: return .fileOds
            case .corrupt: return .fileCorrupt
            case .partMissing: return .filePartMissing
            case .tooLarge: return .fileTooLarge
            case .suspiciousCompression: return .fileZipBomb
            case .duplicateEntry: return .fileZipDuplicateEntry
            case .xmlDTD: return .fileXmlDtd
            case .xmlMalformed: return .fileXmlMalformed
            case .sheetNotFound: return .sheetNotFound
            case .sheetTooLarge: return .sheetTooLarge
            case .csvEncoding: return .csvEncoding
            case .writeFailed: return .writeFailed
            }
        }
    }

    /// Every code the readers and the writer emit, for the catalog.
    public static let codes: [DiagnosticCode] = Code.allCases.map(\.diagnostic)

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

    /// Where a message names the part, and its technical detail (always in English; in Russian
    /// only for the codes whose part or detail a clerk can act on).
    static let partNote = MessageTemplate(ru: " (часть: {part})", en: " (part: {part})")
    static let detailNote = MessageTemplate(ru: " Подробности: {detail}.", en: " Detail: {detail}.")

    /// The sentence shown to a clerk or operator.
    public func message(_ language: Language) -> String {
        var text = code.diagnostic.template("").text(language)
        if let part, language == .en || code == .partMissing || code == .sheetNotFound || code == .xmlMalformed
            || code == .duplicateEntry {
            text += Self.partNote.text(language, ["part": part])
        }
        if let detail, language == .en || code == .xmlMalformed || code == .sheetTooLarge || code == .tooLarge {
            text += Self.detailNote.text(language, ["detail": detail])
        }
        return text
    }

    /// The sentence in both languages.
    public var localizedMessage: LocalizedText { LocalizedText(ru: message(.ru), en: message(.en)) }

    public var description: String {
        "\(code.rawValue): \(file.map { $0 + ": " } ?? "")\(message(.en))"
    }
}

// The refusals' codes: one sentence each, what is wrong and what to do about it.
extension DiagnosticCode {
    public static let fileUnreadable = DiagnosticCode(
        "file-unreadable", .error,
        title: .init(ru: "Файл не открывается", en: "The file cannot be opened"),
        explanation: .init(
            ru: "Файла нет по указанному пути, или Svod не может его прочитать (нет прав доступа, ошибка чтения). Проверьте путь и права доступа к файлу.",
            en: "There is no file at the path given, or Svod cannot read it (no permission, a read error). Check the path and the file's permissions."),
        message: .init(
            ru: "Файл не найден или не открывается.",
            en: "The file does not exist or cannot be opened."))
    public static let fileUnknownFormat = DiagnosticCode(
        "file-unknown-format", .error,
        title: .init(ru: "Формат файла не распознан", en: "The file format is not recognised"),
        explanation: .init(
            ru: "Svod узнает формат прежде всего по содержимому файла и читает книги Excel (.xlsx, .xls), таблицы OpenDocument (.ods) и CSV. Этот файл не похож ни на один из них (например, это PDF, картинка или документ Word). Сохраните отчет как «Книга Excel (.xlsx)».",
            en: "Svod tells the format first from the file's content and reads Excel workbooks (.xlsx, .xls), OpenDocument spreadsheets (.ods) and CSV. This file is none of them (a PDF, a picture or a Word document, say). Save the report as an Excel workbook (.xlsx)."),
        message: .init(
            ru: "Формат файла не распознан. Сохраните отчет в формате Excel (.xlsx), OpenDocument (.ods) или CSV.",
            en: "The file format is not recognised. Save the report as Excel (.xlsx), OpenDocument (.ods) or CSV."))
    public static let fileLegacyXls = DiagnosticCode(
        "file-legacy-xls", .error,
        title: .init(ru: "Устаревший формат Excel", en: "An old Excel format"),
        explanation: .init(
            ru: "Svod читает книги Excel 97–2003 (.xls), но не более старые (Excel 5.0/95 и раньше) и не веб-страницы или XML, сохраненные с расширением .xls. Откройте файл в Excel или LibreOffice и сохраните как «Книга Excel (.xlsx)».",
            en: "Svod reads Excel 97–2003 workbooks (.xls), but not older ones (Excel 5.0/95 and before), nor web pages or XML saved under the .xls extension. Open the file in Excel or LibreOffice and save it as an Excel workbook (.xlsx)."),
        message: .init(
            ru: "Файл в устаревшем формате Excel (5.0/95 или старше, либо веб-страница или XML с расширением .xls), который Svod не читает. Откройте его и сохраните как «Книга Excel (.xlsx)».",
            en: "The file is in an old Excel format Svod does not read (Excel 5.0/95 or older, or a web page or XML saved as .xls). Open it and save it as an Excel workbook (.xlsx)."))
    public static let fileXlsb = DiagnosticCode(
        "file-xlsb", .error,
        title: .init(ru: "Двоичная книга Excel (.xlsb)", en: "An Excel binary workbook (.xlsb)"),
        explanation: .init(
            ru: "Формат .xlsb хранит книгу в двоичном виде, который Svod не читает. Откройте файл в Excel и сохраните как «Книга Excel (.xlsx)».",
            en: "The .xlsb format stores the workbook in a binary form Svod does not read. Open the file in Excel and save it as an Excel workbook (.xlsx)."),
        message: .init(
            ru: "Файл в двоичном формате Excel (.xlsb), который Svod не читает. Откройте его и сохраните как «Книга Excel (.xlsx)».",
            en: "The file is an Excel binary workbook (.xlsb), which Svod does not read. Open it and save it as an Excel workbook (.xlsx)."))
    public static let fileEncrypted = DiagnosticCode(
        "file-encrypted", .error,
        title: .init(ru: "Книга защищена паролем", en: "The workbook is password-protected"),
        explanation: .init(
            ru: "Книга зашифрована паролем на открытие, и Svod не может прочитать ее содержимое. Сохраните копию без пароля и отправьте ее.",
            en: "The workbook is encrypted with a password to open, so Svod cannot read its content. Save a copy without the password and send that."),
        message: .init(
            ru: "Книга защищена паролем (зашифрована). Снимите пароль при сохранении (в LibreOffice — «Сохранить как», без флажка «Сохранить с паролем») и отправьте файл повторно.",
            en: "The workbook is password-protected (encrypted). Save it without the password (in LibreOffice: Save As, with “Save with password” unticked) and send the file again."))
    public static let fileOds = DiagnosticCode(
        "file-ods", .error,
        title: .init(ru: "Документ OpenDocument, но не таблица", en: "An OpenDocument file that is not a spreadsheet"),
        explanation: .init(
            ru: "Файл в формате OpenDocument, но это текстовый документ, презентация или рисунок, а не электронная таблица. Сохраните отчет как «Электронная таблица ODF (.ods)» или «Книга Excel (.xlsx)».",
            en: "The file is OpenDocument, but a text document, a presentation or a drawing, not a spreadsheet. Save the report as an ODF Spreadsheet (.ods) or an Excel workbook (.xlsx)."),
        message: .init(
            ru: "Файл в формате OpenDocument, но это не электронная таблица (например, текстовый документ .odt). Сохраните отчет как таблицу: «Электронная таблица ODF (.ods)» или «Книга Excel (.xlsx)».",
            en: "The file is an OpenDocument file but not a spreadsheet (for example a text document, .odt). Save the report as a spreadsheet: ODF Spreadsheet (.ods) or Excel workbook (.xlsx)."))
    public static let fileCorrupt = DiagnosticCode(
        "file-corrupt", .error,
        title: .init(ru: "Файл поврежден", en: "The file is damaged"),
        explanation: .init(
            ru: "Архив книги поврежден или обрезан (например, письмо пришло не целиком), или его часть не распаковывается. Откройте исходный файл, сохраните его заново и отправьте повторно.",
            en: "The workbook's archive is damaged or truncated (a mail that arrived incomplete, say), or a part of it does not inflate. Open the original, save it again and resend it."),
        message: .init(
            ru: "Файл поврежден или передан не полностью. Сохраните его заново и отправьте повторно.",
            en: "The file is damaged or truncated. Save it again and resend it."))
    public static let filePartMissing = DiagnosticCode(
        "file-part-missing", .error,
        title: .init(ru: "В книге нет обязательной части", en: "A required part of the workbook is missing"),
        explanation: .init(
            ru: "В пакете книги Excel нет части, без которой ее не прочитать (описания книги или листа); обычно такие файлы записывает программа, которая создает формат с ошибками. Откройте файл в Excel или LibreOffice и сохраните заново.",
            en: "The Excel package lacks a part it cannot be read without (the workbook or a sheet); such files usually come from a program that writes the format incorrectly. Open the file in Excel or LibreOffice and save it again."),
        message: .init(
            ru: "В книге Excel не хватает обязательной части; файл, вероятно, создан с ошибкой. Сохраните его заново в Excel или LibreOffice.",
            en: "The Excel workbook lacks a required part; it was probably produced incorrectly. Save it again in Excel or LibreOffice."))
    public static let fileTooLarge = DiagnosticCode(
        "file-too-large", .error,
        title: .init(ru: "Файл слишком большой", en: "The file is too large"),
        explanation: .init(
            ru: "После распаковки файл больше, чем Svod допускает для одного отчета (ограничение защищает сервер от нехватки памяти). Проверьте, что в отчет не вставлены картинки или лишние листы, и сохраните его заново.",
            en: "Inflated, the file is larger than Svod allows for one report (the cap protects the server's memory). Check that no pictures or extra sheets were pasted into the report, and save it again."),
        message: .init(
            ru: "Файл слишком большой для отчета: после распаковки он превышает допустимый размер.",
            en: "The file is too large for a report: it inflates beyond the allowed size."))
    public static let fileZipBomb = DiagnosticCode(
        "file-zip-bomb", .error,
        title: .init(ru: "Подозрительно сильное сжатие", en: "Suspiciously strong compression"),
        explanation: .init(
            ru: "Часть файла распаковывается во много раз больше, чем бывает у отчетов (так устроены «zip-бомбы»), и Svod ее не распаковывает. Если файл настоящий, сохраните отчет заново без лишних данных.",
            en: "A part of the file inflates many times more than reports ever do (the way zip bombs work), and Svod does not inflate it. If the file is genuine, save the report again without the extra data."),
        message: .init(
            ru: "Файл сжат подозрительно сильно (возможна «zip-бомба») и не будет обработан.",
            en: "The file is compressed suspiciously well (a possible zip bomb) and will not be processed."))
    public static let fileZipDuplicateEntry = DiagnosticCode(
        "file-zip-duplicate-entry", .error,
        title: .init(ru: "Две части книги с одним именем", en: "Two parts of the workbook with one name"),
        explanation: .init(
            ru: "В архиве книги две записи с одинаковым именем (без учета регистра букв и вида косой черты). Разные программы прочли бы разные из них, поэтому Svod файл не принимает. Сохраните его заново в Excel или LibreOffice.",
            en: "The workbook's archive holds two entries with one name (letter case and the kind of slash aside). Different programs would read different ones, so Svod refuses the file. Save it again in Excel or LibreOffice."),
        message: .init(
            ru: "В архиве книги Excel две части с одинаковым именем, и неясно, какая из них настоящая. Сохраните файл заново в Excel или LibreOffice.",
            en: "The Excel workbook's ZIP archive holds two entries with the same name, so which one is real is unclear. Save the file again in Excel or LibreOffice."))
    public static let fileXmlDtd = DiagnosticCode(
        "file-xml-dtd", .error,
        title: .init(ru: "XML с объявлениями DTD", en: "XML with DTD declarations"),
        explanation: .init(
            ru: "Книгам Excel и таблицам OpenDocument не нужны объявления DTD и сущностей XML; ими пользуются атаки на программы, читающие XML, поэтому Svod такой файл не читает. Сохраните отчет заново в Excel или LibreOffice.",
            en: "Excel workbooks and OpenDocument spreadsheets need no XML DTD or entity declarations; attacks on XML readers use them, so Svod does not read such a file. Save the report again in Excel or LibreOffice."),
        message: .init(
            ru: "Файл содержит объявления DTD или сущностей XML, которые не допускаются из соображений безопасности. Сохраните его заново в Excel или LibreOffice.",
            en: "The file contains XML DTD or entity declarations, which are refused for safety. Save it again in Excel or LibreOffice."))
    public static let fileXmlMalformed = DiagnosticCode(
        "file-xml-malformed", .error,
        title: .init(ru: "Ошибка XML в файле", en: "Malformed XML"),
        explanation: .init(
            ru: "Часть книги — неправильно построенный XML (обрезанный или испорченный текст). Сообщение называет часть и ошибку. Сохраните файл заново в Excel или LibreOffice.",
            en: "A part of the workbook is not well-formed XML (cut off or garbled). The message names the part and the fault. Save the file again in Excel or LibreOffice."),
        message: .init(
            ru: "Содержимое книги повреждено (ошибка XML). Сохраните файл заново в Excel или LibreOffice.",
            en: "The workbook content is damaged (malformed XML). Save the file again in Excel or LibreOffice."))
    public static let sheetNotFound = DiagnosticCode(
        "sheet-not-found", .error,
        title: .init(ru: "Нет такого листа", en: "No such sheet"),
        explanation: .init(
            ru: "Лист, названный по имени или номеру (svod sheet --sheet, svod roadmap --sheet), в книге не найден. Проверьте имя листа или его номер (с 1).",
            en: "The sheet named by name or number (svod sheet --sheet, svod roadmap --sheet) is not in the workbook. Check the sheet's name or its number (from 1)."),
        message: .init(
            ru: "Лист не найден в книге.",
            en: "The sheet is not in the workbook."))
    public static let sheetTooLarge = DiagnosticCode(
        "sheet-too-large", .error,
        title: .init(ru: "Лист слишком большой", en: "The sheet is too large"),
        explanation: .init(
            ru: "На листе больше строк, столбцов или заполненных ячеек, чем допускает Svod (по умолчанию — столько строк и столбцов, сколько допускает Excel, и не более 20 миллионов ячеек). Обычно это значит, что данные или оформление растянуты до конца листа; удалите лишние строки и столбцы.",
            en: "The sheet has more rows, columns or filled cells than Svod allows (by default as many rows and columns as Excel does, and at most 20 million cells). Usually data or formatting stretches to the end of the sheet; delete the extra rows and columns."),
        message: .init(
            ru: "Лист слишком большой: превышено допустимое число строк, столбцов или ячеек.",
            en: "The sheet is too large: it exceeds the allowed number of rows, columns or cells."))
    public static let csvEncoding = DiagnosticCode(
        "csv-encoding", .error,
        title: .init(ru: "Кодировка CSV не распознана", en: "The CSV encoding is not recognised"),
        explanation: .init(
            ru: "Svod читает CSV в кодировках UTF-8 (с BOM и без), UTF-16 и Windows-1251. Текст этого файла не читается ни в одной из них. Сохраните файл как «CSV UTF-8».",
            en: "Svod reads CSV in UTF-8 (with or without a BOM), UTF-16 and Windows-1251. This file's text reads in none of them. Save it as CSV UTF-8."),
        message: .init(
            ru: "Не удалось определить кодировку CSV-файла. Сохраните его как «CSV UTF-8» или в кодировке Windows-1251.",
            en: "The CSV file's encoding could not be recognised. Save it as CSV UTF-8 or Windows-1251."))
    public static let writeFailed = DiagnosticCode(
        "write-failed", .error,
        title: .init(ru: "Книга не записана", en: "The workbook was not written"),
        explanation: .init(
            ru: "Svod не смог записать книгу Excel (свод, форму отчета или проверенную копию): нет места на диске, нет прав на папку или ошибка библиотеки записи. Сообщение называет причину; устраните ее и повторите команду.",
            en: "Svod could not write an Excel workbook (a consolidation, a report form or an annotated copy): the disk is full, the folder is not writable, or the writing library failed. The message names the cause; remove it and run the command again."),
        message: .init(
            ru: "Не удалось записать книгу Excel.",
            en: "The Excel workbook could not be written."))
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
