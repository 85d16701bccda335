import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

struct StateRekey: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rekey",
        abstract: "Re-encrypt the state's secrets under a new key (CAIRN_STATE_NEW_KEY, or a generated one).")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let path = try locator.path(global: global)
            let store = try locator.openExisting(global: global)
            let env = ProcessInfo.processInfo.environment
            let source = StateKey.source(statePath: path)
            let newKey: Data
            if let text = env["CAIRN_STATE_NEW_KEY"], !text.isEmpty {
                newKey = try StateKey.parse(text, from: "CAIRN_STATE_NEW_KEY")
            } else if case .environment = source {
                throw DiagnosticError(
                    .error(
                        "the current key comes from CAIRN_STATE_KEY, so Cairn cannot store a generated new one",
                        hint: "set CAIRN_STATE_NEW_KEY to the new key (e.g. `openssl rand -base64 32`), then update CAIRN_STATE_KEY"))
            } else {
                newKey = try SecretBox.generateKey()
            }
            let count = try await LockScope.acquire(store, operation: "state rekey").run { () -> Int in
                var pending: String?
                if case .file(let keyFile) = source {
                    // The new key is on disk before the database switches to it, so no moment exists
                    // where the database is sealed under a key that is nowhere.
                    pending = keyFile + ".new"
                    try StateKey.write(newKey, to: pending!)
                }
                let n = try store.rekey(to: newKey)
                if case .file(let keyFile) = source, let pending {
                    guard rename(pending, keyFile) == 0 else {
                        throw StateError(
                            "the state now uses the key in \(pending), but it could not be moved to \(keyFile)",
                            hint: "move \(pending) to \(keyFile) by hand")
                    }
                }
                return n
            }
            switch source {
            case .file(let f): Terminal.out("Re-encrypted \(count) stored value\(count == 1 ? "" : "s") under a new key, now in \(f).")
            case .environment:
                Terminal.out(
                    "Re-encrypted \(count) stored value\(count == 1 ? "" : "s") under CAIRN_STATE_NEW_KEY. Set CAIRN_STATE_KEY to it from now on."
                )
            }
        }
    }
}
