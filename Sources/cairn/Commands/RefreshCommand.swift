import ArgumentParser
import CairnCore

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Read the real resources and record any drift in state.")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @OptionGroup var variableFlags: VariableFlags
    @Option(name: .long, help: "How many reads run at once.") var parallelism: Int = 10

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let session = try await StackSession.open(.folder(dir), global: global, lockingStateFor: "refresh")
            let ws = session.workspace
            let state = session.state!
            let drift = try await state.run {
                let variables = try ws.variables(variableFlags.inputs)
                var r = StateRefresh(
                    config: ws.config, registry: ws.registry, store: state.store, variables: variables,
                    environment: Operations.environment)
                r.parallelism = parallelism
                return try await r.run(user: Identity.user)
            }
            if drift.isEmpty {
                Terminal.out(t.paint("No drift.", .green) + " State matches the real resources.")
            } else {
                for d in drift {
                    Terminal.out(
                        d.deleted
                            ? "  - \(d.address) is gone; removed from state"
                            : "  ~ \(d.address): \(d.changed.joined(separator: ", ")) changed outside Cairn; recorded")
                }
                Terminal.out("Refresh recorded \(drift.count) change\(drift.count == 1 ? "" : "s") in state.")
            }
        }
    }
}
