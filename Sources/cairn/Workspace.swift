import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

/// A stack folder with its state: what most commands start from.
struct Workspace {
    let config: StackConfig
    let graph: ConfigGraph
    let registry: ProviderRegistry
    let statePath: String

    /// Validates a loaded stack.
    static func validate(_ config: StackConfig, global: GlobalOptions) async throws -> Workspace {
        let registry = try await ProviderCatalog.registry(for: config)
        let graph = try await StackValidator(registry: registry).validate(config)
        return Workspace(config: config, graph: graph, registry: registry, statePath: statePath(global: global, config: config))
    }

    static func statePath(global: GlobalOptions, config: StackConfig) -> String {
        statePath(global: global, identity: config.identity)
    }

    /// `--state`, else the stack's `backend:` (relative to its folder), else `state/NAME.sqlite`
    /// under the current folder.
    static func statePath(global: GlobalOptions, identity: StackIdentity) -> String {
        if let s = global.state { return s }
        if let b = identity.backend {
            return b.hasPrefix("/") ? b : URL(fileURLWithPath: identity.directory).appendingPathComponent(b).standardizedFileURL.path
        }
        return FileManager.default.currentDirectoryPath + "/state/\(identity.name).sqlite"
    }

    func variables(_ inputs: VariableInputs) throws -> [String: Value] {
        try inputs.resolve(for: config)
    }
}

/// Finds the state for commands that take no stack folder (show, output, state …): `--state`, or
/// the stack in `--stack` (default: the current folder).
struct StateLocator: ParsableArguments {
    @Option(name: .long, help: "The stack folder whose state to use (default: the current folder).")
    var stack: String = "."

    func path(global: GlobalOptions) throws -> String {
        try pathAndStack(global: global).path
    }

    /// The state's path, and the stack's name (nil with `--state`, when no stack is loaded).
    func pathAndStack(global: GlobalOptions) throws -> (path: String, stack: String?) {
        if let s = global.state { return (s, nil) }
        do {
            let found = try StackSession.statePath(.folder(stack), global: global)
            return (found.path, found.stack)
        } catch {
            throw DiagnosticError(
                .error(
                    "cannot tell which state to use: \(stack) holds no loadable stack",
                    hint: "run from the stack's folder, or pass --stack DIR or --state PATH"))
        }
    }

    func openExisting(global: GlobalOptions) throws -> SQLiteStateStore {
        let p = try path(global: global)
        guard FileManager.default.fileExists(atPath: p) else {
            throw DiagnosticError(.error("no state at \(p)", hint: "run `cairn apply` first, or pass --state PATH"))
        }
        return try SQLiteStateStore.open(p)
    }
}

enum Identity {
    static var user: String {
        if let u = ProcessInfo.processInfo.environment["USER"], !u.isEmpty { return u }
        if let pw = getpwuid(getuid()), let name = pw.pointee.pw_name { return String(cString: name) }
        return "unknown"
    }
}
