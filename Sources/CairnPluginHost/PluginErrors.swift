import CairnPluginProtocol
import CairnProviderKit

/// Turns what can go wrong in a call into the `ProviderError` the engine reports (it adds the
/// resource's address).
enum PluginErrors {
    static func describe(_ error: any Error, _ label: PluginLabel, _ context: CallContext) -> ProviderError {
        switch error {
        case let e as ProviderError:
            return e
        case let e as RPCError:
            switch e.code {
            case PluginErrorCode.providerError:
                return ProviderError(e.message, hint: e.hint)
            case PluginErrorCode.methodNotFound:
                return ProviderError(
                    "\(label) does not implement \"\(context.method.rawValue)\" (\(e.message))",
                    hint: "every plugin must answer the calls docs/plugin-protocol.md lists as required")
            case PluginErrorCode.invalidParams:
                return ProviderError(
                    "\(label) rejected the parameters of \(context): \(e.message)",
                    hint: e.hint ?? "the plugin and this Cairn may disagree about the protocol; see docs/plugin-protocol.md")
            default:
                return ProviderError("\(label) failed during \(context): \(e.message) (error \(e.code))", hint: e.hint)
            }
        case let e as PluginDecodeError:
            return ProviderError(
                "\(label) answered \(context) with a malformed result: \(e.message)",
                hint: "see docs/plugin-protocol.md for the shape of each answer")
        default:
            // The transport broke (crash, timeout, garbage): a mutating call may or may not have happened.
            var e = ProviderError("\(label) failed during \(context): \(error)")
            e.outcomeUnknown = [.create, .update, .delete].contains(context.method)
            return e
        }
    }

    static func versionMismatch(_ label: PluginLabel, theirs: [Int], detail: String?) -> ProviderError {
        let ours = PluginProtocol.supportedVersions
        let oursText = ours.count == 1 ? "\(ours.lowerBound)" : "\(ours.lowerBound) to \(ours.upperBound)"
        let theirsText = theirs.isEmpty ? "another version" : theirs.map(String.init).joined(separator: ", ")
        let newer = theirs.allSatisfy { $0 > ours.upperBound }
        var message = "\(label) (\(label.path)) speaks plugin protocol \(theirsText), but this Cairn speaks \(oursText)"
        if let detail { message += " (\(detail))" }
        return ProviderError(
            message,
            hint: newer
                ? "upgrade Cairn, or use a release of the plugin made for protocol \(ours.upperBound)"
                : "upgrade the plugin to one made for protocol \(ours.upperBound)")
    }

    static func gaveUp(_ label: PluginLabel, starts: Int) -> ProviderError {
        ProviderError(
            "\(label) stopped working \(starts) times in this run; Cairn does not start it again",
            hint: "run with --log-level debug to see what the plugin logged")
    }
}
