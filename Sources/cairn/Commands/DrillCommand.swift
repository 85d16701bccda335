import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

struct DrillCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drill",
        abstract: "Rehearse disaster recovery: restore a backup into a scratch state, refresh it against the real resources, report.",
        discussion: "Never touches the live state or its lock. Exit 0: the environment would be recovered exactly; "
            + "2: changes would be needed; 1: recovery is impossible (backup unreadable, provider errors).")

    @Argument(help: "The stack folder.") var dir: String = "."
    @OptionGroup var global: GlobalOptions
    @Option(name: .long, help: "The backup to rehearse with (default: the stack's newest).") var from: String?
    @Option(name: .long, help: "The backups folder (default: backups/ beside the state file).") var backups: String?
    @OptionGroup var variableFlags: VariableFlags
    @Option(name: .long, help: "How many reads run at once.") var parallelism: Int = 10
    @Flag(name: .long, help: "Print one JSON document.") var json = false

    func validate() throws {
        guard parallelism >= 1 else { throw ValidationError("--parallelism must be at least 1") }
    }

    func run() async throws {
        let t = global.terminal
        var outcome = DrillReport.Outcome.recovered
        try await ErrorReport.run(t) {
            do {
                let report = try await drill()
                outcome = report.outcome
                Terminal.out(json ? DrillRenderer.json(report).jsonString() : DrillRenderer(t: t).text(report))
            } catch {
                if json {
                    Terminal.out(
                        Value.map([
                            "outcome": .string("impossible"), "exit_code": 1,
                            "error": .string("\(error)"),
                        ]).jsonString())
                }
                throw error
            }
        }
        if outcome == .changesNeeded { throw ExitCode(2) }
    }

    private func drill() async throws -> DrillReport {
        let ws = try await StackSession.open(.folder(dir), global: global).workspace
        let file = try from ?? newestBackup(ws)
        var options = PlanOptions(environment: Operations.environment)
        options.parallelism = parallelism
        let drill = RecoveryDrill(
            config: ws.config, graph: ws.graph, registry: ws.registry,
            variables: try ws.variables(variableFlags.inputs),
            options: options, cairnVersion: CairnVersion.current)
        do {
            return try await BackupScratch.with { scratch in
                try await drill.run(backup: file, scratchFolder: scratch.path, key: StateKey.forBackup(file))
            }
        } catch let error as BackupInvalidError {
            throw DiagnosticError(.error(error.description, hint: BackupCheck.hint(error.check)))
        }
    }

    private func newestBackup(_ ws: Workspace) throws -> String {
        let folder = backups ?? BackupNaming.defaultFolder(forState: ws.statePath)
        guard let newest = try BackupFolder(path: folder).newest(stack: ws.config.name) else {
            throw DiagnosticError(
                .error(
                    "no backup of stack \(ws.config.name) in \(folder)",
                    hint: "make one with `cairn backup create`, or pass --from FILE"))
        }
        return newest.path
    }
}

/// The drill report as a table, or as one JSON document.
struct DrillRenderer {
    let t: Terminal

    func text(_ r: DrillReport) -> String {
        let m = r.manifest
        var lines = [t.paint("Recovery drill", .bold) + ": stack \(r.plan.stack), backup \(r.backupFile)"]
        if m.stack != r.plan.stack {
            lines.append(t.paint("warning:", .yellow) + " the backup is of stack \(m.stack), not \(r.plan.stack)")
        }
        func row(_ label: String, _ value: String) { lines.append("  " + BackupText.pad(label, 18) + value) }
        row("backup age (RPO)", "\(BackupText.age(r.backupAge)) (serial \(m.serial), taken \(BackupText.time(m.time)))")
        row("restore", "\(BackupText.seconds(r.restoreSeconds)) (copy, checksum, integrity check, open)")
        row("refresh and plan", BackupText.seconds(r.refreshSeconds))
        row("recovery (RTO)", BackupText.seconds(r.recoverySeconds))
        row("resources", "\(r.resourcesInBackup) in backup, \(r.found.count) found, \(r.missing.count) missing, \(r.drifted.count) drifted")
        if !r.missing.isEmpty { row("missing", r.missing.map(\.description).joined(separator: ", ")) }
        if !r.drifted.isEmpty {
            row("drifted", r.drifted.map { "\($0.address) (\($0.changed.joined(separator: ", ")))" }.joined(separator: ", "))
        }
        lines.append("")
        lines.append(t.paint("What apply would do after restoring this backup:", .bold))
        lines.append(PlanRenderer(t: t).render(r.plan))
        lines.append("")
        switch r.outcome {
        case .recovered:
            lines.append(
                t.paint("Outcome: recovered exactly.", .green)
                    + " Restoring this backup gives a state that matches the real resources and the configuration.")
        case .changesNeeded:
            lines.append(
                t.paint("Outcome: changes needed.", .yellow)
                    + " After `cairn restore \(r.backupFile)`, `cairn apply` would make the changes above.")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ r: DrillReport) -> Value {
        .map([
            "stack": .string(r.plan.stack),
            "backup": .map(["file": .string(r.backupFile), "manifest": BackupJSON.manifest(r.manifest)]),
            "rpo_seconds": .number(r.backupAge.rounded()),
            "restore_seconds": .number(r.restoreSeconds),
            "refresh_seconds": .number(r.refreshSeconds),
            "rto_seconds": .number(r.recoverySeconds),
            "resources": .map([
                "in_backup": .number(Double(r.resourcesInBackup)), "found": .number(Double(r.found.count)),
                "missing": .number(Double(r.missing.count)), "drifted": .number(Double(r.drifted.count)),
            ]),
            "missing": .list(r.missing.map { .string($0.description) }),
            "drifted": .list(
                r.drifted.map { d in
                    .map([
                        "address": .string(d.address.description), "type": .string(d.type.description),
                        "changed": .list(d.changed.map { .string($0) }),
                    ])
                }),
            "plan": PlanJSON.document(r.plan),
            "outcome": .string(r.outcome.rawValue),
            "exit_code": .number(r.outcome == .recovered ? 0 : 2),
        ])
    }
}
