import Logging

/// The engine's logger; the CLI decides where it goes and at which level.
enum EngineLog {
    static let logger = Logger(label: "cairn.engine")
}
