import CairnProviderKit

/// Answers protocol calls with a `Provider`: the plugin side of the protocol, for plugins written in
/// Swift with this kit (and for serving built-in providers out of process).
public struct PluginDispatcher: Sendable {
    public let provider: any Provider

    public init(provider: any Provider) { self.provider = provider }

    public func handle(method: String, params: Value) async -> Result<Value, RPCError> {
        guard let m = PluginProtocol.Method(rawValue: method) else {
            return .failure(RPCError(code: PluginErrorCode.methodNotFound, message: "no method \"\(method)\""))
        }
        do {
            return .success(try await call(m, params))
        } catch let e as RPCError {
            return .failure(e)
        } catch let e as ProviderError {
            return .failure(.provider(e.message, hint: e.hint))
        } catch let e as PluginDecodeError {
            return .failure(RPCError(code: PluginErrorCode.invalidParams, message: e.message))
        } catch {
            return .failure(RPCError(code: PluginErrorCode.internalError, message: "\(error)"))
        }
    }

    private func call(_ method: PluginProtocol.Method, _ params: Value) async throws -> Value {
        if method == .handshake { return try handshake(params) }
        if method == .schema { return SchemaCodec.encode(provider.schema) }
        let p = try PluginFields(params, at: "params")
        if method == .configure {
            _ = try await provider.configure(ConfigureRequest(config: try p.map("config")))
            return .null
        }
        let kind = try p.string("kind")
        switch method {
        case .handshake, .schema, .configure:
            preconditionFailure("answered above")
        case .validate:
            return PluginCodec.encode(try await provider.validate(ValidateRequest(kind: kind, properties: try p.map("properties"))).issues)
        case .plan:
            let prior = try PluginCodec.optionalObject(p.value("prior"), at: "params.prior")
            return PluginCodec.encode(try await provider.plan(PlanRequest(kind: kind, prior: prior, proposed: try p.map("proposed"))))
        case .create:
            return PluginCodec.encode(try await provider.create(CreateRequest(kind: kind, properties: try p.map("properties"))).object)
        case .read:
            let current = try PluginCodec.object(p.value("current"), at: "params.current")
            return PluginCodec.encode(try await provider.read(ReadRequest(kind: kind, current: current)).object)
        case .update:
            let prior = try PluginCodec.object(p.value("prior"), at: "params.prior")
            return PluginCodec.encode(
                try await provider.update(UpdateRequest(kind: kind, prior: prior, properties: try p.map("properties"))).object)
        case .delete:
            let current = try PluginCodec.object(p.value("current"), at: "params.current")
            _ = try await provider.delete(DeleteRequest(kind: kind, current: current))
            return .null
        case .importResource:
            return PluginCodec.encode(try await provider.importResource(ImportRequest(kind: kind, id: try p.string("id"))).object)
        case .adopt:
            return PluginCodec.encode(try await provider.adopt(AdoptRequest(kind: kind, properties: try p.map("properties"))).object)
        case .readData:
            let answer = try await provider.readData(ReadDataRequest(kind: kind, properties: try p.map("properties")))
            return .map(["attributes": .map(answer.attributes)])
        }
    }

    private func handshake(_ params: Value) throws -> Value {
        let hello = try HandshakeRequest(params: params)
        let ours = PluginProtocol.supportedVersions
        let lo = max(hello.versions.lowerBound, ours.lowerBound)
        let hi = min(hello.versions.upperBound, ours.upperBound)
        guard lo <= hi else {
            throw RPCError(
                code: PluginErrorCode.unsupportedVersion,
                message: "this plugin speaks protocol \(ours.lowerBound)...\(ours.upperBound)",
                data: .map(["supported": .list(ours.map { .number(Double($0)) })]))
        }
        return HandshakeReply(protocolVersion: hi, name: provider.schema.name, version: provider.schema.version).result
    }
}
