import ArgumentParser
import CairnCore
import CairnState
import Foundation

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Make the changes: from the stack (after showing the plan and asking), or exactly those of a saved plan.")

    @Argument(help: "The stack folder, or a plan file saved by `plan -o`.") var target: String = "."
    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: PlanFlags
    @Flag(name: .long, help: "Apply without asking for confirmation.") var autoApprove = false
    @Flag(name: .long, help: "Print progress as one JSON event a line.") var json = false

    func run() async throws {
        let t = global.terminal
        var ok = true
        try await ErrorReport.run(t) {
            if PlanFile.isPlanFile(target) {
                ok = try await applySaved(t)
            } else {
                ok = try await planAndApply(t, destroy: false, autoApprove: autoApprove, command: "apply")
            }
        }
        if !ok { throw ExitCode(1) }
    }

    private func applySaved(_ t: Terminal) async throws -> Bool {
        let sealed = try PlanFile.read(target)
        let session = try await StackSession.open(.saved(sealed.stack), global: global, lockingStateFor: "apply")
        let ws = session.workspace
        let state = session.state!
        return try await state.run {
            let plan = try PlanFile.unseal(sealed, statePath: ws.statePath)
            let snapshot = state.snapshot
            guard snapshot.lineage == plan.lineage, snapshot.serial == plan.serial else {
                throw DiagnosticError(
                    .error(
                        "the saved plan is stale: it was made against state \(plan.lineage.prefix(8))… serial \(plan.serial), but the state is now \(snapshot.lineage.prefix(8))… serial \(snapshot.serial)",
                        hint: "the state changed since the plan was made; run `cairn plan -o FILE` again and apply the new plan"))
            }
            if !plan.needsApply {
                if json {
                    ProgressPrinter(t: t, json: true).summary(ApplyResult(), destroy: plan.destroy)
                    return true
                }
                Terminal.out(t.paint("No changes.", .green) + " Nothing to apply.")
                return true
            }
            return try await Operations.apply(
                plan, ws, store: state.store, parallelism: flags.parallelism, command: "apply \(target)",
                json: json, t: t)
        }
    }

    func planAndApply(_ t: Terminal, destroy: Bool, autoApprove: Bool, command: String) async throws -> Bool {
        let session = try await StackSession.open(.folder(target), global: global, lockingStateFor: command)
        let ws = session.workspace
        let state = session.state!
        let store = state.store
        return try await state.run {
            let plan = try await Operations.makePlan(ws, state: state.snapshot, flags: flags, destroy: destroy)
            KeepUntilExit.keep(plan)
            if !json { Terminal.out(PlanRenderer(t: t).render(plan)) }
            guard plan.needsApply else {
                if json { ProgressPrinter(t: t, json: true).summary(ApplyResult(), destroy: destroy) }
                return true
            }
            if !plan.hasChanges {
                return try await Operations.apply(
                    plan, ws, store: store, parallelism: flags.parallelism, command: command, json: json, t: t)
            }
            guard
                try Operations.approve(
                    autoApprove: autoApprove,
                    question: destroy ? "Do you really want to destroy all resources?" : "Do you want to perform these actions?")
            else {
                Terminal.err("Apply cancelled.")
                throw ExitCode(1)
            }
            if !json { Terminal.out("") }
            return try await Operations.apply(plan, ws, store: store, parallelism: flags.parallelism, command: command, json: json, t: t)
        }
    }
}

struct DestroyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "destroy", abstract: "Destroy everything the stack manages.")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @OptionGroup var flags: PlanFlags
    @Flag(name: .long, help: "Destroy without asking for confirmation.") var autoApprove = false
    @Flag(name: .long, help: "Print progress as one JSON event a line.") var json = false

    func run() async throws {
        var apply = ApplyCommand()
        apply.target = dir
        apply.global = global
        apply.flags = flags
        apply.json = json
        let t = global.terminal
        var ok = true
        try await ErrorReport.run(t) {
            ok = try await apply.planAndApply(t, destroy: true, autoApprove: autoApprove, command: "destroy")
        }
        if !ok { throw ExitCode(1) }
    }
}
