import ArgumentParser
import CairnCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the stack without touching state or providers.")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @OptionGroup var variableFlags: VariableFlags

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let ws = try await StackSession.open(.folder(dir), global: global).workspace
            // Variables are checked only when some are given: a stack with required inputs is still valid.
            if !variableFlags.isEmpty {
                _ = try ws.variables(variableFlags.inputs)
            }
            Terminal.out(
                t.paint("The stack is valid.", .green)
                    + " \(ws.config.resources.count) resources, \(ws.config.dataSources.count) data sources, \(ws.config.outputs.count) outputs."
            )
        }
    }
}
