import CairnProviderKit
import Foundation
import Logging

/// Sends swift-log output to stderr, as text or one JSON object a line, at the level asked for.
struct StderrLogHandler: LogHandler {
    let label: String
    let json: Bool
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let message = event.message
        let all = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let time = ISO8601DateFormatter().string(from: Date())
        let text: String
        if json {
            var object: [String: String] = ["time": time, "level": level.rawValue, "message": "\(message)", "logger": label]
            for (k, v) in all { object[k] = "\(v)" }
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
            text = String(decoding: data, as: UTF8.self)
        } else {
            let meta = all.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            text = "\(time) \(level.rawValue.uppercased()) \(message)" + (meta.isEmpty ? "" : " \(meta)")
        }
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

enum LogSetup {
    private static let done = Locked(false)

    /// Configures logging once per process, from the global flags.
    static func bootstrap(level: String, format: String) {
        let first = done.withLock { d -> Bool in
            defer { d = true }
            return !d
        }
        guard first else { return }
        let lvl = Logger.Level(rawValue: level) ?? .warning
        LoggingSystem.bootstrap { label in StderrLogHandler(label: label, json: format == "json", logLevel: lvl) }
    }
}
