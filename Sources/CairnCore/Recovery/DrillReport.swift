import CairnAddresses
import CairnState
import Foundation

/// What a recovery drill found: how old the backup was, how long recovery took, and what restoring
/// it would leave to do.
public struct DrillReport: Sendable {
    public enum Outcome: String, Sendable {
        /// Restoring the backup gives a state that matches the real resources and the configuration.
        case recovered
        /// Restoring works, but some resources are missing or drifted, or the plan has changes.
        case changesNeeded = "changes_needed"
    }

    public var backupFile: String
    public var manifest: BackupManifest
    /// Age of the backup when the drill ran: the recovery point.
    public var backupAge: TimeInterval
    /// Copying, checking and opening the backup.
    public var restoreSeconds: Double
    /// Reading every resource through its provider and planning.
    public var refreshSeconds: Double
    public var resourcesInBackup: Int
    public var found: [ResourceInstanceAddress]
    public var missing: [ResourceInstanceAddress]
    public var drifted: [Drift]
    /// What `apply` would do after restoring this backup.
    public var plan: Plan

    /// Time to recover: restore plus refresh.
    public var recoverySeconds: Double { restoreSeconds + refreshSeconds }

    public var outcome: Outcome {
        missing.isEmpty && drifted.isEmpty && !plan.hasChanges ? .recovered : .changesNeeded
    }
}
