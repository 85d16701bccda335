import CairnProviderKit

/// The provider instances of one run: made from the registry and configured once, on first use.
actor ProviderSet {
    private let config: StackConfig
    private let registry: ProviderRegistry
    private let scope: EvaluationScope
    private var instances: [String: Task<any Provider, any Error>] = [:]

    init(config: StackConfig, registry: ProviderRegistry, scope: EvaluationScope) {
        self.config = config
        self.registry = registry
        self.scope = scope
    }

    /// The configured provider for instance `key` (whose provider is `providerName`).
    func provider(key: String, providerName: String) async throws -> any Provider {
        if let t = instances[key] { return try await t.value }
        let decl = config.providers[key]
        let name = decl?.providerName ?? providerName
        let registry = registry
        let scope = scope
        let task = Task<any Provider, any Error> {
            guard let provider = registry.make(name) else {
                throw Diagnostic.error(
                    "provider instance \"\(key)\" needs provider \"\(name)\", which this Cairn does not have",
                    at: decl?.location, hint: "available providers: \(registry.names.joined(separator: ", "))")
            }
            var settings: [String: Value] = [:]
            for (k, _, expr) in decl?.config ?? [] {
                let v = try expr.evaluate(in: scope)
                if v.containsUnknown {
                    throw Diagnostic.error(
                        "provider \"\(key)\" setting \"\(k)\" depends on a value known only after apply",
                        at: expr.location, hint: "provider settings may use variables, locals, env and path only")
                }
                settings[k] = v
            }
            for (k, prop) in provider.schema.config {
                if settings[k] == nil, let d = prop.defaultValue { settings[k] = d }
                if let v = settings[k], case .failure(let e) = TypeCheck.conform(v, to: prop.type) {
                    throw Diagnostic.error("provider \"\(key)\" setting \"\(k)\(e.path)\" \(e.message)", at: decl?.location)
                }
            }
            EngineLog.logger.debug("configuring provider", metadata: ["instance": "\(key)", "provider": "\(name)"])
            do {
                _ = try await provider.configure(ConfigureRequest(config: settings.deepUnmarked))
            } catch let e as ProviderError {
                throw Diagnostic.error("provider \"\(key)\": \(e.message)", at: decl?.location, hint: e.hint)
            }
            return provider
        }
        instances[key] = task
        return try await task.value
    }
}
