/// The language of user-facing text: Russian by default, English with `--lang en`.
public enum Language: String, Sendable, CaseIterable {
    case ru
    case en
}

/// A user-facing text in both languages, chosen at the moment it is shown.
public struct LocalizedText: Hashable, Sendable {
    public var ru: String
    public var en: String

    public init(ru: String, en: String) {
        self.ru = ru
        self.en = en
    }

    public func callAsFunction(_ language: Language) -> String {
        language == .ru ? ru : en
    }
}
