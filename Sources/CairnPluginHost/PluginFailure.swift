import CairnPluginProtocol
import CairnProcess
import CairnProviderKit

/// Which plugin: its provider name and the executable's path.
public struct PluginLabel: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var path: String

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public var description: String { "plugin \(name)" }
}

/// What a call was about, for messages: `create of inventory.item`, `read of inventory.item "apples"`.
struct CallContext: Sendable, CustomStringConvertible {
    var method: PluginProtocol.Method
    var type: String?
    var id: String?

    var description: String {
        var s = method.rawValue
        if let type { s += " of \(type)" }
        if let id { s += " \"\(id)\"" }
        return s
    }
}

/// Why a plugin process can no longer be used. Every call waiting on it fails with a message that
/// names the plugin, the call and this reason.
enum PluginFailure: Sendable {
    case exited(ProcessExit?)
    case closedOutput
    case timedOut(CallContext, seconds: Double)
    case garbage(preview: String, why: String)
    case unexpectedID(String)
    case rejected(String)
    case overlong
    case notReading
    case shutDown

    /// The reason, as the call `context` sees it; `culprit` is true for the call that caused it.
    func reason(culprit: Bool) -> String {
        switch self {
        case .exited(let e): return "it \(e?.description ?? "exited")"
        case .closedOutput: return "it closed its standard output; it was stopped"
        case .timedOut(let ctx, let seconds):
            let s = Value.format(number: seconds)
            return culprit
                ? "it did not answer within \(s)s; it was stopped"
                : "it was stopped because it did not answer \(ctx) within \(s)s"
        case .garbage(let preview, let why):
            return "it wrote something that is not a JSON-RPC message (\(why)): \(preview); it was stopped"
        case .rejected(let why): return "it could not read a request Cairn sent: \(why); it was stopped"
        case .unexpectedID(let id): return "it answered request id \(id), which is not waiting for an answer; it was stopped"
        case .overlong: return "it wrote a message longer than \(PluginProtocol.maxMessageBytes >> 20) MiB; it was stopped"
        case .notReading: return "it stopped reading its input; it was stopped"
        case .shutDown: return "it had already been shut down"
        }
    }

    var hint: String {
        switch self {
        case .exited, .closedOutput:
            return "run with --log-level debug to see everything the plugin logged"
        case .timedOut:
            return "a slow operation needs a longer timeout: set CAIRN_PLUGIN_TIMEOUT to more seconds (default 30)"
        case .garbage, .unexpectedID, .overlong, .rejected:
            return "a plugin writes only JSON-RPC messages to stdout, one a line, and logs to stderr (see docs/plugin-protocol.md)"
        case .notReading:
            return "a plugin must keep reading requests from stdin while it works"
        case .shutDown:
            return "this is a bug in Cairn; please report it"
        }
    }

    func error(_ label: PluginLabel, _ context: CallContext, culprit: Bool, lastLog: String?) -> ProviderError {
        var message = "\(label) failed during \(context): \(reason(culprit: culprit))"
        if let lastLog { message += "; its last log line: \(lastLog)" }
        return ProviderError(message, hint: hint)
    }
}

extension String {
    /// At most `limit` characters, quoted, for showing untrusted text in a message.
    func quotedPreview(_ limit: Int = 120) -> String {
        let clean = String(unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : Character($0) })
        return "\"" + (clean.count > limit ? clean.prefix(limit) + "…" : clean) + "\""
    }
}
