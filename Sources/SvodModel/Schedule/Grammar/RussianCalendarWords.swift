import Spreadsheet

/// The Russian words of deadlines: month and weekday names in every case, numerals, and the
/// phrases that the lexer turns into keywords.
///
/// All forms are lower case with "ё" written as "е"; the lexer normalises words the same way.
package enum RussianCalendarWords {
    /// Nominative month names, for messages.
    package static let monthNames = [
        "январь", "февраль", "март", "апрель", "май", "июнь",
        "июль", "август", "сентябрь", "октябрь", "ноябрь", "декабрь",
    ]

    /// Every form of every month: the six cases of the noun plus the usual abbreviations.
    static let monthForms: [String: Int] = {
        let stems: [(stem: String, endings: [String], abbreviations: [String])] = [
            ("январ", ["ь", "я", "е", "ю", "ем"], ["янв"]),
            ("феврал", ["ь", "я", "е", "ю", "ем"], ["фев", "февр"]),
            ("март", ["", "а", "е", "у", "ом"], ["мар"]),
            ("апрел", ["ь", "я", "е", "ю", "ем"], ["апр"]),
            ("ма", ["й", "я", "е", "ю", "ем"], []),
            ("июн", ["ь", "я", "е", "ю", "ем"], []),
            ("июл", ["ь", "я", "е", "ю", "ем"], []),
            ("август", ["", "а", "е", "у", "ом"], ["авг"]),
            ("сентябр", ["ь", "я", "е", "ю", "ем"], ["сен", "сент"]),
            ("октябр", ["ь", "я", "е", "ю", "ем"], ["окт"]),
            ("ноябр", ["ь", "я", "е", "ю", "ем"], ["ноя", "нояб"]),
            ("декабр", ["ь", "я", "е", "ю", "ем"], ["дек"]),
        ]
        var forms: [String: Int] = [:]
        for (index, entry) in stems.enumerated() {
            for ending in entry.endings { forms[entry.stem + ending] = index + 1 }
            for abbreviation in entry.abbreviations { forms[abbreviation] = index + 1 }
        }
        return forms
    }()

    /// Month forms long enough to be recognised with one typo.
    static let typoTargets: [(form: [Character], month: Int)] = monthForms
        .filter { $0.key.count >= 5 }
        .map { (Array($0.key), $0.value) }
        .sorted { String($0.form) < String($1.form) }

    /// Weekday names in the cases used in deadlines ("вторник", "по вторникам", "в среду").
    static let weekdayForms: [String: Int] = {
        let table: [(Int, [String])] = [
            (1, ["понедельник", "понедельника", "понедельникам", "понедельнику"]),
            (2, ["вторник", "вторника", "вторникам", "вторнику"]),
            (3, ["среда", "среду", "среды", "средам", "среде"]),
            (4, ["четверг", "четверга", "четвергам", "четвергу"]),
            (5, ["пятница", "пятницу", "пятницы", "пятницам", "пятнице"]),
            (6, ["суббота", "субботу", "субботы", "субботам", "субботе"]),
            (7, ["воскресенье", "воскресенья", "воскресеньям", "воскресенью"]),
        ]
        var forms: [String: Int] = [:]
        for (day, words) in table { for word in words { forms[word] = day } }
        return forms
    }()

    /// Adverbs of repetition, matched by prefix so that "ежемесячно" and "ежемесячный" agree.
    static let repetitionPrefixes: [(prefix: String, unit: RecurrenceUnit)] = [
        ("ежемесячн", .month), ("ежекварт", .quarter), ("ежегодн", .year), ("еженедельн", .week),
        ("ежедневн", .day), ("ежеполугод", .halfYear),
    ]

    /// A Roman numeral from I to XII, written in Latin letters (or the Cyrillic "І").
    static func romanValue(_ word: String) -> Int? {
        let table = ["i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8,
                     "ix": 9, "x": 10, "xi": 11, "xii": 12]
        return table[String(word.map { $0 == "і" ? "i" : $0 })]
    }

    /// Phrases and single words that become tokens, in a small pattern language: words separated
    /// by spaces, alternatives by `|`, and a trailing `?` marking an optional part.
    static let phrases: [(pattern: String, kind: DeadlineToken.Kind)] = [
        // Notes: longest first matters only within equal lengths; the matcher takes the longest.
        ("по|при мере? необходимости", .keyword(.note(.onDemand))),
        ("по заявкам|заявке|запросу|запросам|требованию|обращениям|обращению|потребности", .keyword(.note(.onDemand))),
        ("по мере поступления|выявления|обращения", .keyword(.note(.onDemand))),
        ("по отдельному|отдельным|утвержденному|утвержденным|установленному|согласованному|единому|общему? плану|графику|планам|графикам|расписанию|программе|приказу|распоряжению", .keyword(.note(.elsewhere))),
        ("согласно|соответственно плану|графику|планам|графикам|расписанию", .keyword(.note(.elsewhere))),
        ("в соответствии с|со планом|графиком|планами|графиками|расписанием|сроками", .keyword(.note(.elsewhere))),
        ("в|во назначенные|установленные|определенные|согласованные|указанные сроки|срок|даты", .keyword(.note(.elsewhere))),
        ("по согласованию", .keyword(.note(.elsewhere))),
        ("в|во сроки|срок", .keyword(.note(.elsewhere))),
        ("за", .keyword(.about)),
        ("по итогам|результатам", .keyword(.filler)),
        ("весь|целый|круглый учебный? год", .keyword(.always)),
        // Bounds.
        ("до", .keyword(.until)),
        ("не позднее|позже", .keyword(.until)),
        ("в|во? срок|сроки до", .keyword(.until)),
        ("к", .keyword(.until)),
        ("с|со", .keyword(.from)),
        ("начиная с|со", .keyword(.from)),
        ("не ранее", .keyword(.from)),
        ("по", .keyword(.through)),
        ("в|во течение|течении", .keyword(.during)),
        ("течение|течении", .keyword(.during)),
        ("на протяжении", .keyword(.during)),
        ("в|во ходе|период|периоде", .keyword(.during)),
        ("в|во|на", .keyword(.inPreposition)),
        // Repetition.
        ("каждый|каждая|каждое|каждую|каждого|каждой|каждом|каждые|каждых", .keyword(.each)),
        ("раз|раза", .keyword(.times)),
        ("не реже|менее|чаще", .keyword(.atLeast)),
        ("как? минимум", .keyword(.atLeast)),
        ("месяц|месяца|месяцев|месяце|месяцу", .keyword(.unit(.month))),
        ("неделя|недели|неделю|неделе|недель", .keyword(.unit(.week))),
        ("полгода", .keyword(.unit(.halfYear))),
        ("день|дня|дней|сутки", .keyword(.unit(.day))),
        ("квартал|квартала|квартале|кварталы|кварталов|кварталах|кварталам|кв", .keyword(.quarter)),
        ("полугодие|полугодия|полугодии|полугодье|полугодья|полугодиях|полугодиям", .keyword(.half)),
        ("половина|половину|половине|половины", .keyword(.half)),
        ("четверть|четверти|четвертей", .keyword(.term)),
        ("далее|затем|впоследствии|дальше", .keyword(.thereafter)),
        ("в дальнейшем", .keyword(.thereafter)),
        // Years and terms.
        ("г|гг|год|года|году|годы|годов|годах|годом|годам", .yearMarker),
        ("текущего|текущий|текущем|текущая|текущей|текущую|этого|данного", .keyword(.current)),
        ("учебного|учебный|учебном|учебным|уч", .keyword(.school)),
        ("весь|всего|всем|все срок|срока|сроке|период|периода|периоде|время реализации|действия? программы|проекта|плана|мероприятия? дорожной? карты?", .keyword(.wholeTerm)),
        ("срок|срока|сроке реализации|действия программы|проекта|плана|мероприятия? дорожной? карты?", .keyword(.wholeTerm)),
        ("периода|период|периоде", .keyword(.wholeTerm)),
        ("постоянно|систематически|регулярно|непрерывно", .keyword(.always)),
        ("на постоянной основе", .keyword(.always)),
        ("в постоянном режиме", .keyword(.always)),
        ("конец|конца|концу|конце|окончания|окончании|окончанию", .keyword(.endOf)),
        ("числа|число", .keyword(.dayOfMonth)),
        ("следующего|следующим за отчетным|отчетный|отчетом периодом|месяцем|кварталом|полугодием|годом?", .keyword(.followingReporting)),
        ("весна|весной|весны|весне|весенний|весеннем|весеннего период|периода|периоде?", .season(3)),
        ("лето|летом|лета|лете|летний|летнем|летнего период|периода|периоде?", .season(6)),
        ("осень|осенью|осени|осенний|осеннем|осеннего период|периода|периоде?", .season(9)),
        ("срок|сроки|сроков|включительно|ориентировочно|примерно|около", .keyword(.filler)),
        ("всего|весь|всю|всей|всем|целого|целый|целом", .keyword(.filler)),
        // Numerals.
        ("один|одного|одной|одна|одну|однократно", .number(1, digits: 0)),
        ("два|две|двух|двукратно", .number(2, digits: 0)),
        ("три|трех|трижды", .number(3, digits: 0)),
        ("четыре|четырех", .number(4, digits: 0)),
        ("пять|пяти", .number(5, digits: 0)),
        ("шесть|шести", .number(6, digits: 0)),
        ("десять|десяти", .number(10, digits: 0)),
        ("двенадцать|двенадцати", .number(12, digits: 0)),
        ("первый|первое|первом|первого|первая|первую|первой", .ordinal(1)),
        ("второй|второе|втором|второго|вторая|вторую", .ordinal(2)),
        ("третий|третье|третьем|третьего|третья|третью|третьей", .ordinal(3)),
        ("четвертый|четвертое|четвертом|четвертого|четвертая|четвертую|четвертой", .ordinal(4)),
        ("и", .separator(.and)),
    ]
}
