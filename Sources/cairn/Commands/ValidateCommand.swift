import ArgumentParser
import CairnCore

struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate",
        abstract: "Check the stack without touching state or providers.")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "Set a variable: NAME=VALUE (repeatable).") var `var`: [String] = []
    @Option(name: .customLong("var-file"), help: "Read variables from a YAML file.") var varFile: [String] = []

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let ws = try Workspace.load(directory: dir, global: global)
            // Variables are checked only when some are given: a stack with required inputs is still valid.
            if !`var`.isEmpty || !varFile.isEmpty {
                _ = try ws.variables(VariableInputs(assignments: `var`, files: varFile))
            }
            Terminal.out(t.paint("The stack is valid.", .green) + " \(ws.config.resources.count) resources, \(ws.config.dataSources.count) data sources, \(ws.config.outputs.count) outputs.")
        }
    }
}
