import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

/// One planned change to one resource instance. Steps are planned once, shown, saved, and executed
/// exactly as planned.
public struct PlannedChange: Sendable, Hashable {
    public enum Action: String, Sendable, Hashable { case create, update, replace, delete }

    public var action: Action
    public var address: ResourceInstanceAddress
    public var type: ResourceType
    public var providerKey: String
    /// The object's id before the change (nil for a create).
    public var priorID: String?
    /// Attributes before (refreshed), nil for a create.
    public var before: [String: Value]?
    /// Planned attributes after, with `.unknown` for values known only after apply; nil for a delete.
    public var after: [String: Value]?
    /// The configured properties to send to the provider (may hold `.unknown` until dependencies apply).
    public var inputs: [String: Value]?
    /// Properties whose value changes.
    public var changed: [String]
    /// Why a replace is needed: the properties that force it, or `tainted` / `--replace` / `type changed`.
    public var forcedBy: [String]
    /// Resources this one depends on, recorded in state for destroy ordering.
    public var dependencies: [ResourceAddress]
    public var createBeforeDestroy: Bool
    /// Why, for deletes: "not in configuration", "count decreased", "destroy".
    public var reason: String?
}

/// Something found by refresh that differs from state.
public struct Drift: Sendable, Hashable {
    public var address: ResourceInstanceAddress
    public var type: ResourceType
    /// Changed properties; empty with `deleted` true when the object is gone.
    public var changed: [String]
    public var deleted: Bool
    public var before: [String: Value]
    public var after: [String: Value]?
}

public struct OutputChange: Sendable, Hashable {
    public var before: Value?
    public var after: Value?
    public var sensitive: Bool
    public var changed: Bool { before != after }
}

/// A complete plan, savable with `plan -o FILE` (see `PlanFileFormat`: the file has a format of
/// its own, so this type can change freely).
public struct Plan: Sendable, Equatable {
    public var cairnVersion: String
    public var createdAt: Date
    public var stack: String
    public var directory: String
    /// The stack's files as planned, so applying a saved plan uses exactly this configuration.
    public var sources: [String: String]
    public var variables: [String: Value]
    public var lineage: String
    public var serial: Int
    public var destroy: Bool
    public var targets: [AddressTarget]
    public var changes: [PlannedChange]
    public var drift: [Drift]
    public var outputs: [String: OutputChange]
    /// Data sources as read while planning.
    public var data: [ResourceInstanceAddress: [String: Value]]
    /// Records whose refreshed attributes differ from state but need no change; written on apply.
    public var refreshed: [ResourceRecord]
    /// Operations a killed run left in flight, as resolved by this plan; written on apply.
    public var recovered: [RecoveredOperation] = []
    /// Renames from `moved:` entries, written to state first on apply.
    public var moves: [PlannedMove] = []
    /// Addresses refresh found gone that configuration no longer has: removed from state on apply.
    public var forgotten: [ResourceInstanceAddress] = []

    public var summary: ChangeSummary {
        var s = ChangeSummary()
        for c in changes {
            switch c.action {
            case .create: s.added += 1
            case .update: s.changed += 1
            case .replace:
                s.added += 1
                s.destroyed += 1
            case .delete: s.destroyed += 1
            }
        }
        return s
    }

    public var outputsChanged: Bool { outputs.values.contains { $0.changed } }
    public var hasChanges: Bool { !changes.isEmpty || outputsChanged || !moves.isEmpty }
    /// Whether applying writes anything at all (changes, or state bookkeeping from refresh and recovery).
    public var needsApply: Bool { hasChanges || !refreshed.isEmpty || !recovered.isEmpty || !moves.isEmpty || !forgotten.isEmpty }
}
