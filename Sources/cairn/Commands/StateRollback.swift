import ArgumentParser
import CairnCore
import CairnState
import Foundation

struct StateRollback: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Make the state's resources what they were at the end of version SERIAL again, as a new version.",
        discussion: "History is never rewritten: the rollback is one more version. Real resources are not touched; "
            + "`cairn plan` then shows what it takes to make them match. Outputs are not versioned and stay as they are "
            + "until the next apply.")
    @Argument(help: "The version to return to (see `cairn state history`).") var serial: Int
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let store = try locator.openExisting(global: global)
            let outcome = try await LockScope.acquire(store, operation: "state rollback").run { () -> (Int, ChangeSummary)? in
                let versions = try store.history().map(\.serial)
                guard versions.contains(serial) else {
                    throw DiagnosticError(
                        .error(
                            "the state has no version \(serial)",
                            hint: "`cairn state history` lists the versions" + Self.known(versions)))
                }
                let current = try store.snapshot().resources
                let wanted = try store.resources(atSerial: serial)
                var changes: [StateChange] = []
                var summary = ChangeSummary()
                for address in current.keys.sorted() where wanted[address] == nil {
                    changes.append(.remove(address: address))
                    summary.destroyed += 1
                }
                for (address, record) in wanted.sorted(by: { $0.key < $1.key }) where current[address] != record {
                    changes.append(.upsert(record))
                    if current[address] == nil { summary.added += 1 } else { summary.changed += 1 }
                }
                guard !changes.isEmpty else { return nil }
                try AutoBackup.run(store, locator: locator, global: global)
                let version = try store.beginVersion(command: "state rollback \(serial)", user: Identity.user)
                try store.commit(changes)
                try store.finishVersion(serial: version, summary: summary, status: "complete")
                return (version, summary)
            }
            guard let (version, s) = outcome else {
                Terminal.out("The state's resources already equal version \(serial); nothing to roll back.")
                return
            }
            Terminal.out(
                "Rolled the state back to version \(serial) as version \(version): \(s.added) resource\(s.added == 1 ? "" : "s") "
                    + "back, \(s.changed) changed, \(s.destroyed) removed. Real resources were not touched; run `cairn plan` to see "
                    + "what it takes to make them match.")
        }
    }

    private static func known(_ versions: [Int]) -> String {
        if versions.isEmpty { return "" }
        let shown = versions.count <= 8 ? versions.map(String.init) : ["…"] + versions.suffix(6).map(String.init)
        return " (" + shown.joined(separator: ", ") + ")"
    }
}
