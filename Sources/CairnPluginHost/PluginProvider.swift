import CairnProviderKit
import Foundation
import Logging
import CairnPluginProtocol

/// A provider instance served by a plugin process: the engine uses it like a built-in one.
///
/// Until `configure`, calls go to the plugin's shared process (only `validate` comes that early).
/// `configure` starts a process of this instance's own; if it fails later it is started again on
/// the next call, with the settings sent again, at most `maxRestarts` times. The process is stopped
/// when the instance is released (at the end of a plan or an apply), or when Cairn exits.
public final class PluginProvider: Provider {
    public let plugin: PluginExecutable
    private let logger: Logger
    private let state = Locked<(settings: [String: Value]?, connection: PluginConnection?, starts: Int)>((nil, nil, 0))

    init(plugin: PluginExecutable) {
        self.plugin = plugin
        logger = Logger(label: "cairn.plugin.\(plugin.label.name)")
    }

    deinit {
        state.withLock { $0.connection }?.shutdown()
    }

    public var schema: ProviderSchema { plugin.schema }

    /// The process id serving this instance, if one is running (for tests).
    public var processID: Int32? { state.withLock { $0.connection?.pid } }

    private func connection() throws(ProviderError) -> PluginConnection {
        let plugin = plugin
        return try state.withLock { s throws(ProviderError) -> PluginConnection in
            guard let settings = s.settings else { return try plugin.sharedConnection() }
            if let c = s.connection, c.isUsable { return c }
            guard s.starts <= plugin.options.maxRestarts else { throw PluginErrors.gaveUp(plugin.label, starts: s.starts) }
            s.starts += 1
            s.connection = nil
            let c = try plugin.startProcess()
            let context = CallContext(method: .configure, type: plugin.label.name)
            do {
                _ = try c.callSync(.configure, .map(["config": .map(settings)]), context)
            } catch let e as RPCError where e.code == PluginErrorCode.methodNotFound {
                // A plugin without settings need not answer configure.
            } catch {
                c.shutdown()
                throw PluginErrors.describe(error, plugin.label, context)
            }
            s.connection = c
            return c
        }
    }

    /// The same for async calls. Starting a plugin blocks until its handshake (and configure) are
    /// answered, so that happens on a thread of its own rather than one of the shared workers.
    private func connectionAsync() async throws -> PluginConnection {
        if let c = state.withLock({ s in s.settings != nil ? s.connection : nil }), c.isUsable { return c }
        return try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { () throws(ProviderError) in try self.connection() }) }.start()
        }
    }

    private func context(_ method: PluginProtocol.Method, _ kind: String, id: String? = nil) -> CallContext {
        CallContext(method: method, type: "\(plugin.label.name).\(kind)", id: id)
    }

    /// Calls the plugin; nil when it answers that it does not implement an optional call.
    private func invoke(_ method: PluginProtocol.Method, _ context: CallContext, _ params: [String: Value],
                        optional: Bool = false) async throws(ProviderError) -> Value? {
        do {
            return try await connectionAsync().call(method, .map(params), context)
        } catch let e as RPCError where optional && e.code == PluginErrorCode.methodNotFound {
            return nil
        } catch {
            throw PluginErrors.describe(error, plugin.label, context)
        }
    }

    private func decode<T>(_ context: CallContext, _ body: () throws(PluginDecodeError) -> T) throws(ProviderError) -> T {
        do {
            return try body()
        } catch {
            throw PluginErrors.describe(error, plugin.label, context)
        }
    }

    public func configure(_ config: [String: Value]) async throws {
        let old = state.withLock { s -> PluginConnection? in
            defer { s = (config, nil, 0) }
            return s.connection
        }
        old?.shutdown()
        _ = try await connectionAsync()
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        let ctx = context(.validate, kind)
        do {
            let answer = try connection().callSync(.validate, .map(["kind": .string(kind), "properties": .map(properties)]), ctx)
            return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.issues(answer, at: "result") }
        } catch let e as RPCError where e.code == PluginErrorCode.methodNotFound {
            return []
        } catch {
            let e = PluginErrors.describe(error, plugin.label, ctx)
            return [ProviderIssue(property: nil, message: e.message, hint: e.hint)]
        }
    }

    /// The plugin's refinement of Cairn's default plan: attributes it returns replace the default
    /// values of those names. `plan` cannot fail in the provider contract, so a failed call is logged
    /// and the default plan used; the apply then meets the same failure and reports it.
    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes {
        let fallback = defaultPlannedAttributes(kind: kind, prior: prior, proposed: proposed)
        let ctx = context(.plan, kind, id: prior?.id)
        let params: Value = .map(["kind": .string(kind), "prior": PluginCodec.encode(prior), "proposed": .map(proposed)])
        do {
            let answer = try connection().callSync(.plan, params, ctx)
            let refined = try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.planned(answer, at: "result") }
            return PlannedAttributes(attributes: fallback.merging(refined.attributes ?? [:]) { _, plugin in plugin },
                                     requiresReplace: refined.requiresReplace)
        } catch let e as RPCError where e.code == PluginErrorCode.methodNotFound {
            return PlannedAttributes(attributes: fallback)
        } catch {
            let e = PluginErrors.describe(error, plugin.label, ctx)
            logger.error("\(e.message); planning with Cairn's defaults", metadata: ["plugin": "\(plugin.label.name)"])
            return PlannedAttributes(attributes: fallback)
        }
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        let ctx = context(.create, kind)
        let answer = try await invoke(.create, ctx, ["kind": .string(kind), "properties": .map(properties)])
        return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.object(answer ?? .null, at: "result") }
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        let ctx = context(.read, kind, id: current.id)
        let answer = try await invoke(.read, ctx, ["kind": .string(kind), "current": PluginCodec.encode(current)])
        return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.optionalObject(answer ?? .null, at: "result") }
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        let ctx = context(.update, kind, id: prior.id)
        let answer = try await invoke(.update, ctx, ["kind": .string(kind), "prior": PluginCodec.encode(prior),
                                                     "properties": .map(properties)])
        return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.object(answer ?? .null, at: "result") }
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        _ = try await invoke(.delete, context(.delete, kind, id: current.id), ["kind": .string(kind), "current": PluginCodec.encode(current)])
    }

    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        let ctx = context(.importResource, kind, id: id)
        guard let answer = try await invoke(.importResource, ctx, ["kind": .string(kind), "id": .string(id)], optional: true) else {
            throw ProviderError("\(plugin.label.name).\(kind) does not support import")
        }
        return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.optionalObject(answer, at: "result") }
    }

    public func readData(kind: String, properties: [String: Value]) async throws -> [String: Value] {
        let ctx = context(.readData, kind)
        guard let answer = try await invoke(.readData, ctx, ["kind": .string(kind), "properties": .map(properties)], optional: true) else {
            throw ProviderError("\(plugin.label.name) has no data source \(kind)")
        }
        return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.attributes(answer, at: "result") }
    }

    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        let ctx = context(.adopt, kind)
        guard let answer = try await invoke(.adopt, ctx, ["kind": .string(kind), "properties": .map(properties)], optional: true) else {
            return nil
        }
        return try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.optionalObject(answer, at: "result") }
    }
}
