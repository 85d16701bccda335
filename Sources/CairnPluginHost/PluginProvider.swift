import CairnPluginProtocol
import CairnProviderKit
import Foundation
import Logging

/// A provider instance served by a plugin process: the engine uses it like a built-in one.
///
/// Until `configure`, calls go to the plugin's shared process (only validation comes that early).
/// `configure` starts a process of this instance's own; if it fails later it is started again on
/// the next call, with the settings sent again, at most `maxRestarts` times. The process is stopped
/// when the instance is released (at the end of a plan or an apply), or when Cairn exits.
///
/// Every call suspends until the plugin answers; none holds a thread while it waits.
public final class PluginProvider: Provider {
    public let plugin: PluginExecutable
    private let logger: Logger
    private let settings = Locked<[String: Value]?>(nil)
    private let own: PluginProcessSlot

    init(plugin: PluginExecutable) {
        self.plugin = plugin
        logger = Logger(label: "cairn.plugin.\(plugin.label.name)")
        own = PluginProcessSlot(label: plugin.label, maxRestarts: plugin.options.maxRestarts)
    }

    deinit {
        own.shutdown()
    }

    public var schema: ProviderSchema { plugin.schema }

    /// The process id serving this instance, if one is running (for tests).
    public var processID: Int32? { own.running?.pid }

    /// The instance's own process once configured (started, and sent the settings, when there is
    /// none), the plugin's shared one before.
    private func connection() async throws -> PluginConnection {
        guard let settings = settings.withLock({ $0 }) else { return try await plugin.sharedConnection() }
        let plugin = plugin
        return try await own.connection {
            let c = try await plugin.startProcess()
            let context = CallContext(method: .configure, type: plugin.label.name)
            do {
                _ = try await c.call(.configure, .map(["config": .map(settings)]), context)
            } catch let e as RPCError where e.code == PluginErrorCode.methodNotFound {
                // A plugin without settings need not answer configure.
            } catch {
                c.shutdown()
                throw PluginErrors.describe(error, plugin.label, context)
            }
            return c
        }
    }

    private func context(_ method: PluginProtocol.Method, _ kind: String, id: String? = nil) -> CallContext {
        CallContext(method: method, type: "\(plugin.label.name).\(kind)", id: id)
    }

    /// Calls the plugin; nil when it answers that it does not implement an optional call.
    private func invoke(
        _ method: PluginProtocol.Method, _ context: CallContext, _ params: [String: Value],
        optional: Bool = false
    ) async throws(ProviderError) -> Value? {
        do {
            return try await connection().call(method, .map(params), context)
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

    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse {
        settings.withLock { $0 = request.config }
        own.reset()
        _ = try await connection()
        return ConfigureResponse()
    }

    /// A plugin that does not validate has no issues; a failed call is reported as one.
    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        let ctx = context(.validate, request.kind)
        do throws(ProviderError) {
            let params: [String: Value] = ["kind": .string(request.kind), "properties": .map(request.properties)]
            guard let answer = try await invoke(.validate, ctx, params, optional: true) else { return ValidateResponse() }
            return ValidateResponse(
                issues: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.issues(answer, at: "result") })
        } catch {
            return ValidateResponse(issues: [ProviderIssue(property: nil, message: error.message, hint: error.hint)])
        }
    }

    /// The plugin's refinement of Cairn's default plan: attributes it returns replace the default
    /// values of those names. A failed call is logged and the default plan used, as a plan cannot
    /// tell more than the apply will; the apply then meets the same failure and reports it.
    public func plan(_ request: PlanRequest) async throws -> PlanResponse {
        let fallback = defaultPlan(request)
        let ctx = context(.plan, request.kind, id: request.prior?.id)
        let params: [String: Value] = [
            "kind": .string(request.kind), "prior": PluginCodec.encode(request.prior),
            "proposed": .map(request.proposed),
        ]
        do throws(ProviderError) {
            guard let answer = try await invoke(.plan, ctx, params, optional: true) else { return fallback }
            let refined = try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.planned(answer, at: "result") }
            return PlanResponse(
                attributes: fallback.attributes.merging(refined.attributes ?? [:]) { _, plugin in plugin },
                requiresReplace: refined.requiresReplace)
        } catch {
            logger.error("\(error.message); planning with Cairn's defaults", metadata: ["plugin": "\(plugin.label.name)"])
            return fallback
        }
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        let ctx = context(.create, request.kind)
        let answer = try await invoke(.create, ctx, ["kind": .string(request.kind), "properties": .map(request.properties)])
        return CreateResponse(
            object: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.object(answer ?? .null, at: "result") })
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        let ctx = context(.read, request.kind, id: request.current.id)
        let answer = try await invoke(.read, ctx, ["kind": .string(request.kind), "current": PluginCodec.encode(request.current)])
        return ReadResponse(
            object: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.optionalObject(answer ?? .null, at: "result") })
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        let ctx = context(.update, request.kind, id: request.prior.id)
        let answer = try await invoke(
            .update, ctx,
            [
                "kind": .string(request.kind), "prior": PluginCodec.encode(request.prior),
                "properties": .map(request.properties),
            ])
        return UpdateResponse(
            object: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.object(answer ?? .null, at: "result") })
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        _ = try await invoke(
            .delete, context(.delete, request.kind, id: request.current.id),
            ["kind": .string(request.kind), "current": PluginCodec.encode(request.current)])
        return DeleteResponse()
    }

    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        let ctx = context(.importResource, request.kind, id: request.id)
        guard
            let answer = try await invoke(.importResource, ctx, ["kind": .string(request.kind), "id": .string(request.id)], optional: true)
        else {
            throw ProviderError("\(plugin.label.name).\(request.kind) does not support import")
        }
        return ImportResponse(
            object: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.optionalObject(answer, at: "result") })
    }

    public func readData(_ request: ReadDataRequest) async throws -> ReadDataResponse {
        let ctx = context(.readData, request.kind)
        guard
            let answer = try await invoke(
                .readData, ctx, ["kind": .string(request.kind), "properties": .map(request.properties)],
                optional: true)
        else {
            throw ProviderError("\(plugin.label.name) has no data source \(request.kind)")
        }
        return ReadDataResponse(
            attributes: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.attributes(answer, at: "result") })
    }

    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        let ctx = context(.adopt, request.kind)
        guard
            let answer = try await invoke(
                .adopt, ctx, ["kind": .string(request.kind), "properties": .map(request.properties)],
                optional: true)
        else {
            return AdoptResponse(object: nil)
        }
        return AdoptResponse(
            object: try decode(ctx) { () throws(PluginDecodeError) in try PluginCodec.optionalObject(answer, at: "result") })
    }
}
