import Spreadsheet

/// Every diagnostic Svod can emit, in one place: code, severity, title and explanation. The
/// `--explain` output and the README's table come from here, and a test checks that every code
/// the validator emits is listed.
public enum DiagnosticCode: String, Sendable, CaseIterable, Codable {
    // The file as a whole.
    case fileRefused = "file-refused"
    case headerNotFound = "header-not-found"
    case columnMissing = "column-missing"
    case columnUnknown = "column-unknown"
    case columnDuplicate = "column-duplicate"
    case reportEmpty = "report-empty"
    // Who and when.
    case municipalityMissing = "municipality-missing"
    case municipalityUnknown = "municipality-unknown"
    case municipalityMismatch = "municipality-mismatch"
    case oktmoMismatch = "oktmo-mismatch"
    case periodMissing = "period-missing"
    case periodInvalid = "period-invalid"
    case periodMismatch = "period-mismatch"
    case periodOutsideRoadmap = "period-outside-roadmap"
    // Measures.
    case measureIDMissing = "measure-id-missing"
    case measureUnknown = "measure-unknown"
    case measureDuplicate = "measure-duplicate"
    case measureMissing = "measure-missing"
    case measureIDRecovered = "measure-id-recovered"
    case measureIDAmbiguous = "measure-id-ambiguous"
    case titleMismatch = "title-mismatch"
    // Values.
    case statusMissing = "status-missing"
    case statusInvalid = "status-invalid"
    case valueMissing = "value-missing"
    case valueNotInList = "value-not-in-list"
    case dateInvalid = "date-invalid"
    case dateInFuture = "date-in-future"
    case dateOutsideWindow = "date-outside-window"
    case numberInvalid = "number-invalid"
    case numberOutOfRange = "number-out-of-range"
    case textTooLong = "text-too-long"
    // Conditional rules.
    case completionDateMissing = "completion-date-missing"
    case resultMissing = "result-missing"
    case reasonMissing = "reason-missing"
    case ruleValueMissing = "rule-value-missing"
    // The check itself.
    case diagnosticsTruncated = "diagnostics-truncated"
    case fileStoppedCheck = "file-stopped-check"

    public var entry: CatalogEntry { DiagnosticCatalog.entry(self) }

    /// Codes that only `svod run` emits (about what happened to a file in the pipeline), never
    /// the validator on a file alone.
    public static let emittedByRun: Set<DiagnosticCode> = [.fileStoppedCheck]
}

/// What the catalog says about one code.
public struct CatalogEntry: Sendable {
    public var severity: Severity
    public var title: LocalizedText
    /// What the problem is, why it matters and how to fix it.
    public var explanation: LocalizedText
}

