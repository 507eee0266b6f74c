import Foundation
import Logging
import SvodModel
import SvodRun

/// Log lines on standard error: `2021-04-20T12:00:01Z info run finished run=3 …`, or one JSON
/// object per line with `--log-format json` (for journald, Loki and the like).
struct SvodLogHandler: LogHandler {
    let label: String
    let json: Bool
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let all = metadata.merging(event.metadata ?? [:]) { $1 }
        let time = Timestamp.iso(Date(), zone: "UTC")
        var text: String
        if json {
            text = "{\"time\": \(JSONText.string(time)), \"level\": \"\(level)\", \"logger\": \(JSONText.string(label)), \"message\": \(JSONText.string(message.description))"
            for key in all.keys.sorted() { text += ", \(JSONText.string(key)): \(JSONText.string("\(all[key]!)"))" }
            text += "}\n"
        } else {
            text = "\(time) \(level) \(message)"
            for key in all.keys.sorted() { text += " \(key)=\(all[key]!)" }
            text += "\n"
        }
        FileHandle.standardError.write(Data(text.utf8))
    }
}

enum SvodLogging {
    static func bootstrap(json: Bool, level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            var handler = SvodLogHandler(label: label, json: json)
            handler.logLevel = level
            return handler
        }
    }
}

/// A progress bar on a terminal; nothing when standard error is not a terminal (logs say enough).
final class ProgressDisplay: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private var shown = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) != 0
    }

    var report: ProgressReporter {
        { [self] stage, done, total in
            guard enabled, total > 0 else { return }
            lock.lock()
            defer { lock.unlock() }
            let width = 30
            let filled = width * done / total
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
            let text = "\r\(stage.padding(toLength: 12, withPad: " ", startingAt: 0)) [\(bar)] \(done)/\(total)"
            FileHandle.standardError.write(Data(text.utf8))
            shown = true
        }
    }

    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
    }
}
