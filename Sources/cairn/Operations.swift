import CairnCore
import CairnProviderKit
import CairnState
import Foundation

/// The steps plan, apply and destroy share.
enum Operations {
    static var environment: [String: String] { ProcessInfo.processInfo.environment }

    static func makePlan(_ ws: Workspace, state: StateSnapshot, flags: PlanFlags, destroy: Bool = false) async throws -> Plan {
        let variables = try ws.variables(flags.inputs)
        var options = flags.options(environment: environment)
        options.destroy = options.destroy || destroy
        let planner = Planner(
            config: ws.config, graph: ws.graph, registry: ws.registry, variables: variables,
            options: options, cairnVersion: CairnVersion.current)
        return try await planner.plan(state: state)
    }

    /// Applies a plan, printing progress (text lines, or JSON events with `json`), then the summary.
    /// Returns false when something failed.
    static func apply(
        _ plan: Plan, _ ws: Workspace, store: any StateReaderWriter, parallelism: Int, command: String,
        json: Bool, t: Terminal
    ) async throws -> Bool {
        var applier = Applier(
            config: ws.config, graph: ws.graph, registry: ws.registry, store: store, plan: plan,
            environment: environment)
        applier.parallelism = parallelism
        let progress = ProgressPrinter(t: t, json: json)
        applier.events = { progress.handle($0) }
        applier.shouldStop = { Interrupts.shared.stopRequested }
        Interrupts.shared.setApplying(true)
        defer { Interrupts.shared.setApplying(false) }
        let result = try await applier.apply(command: command, user: Identity.user)
        progress.summary(result, destroy: plan.destroy)
        if !result.failures.isEmpty {
            for d in result.failures { ErrorReport.print(d, t) }
        }
        return result.succeeded
    }

    /// Asks for `yes` on a terminal; refuses without one unless auto-approved.
    static func approve(autoApprove: Bool, question: String) throws -> Bool {
        if autoApprove { return true }
        guard Terminal.stdinIsTerminal else {
            throw DiagnosticError(
                .error(
                    "refusing to apply without confirmation: standard input is not a terminal",
                    hint: "review the plan, then pass --auto-approve (or apply a saved plan file)"))
        }
        Terminal.out("\n\(question)\n  Only 'yes' will be accepted.\n")
        FileHandle.standardOutput.write(Data("  Enter a value: ".utf8))
        return readLine()?.trimmingCharacters(in: .whitespaces) == "yes"
    }
}
