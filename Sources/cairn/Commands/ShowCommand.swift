import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show the state, or a saved plan.")

    @Argument(help: "A plan file saved by `plan -o` (default: show the state).") var planFile: String?
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            if let planFile {
                let sealed = try PlanFile.read(planFile)
                let plan = try PlanFile.unseal(sealed, statePath: try StackSession.statePath(.saved(sealed.stack), global: global).path)
                Terminal.out(json ? PlanJSON.document(plan).jsonString() : PlanRenderer(t: t).render(plan))
                return
            }
            let snapshot = try locator.openExisting(global: global).snapshot()
            if json {
                Terminal.out(StateJSON.document(snapshot).jsonString())
                return
            }
            Terminal.out(
                t.paint("State", .bold) + " lineage \(snapshot.lineage), serial \(snapshot.serial), \(snapshot.resources.count) resources")
            for r in snapshot.resources.values.sorted(by: { $0.address < $1.address }) {
                Terminal.out("")
                Terminal.out(StateJSON.text(r, t: t))
            }
            if !snapshot.outputs.isEmpty {
                Terminal.out("\nOutputs:")
                for (k, v) in snapshot.outputs.sorted(by: { $0.key < $1.key }) { Terminal.out("  \(k) = \(ValueFormatter.text(v))") }
            }
        }
    }
}

enum StateJSON {
    static func record(_ r: ResourceRecord) -> Value {
        .map([
            "address": .string(r.address.description), "type": .string(r.type.description), "provider": .string(r.provider),
            "id": .string(r.id),
            "status": .string(r.status.rawValue), "attributes": ValueFormatter.redacted(.map(r.attributes)),
            "dependencies": .list(r.dependencies.map { .string($0.description) }),
        ])
    }

    static func document(_ s: StateSnapshot) -> Value {
        .map([
            "lineage": .string(s.lineage), "serial": .number(Double(s.serial)),
            "resources": .list(s.resources.values.sorted { $0.address < $1.address }.map(record)),
            "outputs": ValueFormatter.redacted(.map(s.outputs)),
        ])
    }

    static func text(_ r: ResourceRecord, t: Terminal) -> String {
        var lines = [
            t.paint("# \(r.address)", .bold) + " (\(r.type), provider \(r.provider))"
                + (r.status == .ready ? "" : t.paint(" \(r.status.rawValue)", .red))
        ]
        lines.append("    id = \(Value.string(r.id).jsonString())")
        let width = r.attributes.keys.map(\.count).max() ?? 0
        for (k, v) in r.attributes.sorted(by: { $0.key < $1.key }) where k != "id" {
            lines.append("    \(k.padding(toLength: width, withPad: " ", startingAt: 0)) = \(ValueFormatter.text(v))")
        }
        if !r.dependencies.isEmpty { lines.append("    depends on: \(r.dependencies.map(\.description).joined(separator: ", "))") }
        return lines.joined(separator: "\n")
    }
}
