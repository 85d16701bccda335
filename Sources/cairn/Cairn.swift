import ArgumentParser
import CairnCore
import Foundation

@main
struct Cairn: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "Infrastructure as code: plan and apply YAML stacks, with state you can trust.",
        version: CairnVersionText.text,
        subcommands: [
            ValidateCommand.self, PlanCommand.self, ApplyCommand.self, DestroyCommand.self, RefreshCommand.self,
            ShowCommand.self, OutputCommand.self, ImportCommand.self, StateCommand.self, GraphCommand.self,
            ProvidersCommand.self,
            BackupCommand.self, RestoreCommand.self, DrillCommand.self,
        ]
    )

    /// Like the default entry point, but usage errors exit 1 (the documented code for any error)
    /// instead of 64.
    static func main() async {
        // One command, then exit: big structures are kept rather than freed node by node.
        KeepUntilExit.enable()
        do {
            var command = try parseAsRoot(GlobalFlagOrder.reordered(Array(CommandLine.arguments.dropFirst()), root: Cairn.self))
            if var async = command as? AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                let message = fullMessage(for: error)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}
