import AWSProvider
import CairnCore
import CairnPluginHost
import CairnPluginProtocol
import CairnProviderKit
import DNSProvider
import DockerProvider
import Foundation
import HAProxyProvider
import LocalProvider
import NginxProvider
import NullProvider
import RandomProvider

/// The providers built into this binary. Each goes through the same registry an external one would.
enum BuiltinProviders {
    static var registry: ProviderRegistry {
        var r = ProviderRegistry()
        r.register { LocalProvider() }
        r.register { RandomProvider() }
        r.register { NullProvider() }
        r.register { DockerProvider() }
        r.register { NginxProvider() }
        r.register { HAProxyProvider() }
        r.register { DNSProvider() }
        r.register { AWSProvider() }
        return r
    }
}

/// Built-in providers plus plugins: `cairn-provider-NAME` executables in the stack's `plugins/`
/// folder or on `CAIRN_PLUGIN_PATH`. A plugin is started once to learn its schema; a built-in
/// provider of the same name wins.
enum ProviderCatalog {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// The built-in providers and the plugins `config` uses.
    static func registry(for config: StackConfig) async throws -> ProviderRegistry {
        var registry = BuiltinProviders.registry
        var uses: [String: SourceLocation] = [:]
        for p in config.providers.values { uses[p.providerName] = min(uses[p.providerName] ?? p.location, p.location) }
        // Walked in place: a concatenated copy of every declaration cost more than the loop.
        for decls in [config.resources, config.dataSources] {
            for d in decls.values where uses[d.providerName].map({ d.typeLocation < $0 }) ?? true {
                uses[d.providerName] = d.typeLocation
            }
        }
        let wanted = uses.keys.filter { registry.schema(named: $0) == nil }.sorted()
        guard !wanted.isEmpty else { return registry }
        let folders = PluginDiscovery.folders(stackDirectory: config.directory, environment: environment)
        let (found, skipped) = PluginDiscovery.find(in: folders)
        let options = try hostOptions()
        var bag = DiagnosticBag()
        for name in wanted {
            if let candidate = found[name] {
                do throws(ProviderError) {
                    let plugin = try await PluginExecutable.load(path: candidate.path, expectedName: name, options: options)
                    registry.register { plugin.makeProvider() }
                } catch {
                    bag.append(.error(error.message, at: uses[name], hint: error.hint))
                }
            } else if let why = skipped[name] {
                bag.append(.error("provider \"\(name)\" cannot be used: \(why)", at: uses[name]))
            } else if Suggestion.hint(for: name, among: registry.names + found.keys) == nil {
                // A near miss ("lcoal") is left to the validator, which suggests the right name.
                bag.append(
                    .error(
                        "unknown provider \"\(name)\": it is not built in, and no \(PluginProtocol.executablePrefix)\(name) was found",
                        at: uses[name],
                        hint: "put the plugin in the stack's plugins/ folder or in a folder listed in CAIRN_PLUGIN_PATH; "
                            + "built-in providers: \(BuiltinProviders.registry.names.joined(separator: ", "))"))
            }
        }
        try bag.throwIfErrors()
        return registry
    }

    /// Every provider there is: the built-in ones and every plugin found from `stackDirectory`.
    /// A plugin that fails to start is reported as a warning and left out.
    static func everything(stackDirectory: String) async throws -> ProviderRegistry {
        var registry = BuiltinProviders.registry
        let options = try hostOptions()
        let found = PluginDiscovery.find(in: PluginDiscovery.folders(stackDirectory: stackDirectory, environment: environment)).found
        for candidate in found.values.sorted(by: { $0.name < $1.name }) where registry.schema(named: candidate.name) == nil {
            do throws(ProviderError) {
                let plugin = try await PluginExecutable.load(path: candidate.path, expectedName: candidate.name, options: options)
                registry.register { plugin.makeProvider() }
            } catch {
                Terminal.err("Warning: \(error.message)" + (error.hint.map { "\n  hint: \($0)" } ?? ""))
            }
        }
        return registry
    }

    private static func hostOptions() throws -> PluginHostOptions {
        do throws(ProviderError) {
            return try PluginHostOptions.from(environment: environment, cairnVersion: CairnVersion.current)
        } catch {
            throw DiagnosticError(.error(error.message, hint: error.hint))
        }
    }
}
