import CairnProviderKit

/// Constants of Cairn's plugin protocol: JSON-RPC 2.0, one message a line, over a plugin's
/// stdin and stdout. `docs/plugin-protocol.md` is the full description.
public enum PluginProtocol {
    /// The protocol versions this build speaks.
    public static let supportedVersions: ClosedRange<Int> = 1...1
    /// What a discovered executable's file name starts with; the rest is the provider's name.
    public static let executablePrefix = "cairn-provider-"
    /// The longest message line accepted, in bytes (without the newline).
    public static let maxMessageBytes = 16 << 20

    public enum Method: String, Sendable, CaseIterable {
        case handshake
        case schema
        case configure
        case validate
        case plan
        case create
        case read
        case update
        case delete
        case importResource = "import"
        case adopt
        case readData = "read_data"
    }

    /// Whether `name` can be a provider's name: it is the part of a type before the dot.
    public static func isValidProviderName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }
}

/// JSON-RPC error codes, the standard ones and Cairn's (-32000 to -32099).
public enum PluginErrorCode {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    /// The operation failed for a reason the user should read: `message`, and `data.hint` if given.
    public static let providerError = -32000
    /// The handshake offered no protocol version the plugin speaks; `data.supported` lists its own.
    public static let unsupportedVersion = -32001
}