public enum DiagnosticCatalog {
    public static func entry(_ code: DiagnosticCode) -> CatalogEntry {
        switch code {
        case .fileRefused:
            return .init(severity: .error,
                title: .init(ru: "Файл не может быть прочитан", en: "The file cannot be read"),
                explanation: .init(
                    ru: "Файл не открывается как книга Excel (.xlsx, .xls), таблица OpenDocument (.ods) или CSV: формат Excel 5.0/95 и старше, двоичная книга .xlsb, пароль, документ OpenDocument, который не является таблицей, повреждение или слишком большой размер. Сообщение называет причину. Сохраните отчет как «Книга Excel (.xlsx)» без пароля и отправьте заново.",
                    en: "The file does not open as an Excel workbook (.xlsx, .xls), OpenDocument spreadsheet (.ods) or CSV: Excel 5.0/95 or older, a binary .xlsb, a password, an OpenDocument file that is not a spreadsheet, damage or excessive size. The message names the reason. Save the report as an Excel workbook (.xlsx) without a password and send it again."))
        case .headerNotFound:
            return .init(severity: .error,
                title: .init(ru: "Не найдена таблица отчета", en: "The report table was not found"),
                explanation: .init(
                    ru: "Ни на одном листе не найдена строка заголовков с колонками «№ мероприятия» и «Статус». Заполняйте форму, выданную Svod (svod template), не удаляя строку заголовков.",
                    en: "No sheet has a header row with the «№ мероприятия» and «Статус» columns. Fill in the form Svod issues (svod template) without deleting its header row."))
        case .columnMissing:
            return .init(severity: .error,
                title: .init(ru: "Нет обязательной колонки", en: "A required column is missing"),
                explanation: .init(
                    ru: "В таблице нет колонки, которую требует форма отчета. Верните колонку с прежним заголовком (см. лист «Инструкция» формы).",
                    en: "The table lacks a column the report form requires. Restore the column with its original header (see the form's «Инструкция» sheet)."))
        case .columnUnknown:
            return .init(severity: .warning,
                title: .init(ru: "Лишняя колонка", en: "An extra column"),
                explanation: .init(
                    ru: "Колонка с таким заголовком не предусмотрена формой; ее данные не попадут в свод. Если это пояснения, перенесите их в «Комментарий».",
                    en: "The form has no column with this header; its data will not reach the consolidation. Move explanations to «Комментарий»."))
        case .columnDuplicate:
            return .init(severity: .error,
                title: .init(ru: "Колонка повторяется", en: "A column appears twice"),
                explanation: .init(
                    ru: "Две колонки таблицы соответствуют одной колонке формы; непонятно, какую читать. Удалите лишнюю.",
                    en: "Two table columns match one form column; it is unclear which to read. Delete the extra one."))
        case .reportEmpty:
            return .init(severity: .error,
                title: .init(ru: "Отчет пустой", en: "The report is empty"),
                explanation: .init(
                    ru: "В таблице нет ни одной строки с мероприятием. Заполните строки формы.",
                    en: "The table holds no measure rows. Fill in the form's rows."))
        case .municipalityMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указано муниципальное образование", en: "The municipality is not stated"),
                explanation: .init(
                    ru: "Отчет не называет муниципальное образование: заполните поле «Муниципальное образование» в шапке формы (или назовите файл по коду ОКТМО).",
                    en: "The report does not name its municipality: fill in «Муниципальное образование» in the form's title block (or name the file by its OKTMO code)."))
        case .municipalityUnknown:
            return .init(severity: .error,
                title: .init(ru: "Неизвестное муниципальное образование", en: "Unknown municipality"),
                explanation: .init(
                    ru: "Указанное название или код ОКТМО не найдены в реестре муниципальных образований региона. Проверьте написание или используйте форму, выданную для вашего муниципалитета.",
                    en: "The name or OKTMO code is not in the region's registry of municipalities. Check the spelling or use the form issued for your municipality."))
        case .municipalityMismatch:
            return .init(severity: .error,
                title: .init(ru: "Муниципальное образование указано по-разному", en: "Conflicting municipalities"),
                explanation: .init(
                    ru: "Шапка отчета, имя файла и параметры проверки называют разные муниципальные образования. Исправьте шапку или имя файла.",
                    en: "The title block, the file name and the command line name different municipalities. Correct the title block or the file name."))
        case .oktmoMismatch:
            return .init(severity: .error,
                title: .init(ru: "Код ОКТМО не соответствует муниципальному образованию", en: "The OKTMO code does not match the municipality"),
                explanation: .init(
                    ru: "Код ОКТМО в шапке принадлежит другому муниципальному образованию или не найден в реестре. Исправьте код.",
                    en: "The OKTMO code in the title block belongs to another municipality or is not in the registry. Correct the code."))
        case .periodMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указан отчетный месяц", en: "The reporting month is not stated"),
                explanation: .init(
                    ru: "Заполните поле «Отчетный месяц» в шапке формы (например, «март 2021» или 03.2021).",
                    en: "Fill in «Отчетный месяц» in the form's title block (e.g. «март 2021» or 03.2021)."))
        case .periodInvalid:
            return .init(severity: .error,
                title: .init(ru: "Отчетный месяц не распознан", en: "The reporting month is not recognised"),
                explanation: .init(
                    ru: "Значение поля «Отчетный месяц» не похоже на месяц и год. Напишите, например, «март 2021» или 03.2021.",
                    en: "«Отчетный месяц» does not read as a month and year. Write e.g. «март 2021» or 03.2021."))
        case .periodMismatch:
            return .init(severity: .error,
                title: .init(ru: "Отчетный месяц указан по-разному", en: "Conflicting reporting months"),
                explanation: .init(
                    ru: "Шапка отчета, имя файла и параметры проверки называют разные отчетные месяцы. Исправьте шапку или имя файла.",
                    en: "The title block, the file name and the command line name different reporting months. Correct the title block or the file name."))
        case .periodOutsideRoadmap:
            return .init(severity: .error,
                title: .init(ru: "Месяц вне срока дорожной карты", en: "A month outside the roadmap"),
                explanation: .init(
                    ru: "Отчетный месяц не входит в период действия дорожной карты. Проверьте месяц в шапке.",
                    en: "The reporting month is outside the roadmap's period. Check the month in the title block."))
        case .measureIDMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указан номер мероприятия", en: "The measure number is missing"),
                explanation: .init(
                    ru: "В строке заполнены данные, но нет номера мероприятия. Не удаляйте номера из формы.",
                    en: "The row holds data but no measure number. Do not delete the numbers from the form."))
        case .measureUnknown:
            return .init(severity: .error,
                title: .init(ru: "Нет такого мероприятия в дорожной карте", en: "No such measure in the roadmap"),
                explanation: .init(
                    ru: "Номер мероприятия не найден в дорожной карте. Используйте номера из формы отчета.",
                    en: "The measure number is not in the roadmap. Use the numbers from the report form."))
        case .measureDuplicate:
            return .init(severity: .error,
                title: .init(ru: "Мероприятие указано дважды", en: "A measure appears twice"),
                explanation: .init(
                    ru: "Одно мероприятие заполнено в двух строках; непонятно, какая верна. Оставьте одну строку.",
                    en: "One measure is filled in twice; it is unclear which row is right. Keep one row."))
        case .measureMissing:
            return .init(severity: .error,
                title: .init(ru: "Нет строки по мероприятию со сроком в этом месяце", en: "A measure due this month is missing"),
                explanation: .init(
                    ru: "По дорожной карте у мероприятия контрольная точка в отчетном месяце, но в отчете нет его строки. Добавьте строку (она есть в форме за этот месяц).",
                    en: "The roadmap has a checkpoint of this measure in the reporting month, but the report has no row for it. Add the row (the form for this month has it)."))
        case .measureIDRecovered:
            return .init(severity: .warning,
                title: .init(ru: "Номер мероприятия восстановлен", en: "The measure number was recovered"),
                explanation: .init(
                    ru: "Excel исказил номер мероприятия (например, «2.10» превратился в число 2,1, а «1.3» — в дату 1 марта). Svod восстановил номер по названию или месту строки. Чтобы избежать этого, вводите номера как текст или используйте форму Svod.",
                    en: "Excel mangled the measure number (e.g. «2.10» became the number 2.1, «1.3» the date 1 March). Svod recovered it from the row's title or position. To avoid it, enter numbers as text or use Svod's form."))
        case .measureIDAmbiguous:
            return .init(severity: .error,
                title: .init(ru: "Номер мероприятия искажен", en: "The measure number is mangled"),
                explanation: .init(
                    ru: "Excel исказил номер мероприятия (число или дата вместо текста), и восстановить его однозначно нельзя. Введите номер как текст (например, '2.10) или используйте форму Svod.",
                    en: "Excel mangled the measure number (a number or date instead of text) and it cannot be recovered unambiguously. Enter it as text (e.g. '2.10) or use Svod's form."))
        case .titleMismatch:
            return .init(severity: .warning,
                title: .init(ru: "Название мероприятия не совпадает с дорожной картой", en: "The measure title differs from the roadmap"),
                explanation: .init(
                    ru: "Название в строке отличается от названия мероприятия с этим номером в дорожной карте. Проверьте, что номер указан верно.",
                    en: "The row's title differs from the roadmap's title for this number. Check that the number is right."))
        case .statusMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указан статус", en: "The status is missing"),
                explanation: .init(
                    ru: "Для каждого мероприятия выберите статус из списка: Выполнено, Выполняется, Не выполнено, Не начато, Не требуется.",
                    en: "Choose a status for every measure from the list: Выполнено, Выполняется, Не выполнено, Не начато, Не требуется."))
        case .statusInvalid:
            return .init(severity: .error,
                title: .init(ru: "Недопустимый статус", en: "An invalid status"),
                explanation: .init(
                    ru: "Статус должен быть одним из значений списка формы. Выберите значение из выпадающего списка.",
                    en: "The status must be one of the form's list values. Pick one from the drop-down list."))
        case .valueMissing:
            return .init(severity: .error,
                title: .init(ru: "Не заполнено обязательное поле", en: "A required value is missing"),
                explanation: .init(
                    ru: "Колонка обязательна для заполнения в каждой строке.",
                    en: "The column must be filled in on every row."))
        case .valueNotInList:
            return .init(severity: .error,
                title: .init(ru: "Значение не из списка", en: "A value not in the list"),
                explanation: .init(
                    ru: "Колонка допускает только значения из списка формы.",
                    en: "The column accepts only the form's list values."))
        case .dateInvalid:
            return .init(severity: .error,
                title: .init(ru: "Дата не распознана", en: "The date is not recognised"),
                explanation: .init(
                    ru: "Введите дату в формате ДД.ММ.ГГГГ (например, 15.03.2021).",
                    en: "Enter the date as DD.MM.YYYY (e.g. 15.03.2021)."))
        case .dateInFuture:
            return .init(severity: .error,
                title: .init(ru: "Дата позже даты отчета", en: "The date is after the report date"),
                explanation: .init(
                    ru: "Дата выполнения не может быть позже даты заполнения отчета (или конца срока сдачи). Проверьте год и месяц.",
                    en: "A completion date cannot be after the date the report was filled in (or its due date). Check the year and month."))
        case .dateOutsideWindow:
            return .init(severity: .warning,
                title: .init(ru: "Дата вне срока мероприятия", en: "The date is outside the measure's window"),
                explanation: .init(
                    ru: "Дата выполнения раньше начала или позже окончания срока мероприятия по дорожной карте. Если это так и есть, поясните в комментарии.",
                    en: "The completion date is before the start or after the end of the measure's window in the roadmap. If that is so, explain in the comment."))
        case .numberInvalid:
            return .init(severity: .error,
                title: .init(ru: "Не число", en: "Not a number"),
                explanation: .init(
                    ru: "В колонке должно быть число без единиц измерения и пояснений (например, 12 или 12,5).",
                    en: "The column takes a number without units or remarks (e.g. 12 or 12.5)."))
        case .numberOutOfRange:
            return .init(severity: .error,
                title: .init(ru: "Число вне допустимых пределов", en: "A number out of range"),
                explanation: .init(
                    ru: "Число меньше минимума или больше максимума колонки (процент — от 0 до 100, количество — не меньше 0, целое — без дробной части).",
                    en: "The number is below the column's minimum or above its maximum (a percent is 0 to 100, a count at least 0, an integer without a fraction)."))
        case .textTooLong:
            return .init(severity: .error,
                title: .init(ru: "Слишком длинный текст", en: "The text is too long"),
                explanation: .init(
                    ru: "Текст длиннее, чем допускает колонка. Сократите его; подробности можно приложить отдельным документом.",
                    en: "The text is longer than the column allows. Shorten it; details can go in a separate document."))
        case .completionDateMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указана дата выполнения", en: "The completion date is missing"),
                explanation: .init(
                    ru: "При статусе «Выполнено» укажите дату выполнения.",
                    en: "With the status «Выполнено», state the completion date."))
        case .resultMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указан фактический результат", en: "The actual result is missing"),
                explanation: .init(
                    ru: "При статусе «Выполнено» опишите фактический результат: документ, мероприятие, охват.",
                    en: "With the status «Выполнено», describe the actual result: a document, an event, the reach."))
        case .reasonMissing:
            return .init(severity: .error,
                title: .init(ru: "Не указана причина невыполнения", en: "The reason for non-completion is missing"),
                explanation: .init(
                    ru: "Если мероприятие не выполнено или его срок истек, а оно не завершено, укажите причину.",
                    en: "When a measure is not done, or its checkpoint has passed and it is not finished, state the reason."))
        case .ruleValueMissing:
            return .init(severity: .error,
                title: .init(ru: "Не заполнено поле, обязательное при этом статусе", en: "A value required by the status is missing"),
                explanation: .init(
                    ru: "Правило формы требует заполнить эту колонку при указанном статусе.",
                    en: "A rule of the form requires this column for the given status."))
        case .diagnosticsTruncated:
            return .init(severity: .warning,
                title: .init(ru: "Показаны не все замечания", en: "Not every problem is listed"),
                explanation: .init(
                    ru: "В файле больше \(Validator.maxDiagnosticsPerFile) замечаний: перечислены первые \(Validator.maxDiagnosticsPerFile) по порядку ячеек, сообщение называет общее число. Число ошибок и предупреждений файла и решение о приеме учитывают все замечания. Обычно это значит, что в форму вставлена чужая таблица или сдвинуты колонки. Исправьте первые замечания и проверьте файл снова.",
                    en: "The file has more than \(Validator.maxDiagnosticsPerFile) problems: the first \(Validator.maxDiagnosticsPerFile) in cell order are listed, and the message gives the total. The file's error and warning counts and its verdict count every problem. Usually another table was pasted into the form or its columns were shifted. Fix the first problems and check the file again."))
        case .fileStoppedCheck:
            return .init(severity: .error,
                title: .init(ru: "Файл остановил проверку", en: "The file stopped the check"),
                explanation: .init(
                    ru: "Проверка этого файла прервалась аварийно, и файл передан оператору для разбора. Остальные отчеты проверены и сведены. Пересохраните отчет в Excel как «Книга Excel (.xlsx)» и отправьте заново; оператор сообщит, если понадобится что-то еще.",
                    en: "Checking this file stopped abnormally, and the file was handed to the operator. The other reports were checked and consolidated. Save the report again in Excel as an Excel workbook (.xlsx) and send it again; the operator will say if anything more is needed."))
        }
    }

    /// The catalog as a Markdown table (code, severity, title), as the README shows it; a test
    /// checks the README holds exactly this text.
    public static func markdownTable(language: Language) -> String {
        var out = language == .ru ? "| код | важность | что это |\n|---|---|---|\n" : "| code | severity | what it means |\n|---|---|---|\n"
        for code in DiagnosticCode.allCases {
            out += "| `\(code.rawValue)` | \(code.entry.severity.name(language)) | \(code.entry.title(language)) |\n"
        }
        return out
    }

    /// `svod validate --explain CODE`.
    public static func explain(_ code: DiagnosticCode, language: Language) -> String {
        let entry = code.entry
        let severity = entry.severity.name(language)
        return "\(code.rawValue) (\(severity)): \(entry.title(language))\n\n\(entry.explanation(language))\n"
    }
}
