import ArgumentParser
import CairnCore
import Foundation

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan",
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
            // The state is read while the YAML is parsed, from --state or from where the stack's
            // files say it will be; the loaded stack decides, and a wrong guess is given back.
            let early = StatePathGuess.path(directory: dir, global: global).flatMap { StateReadAhead(path: $0, operation: "plan") }
            let config: StackConfig
            do {
                config = try StackLoader.load(directory: dir, handOver: { ProcessLifetime.keep($0) })
            } catch {
                await early?.abandon()
                throw error
            }
            let path = Workspace.statePath(global: global, config: config)
            var ahead = early
            if let guessed = early, guessed.path != path {
                await guessed.abandon()
                ahead = nil
            }
            ahead = ahead ?? StateReadAhead(path: path, operation: "plan")
            let ws: Workspace
            do {
                ws = try Workspace.validate(config, global: global)
            } catch {
                await ahead?.abandon()
                throw error
            }
            let plan: Plan
            if let ahead {
                let read = try await ahead.value()
                read.lock.warnIfStale()
                ProcessLifetime.keep(read.state)
                plan = try await read.lock.run { try await Operations.makePlan(ws, state: read.state, flags: flags) }
            } else {
                let store = try ws.openStore()
                plan = try await LockScope.acquire(store, operation: "plan").run {
                    let state = try store.snapshot()
                    ProcessLifetime.keep(state)
                    return try await Operations.makePlan(ws, state: state, flags: flags)
                }
            }
            ProcessLifetime.keep(ws)
            ProcessLifetime.keep(plan)
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
