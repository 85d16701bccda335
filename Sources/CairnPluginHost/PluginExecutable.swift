import CairnPluginProtocol
import CairnProviderKit
import Foundation

/// A plugin executable whose handshake and schema are known.
///
/// Loading it starts one process, which shakes hands and returns the schema (the provider contract
/// needs the schema before any instance exists, to validate stacks). That process is kept to answer
/// calls made before an instance is configured — `cairn validate` checking literal values — and is
/// stopped with the executable. Each provider instance gets a process of its own from
/// `makeProvider()`.
public final class PluginExecutable: Sendable {
    public let label: PluginLabel
    public let arguments: [String]
    public let protocolVersion: Int
    public let schema: ProviderSchema
    public let options: PluginHostOptions
    private let shared: PluginProcessSlot

    private init(
        label: PluginLabel, arguments: [String], reply: HandshakeReply, schema: ProviderSchema,
        options: PluginHostOptions, connection: PluginConnection
    ) {
        self.label = label
        self.arguments = arguments
        protocolVersion = reply.protocolVersion
        self.schema = schema
        self.options = options
        shared = PluginProcessSlot(label: label, maxRestarts: options.maxRestarts, running: connection)
    }

    deinit {
        shared.shutdown()
    }

    /// Starts the executable at `path`, shakes hands and reads its schema. `expectedName` is the name
    /// its file gave it (`cairn-provider-NAME`); the plugin must report the same one.
    public static func load(
        path: String, arguments: [String] = [], expectedName: String? = nil,
        options: PluginHostOptions
    ) async throws(ProviderError) -> PluginExecutable {
        let file = URL(fileURLWithPath: path).lastPathComponent
        let provisional =
            expectedName
            ?? (file.hasPrefix(PluginProtocol.executablePrefix) ? String(file.dropFirst(PluginProtocol.executablePrefix.count)) : file)
        let (connection, reply) = try await start(
            PluginLabel(name: provisional, path: path), arguments: arguments,
            options: options, expectedName: expectedName)
        let label = PluginLabel(name: reply.name, path: path)
        let context = CallContext(method: .schema)
        do {
            let raw = try await connection.call(.schema, .map([:]), context)
            let schema = try SchemaCodec.decode(raw, name: reply.name, version: reply.version)
            return PluginExecutable(
                label: label, arguments: arguments, reply: reply, schema: schema, options: options,
                connection: connection)
        } catch {
            connection.shutdown()
            throw PluginErrors.describe(error, label, context)
        }
    }

    public func makeProvider() -> PluginProvider { PluginProvider(plugin: self) }

    /// The process kept for calls before configure, started again if it failed.
    func sharedConnection() async throws -> PluginConnection {
        try await shared.connection { [self] in try await startProcess() }
    }

    /// A new process of this plugin, past the handshake.
    func startProcess() async throws(ProviderError) -> PluginConnection {
        try await Self.start(label, arguments: arguments, options: options, expectedName: label.name).0
    }

    private static func start(
        _ label: PluginLabel, arguments: [String], options: PluginHostOptions,
        expectedName: String?
    ) async throws(ProviderError) -> (PluginConnection, HandshakeReply) {
        let connection = try PluginConnection.start(label, arguments: arguments, options: options)
        do {
            let raw = try await connection.call(
                .handshake, HandshakeRequest(cairnVersion: options.cairnVersion).params,
                CallContext(method: .handshake))
            let reply = try HandshakeReply(result: raw)
            try check(reply, label, expectedName: expectedName)
            return (connection, reply)
        } catch let e as RPCError where e.code == PluginErrorCode.unsupportedVersion {
            connection.shutdown()
            let theirs = e.data?.mapValue?["supported"]?.listValue?.compactMap(\.intValue) ?? []
            throw PluginErrors.versionMismatch(label, theirs: theirs, detail: e.message)
        } catch {
            connection.shutdown()
            throw PluginErrors.describe(error, label, CallContext(method: .handshake))
        }
    }

    private static func check(_ reply: HandshakeReply, _ label: PluginLabel, expectedName: String?) throws(ProviderError) {
        guard PluginProtocol.supportedVersions.contains(reply.protocolVersion) else {
            throw PluginErrors.versionMismatch(label, theirs: [reply.protocolVersion], detail: nil)
        }
        guard PluginProtocol.isValidProviderName(reply.name) else {
            throw ProviderError(
                "\(label) (\(label.path)) reported the name \(reply.name.quotedPreview()), which cannot name a provider",
                hint: "a provider name is lowercase letters, digits, _ and -, starting with a letter")
        }
        if let expectedName, expectedName != reply.name {
            throw ProviderError(
                "\(label.path) says it is provider \"\(reply.name)\", but its file name says \"\(expectedName)\"",
                hint: "name the file \(PluginProtocol.executablePrefix)\(reply.name), or make the plugin report \"\(expectedName)\"")
        }
    }
}
