import CairnAddresses

/// Progress of an apply, one event per step transition.
public enum ApplyEvent: Sendable {
    /// `action` is what the step does: create, update, replace, delete, destroy (the old half of a replace).
    case started(address: ResourceInstanceAddress, action: String)
    case finished(address: ResourceInstanceAddress, action: String, elapsed: Double, id: String?)
    case failed(address: ResourceInstanceAddress, action: String, elapsed: Double, message: String)
    case skipped(address: ResourceInstanceAddress, action: String, reason: String)
}

/// What an apply did.
public struct ApplyResult: Sendable {
    public var added = 0
    public var changed = 0
    public var destroyed = 0
    public var failures: [Diagnostic] = []
    public var skipped: [ResourceInstanceAddress] = []
    public var notStarted: [ResourceInstanceAddress] = []
    public var serial: Int?
    public init() {}
    public var succeeded: Bool { failures.isEmpty && skipped.isEmpty && notStarted.isEmpty }
}
