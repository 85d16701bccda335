import CairnCore
import CairnProviderKit
import CairnState
import Foundation

/// Saved plans on disk (`plan -o FILE`, `apply FILE`, `show FILE`). The format is
/// `PlanFileFormat`'s; what this adds is the file itself and the key: sensitive values are sealed
/// with the key of the state the plan was made against.
enum PlanFile {
    /// A saved plan, opened, with the stack it was made from.
    struct Opened {
        let plan: Plan
        let config: StackConfig
        let statePath: String
        let stateKey: Data
    }

    static func write(_ plan: Plan, to path: String, statePath: String) throws {
        let box = try SecretBox(key: StateKey.resolve(statePath: statePath))
        let data = try PlanFileFormat.encode(plan, sealingWith: box)
        // Secrets are sealed, but the file still holds the stack's other variable values: 0600 like the state.
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw DiagnosticError(.error("cannot write the plan to \(path)", hint: "check the folder exists and is writable"))
        }
    }

    /// Reads the plan at `path`, loads the stack saved in it, and opens its secrets with the key of
    /// that stack's state.
    static func open(_ path: String, global: GlobalOptions) throws -> Opened {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error("cannot read plan file \(path)"))
        }
        let sealed = try PlanFileFormat.decode(data, path: path)
        let config = try StackLoader.load(sources: sealed.sources, directory: sealed.directory, handOver: { ProcessLifetime.keep($0) })
        let statePath = Workspace.statePath(global: global, config: config)
        let key = try StateKey.resolve(statePath: statePath)
        return Opened(plan: try sealed.plan(openingWith: try SecretBox(key: key)), config: config, statePath: statePath, stateKey: key)
    }

    static func isPlanFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }
}
