import ArgumentParser

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
}
