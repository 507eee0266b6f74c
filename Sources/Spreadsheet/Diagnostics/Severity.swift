/// How serious a coded problem is: an error makes a report invalid (or stops the command that
/// met it); a warning does not.
public enum Severity: String, Sendable, Codable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }

    public func name(_ language: Language) -> String {
        switch (self, language) {
        case (.error, .ru): return "ошибка"
        case (.warning, .ru): return "предупреждение"
        case (.error, .en): return "error"
        case (.warning, .en): return "warning"
        }
    }
}
