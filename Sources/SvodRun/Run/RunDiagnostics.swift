import Spreadsheet
import SvodChecks

/// What an inbox entry that is not a report is: logged with its code, recorded in the ledger,
/// and moved aside to `quarantine/entries/` so it never stops a later run (`IngestStage`).
public enum EntryProblemCode: Sendable, NamedByDiagnosticCode {
    /// A symbolic link: never followed (it may point outside the inbox, or at `/dev/zero`).
    case link
    /// A FIFO, a device or a socket.
    case notAFile
    /// A file Svod may not read.
    case unreadable

    /// The registered code: its name, title, explanation and sentence.
    public var diagnostic: DiagnosticCode {
        switch self {
        case .link: return .inboxLink
        case .notAFile: return .inboxNotAFile
        case .unreadable: return .inboxUnreadable
        }
    }

    public func message(_ language: Language) -> String { diagnostic.message()(language) }
}

/// The codes only `svod run` emits: about what happened to a file in the pipeline, never about
/// a file checked alone. `IngestStage` sets inbox entries aside; `ValidateStage` files a report
/// whose check stopped abnormally.
public enum RunDiagnostics {
    /// Every code the run emits.
    public static let codes: [DiagnosticCode] = EntryProblemCode.allCases.map(\.diagnostic) + [.fileStoppedCheck]
}

extension DiagnosticCode {
    public static let inboxLink = DiagnosticCode(
        "inbox-link", .warning,
        title: .init(ru: "Во входящей папке ссылка", en: "A link in the inbox"),
        explanation: .init(
            ru: "Во входящей папке лежит символическая ссылка, а не файл. Svod по ссылкам не переходит (она может вести за пределы папки или на устройство), убирает ее в карантин (папка entries) и продолжает запуск. Положите во входящую папку сам файл отчета.",
            en: "The inbox holds a symbolic link, not a file. Svod never follows links (one may lead outside the folder or to a device); it moves the link to the quarantine's entries folder and goes on with the run. Put the report file itself into the inbox."),
        message: .init(
            ru: "Во входящей папке ссылка, а не файл; по ссылке Svod не переходит. Положите во входящую папку сам файл отчета.",
            en: "The inbox holds a link, not a file; Svod does not follow links. Put the report file itself into the inbox."))

    public static let inboxNotAFile = DiagnosticCode(
        "inbox-not-a-file", .warning,
        title: .init(ru: "Во входящей папке не файл", en: "Not a file in the inbox"),
        explanation: .init(
            ru: "Во входящей папке лежит канал, устройство или сокет. Svod его не читает, убирает в карантин (папка entries) и продолжает запуск. Выясните, какая программа его создала.",
            en: "The inbox holds a FIFO, a device or a socket. Svod does not read it; it moves it to the quarantine's entries folder and goes on with the run. Find out which program made it."),
        message: .init(
            ru: "Во входящей папке не файл (канал, устройство или сокет); он убран в карантин.",
            en: "The inbox holds something that is not a file (a FIFO, a device or a socket); it was moved to the quarantine."))

    public static let inboxUnreadable = DiagnosticCode(
        "inbox-unreadable", .warning,
        title: .init(ru: "Файл во входящей папке не читается", en: "An unreadable file in the inbox"),
        explanation: .init(
            ru: "Файл во входящей папке нельзя прочитать: у Svod нет прав доступа или произошла ошибка чтения. Файл убран в карантин (папка entries), запуск продолжается. Проверьте права и положите файл заново.",
            en: "A file in the inbox cannot be read: Svod lacks the permission, or reading failed. The file was moved to the quarantine's entries folder and the run goes on. Check its permissions and put it back."),
        message: .init(
            ru: "Файл во входящей папке нельзя прочитать (нет прав доступа или ошибка чтения); он убран в карантин. Проверьте права и положите файл заново.",
            en: "A file in the inbox cannot be read (no permission or a read error); it was moved to the quarantine. Check its permissions and put it back."))

    public static let fileStoppedCheck = DiagnosticCode(
        "file-stopped-check", .error,
        title: .init(ru: "Файл остановил проверку", en: "The file stopped the check"),
        explanation: .init(
            ru: "Проверка этого файла прервалась аварийно, и файл передан оператору для разбора. Остальные отчеты проверены и сведены. Пересохраните отчет в Excel как «Книга Excel (.xlsx)» и отправьте заново; оператор сообщит, если понадобится что-то еще.",
            en: "Checking this file stopped abnormally, and the file was handed to the operator. The other reports were checked and consolidated. Save the report again in Excel as an Excel workbook (.xlsx) and send it again; the operator will say if anything more is needed."),
        message: .init(
            ru: "Проверка этого файла прервалась аварийно; файл передан оператору для разбора. Остальные отчеты проверены и сведены. Пересохраните отчет как «Книга Excel (.xlsx)» и отправьте заново.",
            en: "Checking this file stopped abnormally; the file was handed to the operator. The other reports were checked and consolidated. Save the report again as an Excel workbook (.xlsx) and send it again."))
}
