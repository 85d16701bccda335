import CairnCore
import CairnProviderKit
import CairnState
import Foundation

/// Saved plans on disk (`plan -o FILE`, `apply FILE`, `show FILE`). The format is
/// `PlanFileFormat`'s; what this adds is the file itself and the key: sensitive values are sealed
/// with the key of the state the plan was made against.
enum PlanFile {
    static func write(_ plan: Plan, to path: String, statePath: String) throws {
        let box = try SecretBox(key: StateKey.resolve(statePath: statePath))
        let data = try PlanFileFormat.encode(plan, sealingWith: box)
        // Secrets are sealed, but the file still holds the stack's other variable values: 0600 like the state.
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw DiagnosticError(.error("cannot write the plan to \(path)", hint: "check the folder exists and is writable"))
        }
    }

    /// Reads the plan at `path` as far as it can be without the state's key: its format is
    /// checked, and its stack (which names the state, and so the key) can be loaded.
    static func read(_ path: String) throws -> SealedPlan {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error("cannot read plan file \(path)"))
        }
        return try PlanFileFormat.decode(data, path: path)
    }

    /// The plan, its secrets opened with the key of the state at `statePath` (looked for only
    /// when it has secrets).
    static func unseal(_ sealed: SealedPlan, statePath: String) throws -> Plan {
        guard sealed.holdsSealedValues else { return try sealed.plan(openingWith: nil) }
        return try sealed.plan(openingWith: try SecretBox(key: StateKey.resolve(statePath: statePath)))
    }

    static func isPlanFile(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && !isDir.boolValue
    }
}
