import CairnProviderKit
import CairnState
import Foundation

/// Rehearses recovering from a backup without touching the live state or its lock: the backup is
/// verified and opened from a scratch copy, then planned against with a refresh, which reads every
/// recorded resource through the real providers and writes nothing.
public struct RecoveryDrill: Sendable {
    /// Plans the stack against the restored copy; always with refresh, never a destroy.
    public let planner: Planner

    public init(
        config: StackConfig, graph: ConfigGraph, registry: ProviderRegistry, variables: [String: Value],
        options: PlanOptions, cairnVersion: String
    ) {
        var options = options
        options.refresh = true
        options.destroy = false
        planner = Planner(
            config: config, graph: graph, registry: registry, variables: variables, options: options,
            cairnVersion: cairnVersion)
    }

    /// Throws `BackupInvalidError` when the backup fails a check, and the planner's diagnostics
    /// when a provider cannot read what the backup records: recovery is then not possible.
    public func run(
        backup file: String, scratchFolder: String, key: (BackupManifest) throws -> Data,
        now: Date = Date()
    ) async throws -> DrillReport {
        let clock = ContinuousClock()
        let restoreStart = clock.now
        let backup = try BackupVerifier.verify(file, scratchFolder: scratchFolder, key: key)
        let restored = clock.now - restoreStart

        let refreshStart = clock.now
        let plan = try await planner.plan(state: backup.snapshot)
        let refreshed = clock.now - refreshStart

        let missing = plan.drift.filter(\.deleted).map(\.address).sorted()
        let gone = Set(missing)
        return DrillReport(
            backupFile: backup.file, manifest: backup.manifest, backupAge: now.timeIntervalSince(backup.manifest.time),
            restoreSeconds: restored.seconds, refreshSeconds: refreshed.seconds,
            resourcesInBackup: backup.snapshot.resources.count,
            found: backup.snapshot.resources.keys.filter { !gone.contains($0) }.sorted(),
            missing: missing, drifted: plan.drift.filter { !$0.deleted }, plan: plan)
    }
}

extension Duration {
    fileprivate var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
