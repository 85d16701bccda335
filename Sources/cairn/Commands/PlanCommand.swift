import ArgumentParser
import CairnCore
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what apply would change.")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: PlanFlags
    @Option(name: .shortAndLong, help: "Save the plan to FILE; `cairn apply FILE` applies exactly it.") var out: String?
    @Flag(name: .long, help: "Print one machine-readable JSON document.") var json = false
    @Flag(name: .long, help: "Exit 2 when there are changes, 0 when none.") var detailedExitcode = false

    func run() async throws {
        let t = global.terminal
        var changes = false
        try await ErrorReport.run(t) {
            let session = try await StackSession.open(.folder(dir), global: global, lockingStateFor: "plan")
            let ws = session.workspace
            let state = session.state!
            let plan = try await state.run { try await Operations.makePlan(ws, state: state.snapshot, flags: flags) }
            KeepUntilExit.keep(plan)
            if let out {
                try PlanFile.write(plan, to: out, statePath: ws.statePath)
            }
            if json {
                Terminal.out(PlanJSON.document(plan).jsonString())
            } else {
                Terminal.out(PlanRenderer(t: t).render(plan))
                if let out { Terminal.out("\nSaved the plan to \(out). Apply exactly it with: cairn apply \(out)") }
            }
            changes = plan.hasChanges
        }
        if detailedExitcode && changes { throw ExitCode(2) }
    }
}
