import CairnAddresses
import CairnProviderKit
import Foundation

/// Whether a recorded resource is healthy.
public enum ResourceStatus: String, Sendable, Codable, Hashable {
    /// Created or updated successfully.
    case ready
    /// An operation failed part-way; the next plan replaces it.
    case tainted
}

/// One resource instance as recorded in state.
///
/// A value type whose fields live in one shared, immutable object: a plan copies records of
/// tens of thousands of resources around, and a copy is then one reference instead of seven.
/// Setting a field makes a new object, so copies never see each other's changes.
public struct ResourceRecord: Sendable, Codable, Hashable {
    private final class Fields: Sendable {
        let address: ResourceInstanceAddress
        let type: ResourceType
        let provider: String
        let id: String
        let inputs: [String: Value]
        let attributes: [String: Value]
        let dependencies: [ResourceAddress]
        let status: ResourceStatus

        init(
            address: ResourceInstanceAddress, type: ResourceType, provider: String, id: String, inputs: [String: Value],
            attributes: [String: Value], dependencies: [ResourceAddress], status: ResourceStatus
        ) {
            self.address = address
            self.type = type
            self.provider = provider
            self.id = id
            self.inputs = inputs
            self.attributes = attributes
            self.dependencies = dependencies
            self.status = status
        }
    }

    private var fields: Fields

    public init(
        address: ResourceInstanceAddress, type: ResourceType, provider: String, id: String, inputs: [String: Value],
        attributes: [String: Value], dependencies: [ResourceAddress], status: ResourceStatus = .ready
    ) {
        fields = Fields(
            address: address, type: type, provider: provider, id: id, inputs: inputs,
            attributes: attributes, dependencies: dependencies, status: status)
    }

    /// Instance address: `site`, `backend[0]`, `backend["a"]`, `module.app.file`.
    public var address: ResourceInstanceAddress {
        get { fields.address }
        set { self = with(address: newValue) }
    }
    /// Full type: `local.file`.
    public var type: ResourceType {
        get { fields.type }
        set { self = with(type: newValue) }
    }
    /// Provider instance key from the stack's `providers:` (the provider's name for its default).
    public var provider: String {
        get { fields.provider }
        set { self = with(provider: newValue) }
    }
    public var id: String {
        get { fields.id }
        set { self = with(id: newValue) }
    }
    /// The configured properties (defaults applied) as they were last applied.
    public var inputs: [String: Value] {
        get { fields.inputs }
        set { self = with(inputs: newValue) }
    }
    /// Every attribute the provider reported, configured and computed.
    public var attributes: [String: Value] {
        get { fields.attributes }
        set { self = with(attributes: newValue) }
    }
    /// Resources this instance depended on when it was last applied (used to order destroys).
    public var dependencies: [ResourceAddress] {
        get { fields.dependencies }
        set { self = with(dependencies: newValue) }
    }
    public var status: ResourceStatus {
        get { fields.status }
        set { self = with(status: newValue) }
    }

    private func with(
        address: ResourceInstanceAddress? = nil, type: ResourceType? = nil, provider: String? = nil, id: String? = nil,
        inputs: [String: Value]? = nil, attributes: [String: Value]? = nil, dependencies: [ResourceAddress]? = nil,
        status: ResourceStatus? = nil
    ) -> ResourceRecord {
        ResourceRecord(
            address: address ?? self.address, type: type ?? self.type, provider: provider ?? self.provider,
            id: id ?? self.id, inputs: inputs ?? self.inputs, attributes: attributes ?? self.attributes,
            dependencies: dependencies ?? self.dependencies, status: status ?? self.status)
    }

    public static func == (a: ResourceRecord, b: ResourceRecord) -> Bool {
        if a.fields === b.fields { return true }
        return a.address == b.address && a.type == b.type && a.provider == b.provider && a.id == b.id
            && a.status == b.status && a.dependencies == b.dependencies && a.inputs == b.inputs && a.attributes == b.attributes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(address)
        hasher.combine(type)
        hasher.combine(provider)
        hasher.combine(id)
        hasher.combine(inputs)
        hasher.combine(attributes)
        hasher.combine(dependencies)
        hasher.combine(status)
    }

    private enum CodingKeys: String, CodingKey {
        case address, type, provider, id, inputs, attributes, dependencies, status
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            address: try c.decode(ResourceInstanceAddress.self, forKey: .address), type: try c.decode(ResourceType.self, forKey: .type),
            provider: try c.decode(String.self, forKey: .provider), id: try c.decode(String.self, forKey: .id),
            inputs: try c.decode([String: Value].self, forKey: .inputs),
            attributes: try c.decode([String: Value].self, forKey: .attributes),
            dependencies: try c.decode([ResourceAddress].self, forKey: .dependencies),
            status: try c.decode(ResourceStatus.self, forKey: .status))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(address, forKey: .address)
        try c.encode(type, forKey: .type)
        try c.encode(provider, forKey: .provider)
        try c.encode(id, forKey: .id)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(attributes, forKey: .attributes)
        try c.encode(dependencies, forKey: .dependencies)
        try c.encode(status, forKey: .status)
    }
}

/// The whole state at one moment.
public struct StateSnapshot: Sendable, Hashable {
    public var lineage: String
    public var serial: Int
    public var resources: [ResourceInstanceAddress: ResourceRecord]
    public var outputs: [String: Value]
    /// Provider calls that were started but whose result was never recorded (the run was killed).
    public var pending: [PendingOperation]

    public init(
        lineage: String, serial: Int, resources: [ResourceInstanceAddress: ResourceRecord], outputs: [String: Value],
        pending: [PendingOperation] = []
    ) {
        self.lineage = lineage
        self.serial = serial
        self.resources = resources
        self.outputs = outputs
        self.pending = pending
    }
}

/// An intent: a provider call about to be made, recorded (and committed) before it is sent.
public struct PendingOperation: Sendable, Codable, Hashable {
    public enum Action: String, Sendable, Codable, Hashable { case create, update, delete }
    public var id: String
    public var serial: Int
    public var address: ResourceInstanceAddress
    public var action: Action
    public var type: ResourceType
    public var provider: String
    public var priorID: String?
    public var inputs: [String: Value]
    public var dependencies: [ResourceAddress]
    public var startedAt: Date

    public init(
        id: String = UUID().uuidString.lowercased(), serial: Int, address: ResourceInstanceAddress, action: Action,
        type: ResourceType, provider: String, priorID: String?, inputs: [String: Value], dependencies: [ResourceAddress],
        startedAt: Date = Date()
    ) {
        self.id = id
        self.serial = serial
        self.address = address
        self.action = action
        self.type = type
        self.provider = provider
        self.priorID = priorID
        self.inputs = inputs
        self.dependencies = dependencies
        self.startedAt = startedAt
    }
}

/// One change written to state in a step's transaction.
public enum StateChange: Sendable, Hashable {
    case upsert(ResourceRecord)
    case remove(address: ResourceInstanceAddress)
}

/// Counts shown in plan summaries and history.
public struct ChangeSummary: Sendable, Codable, Hashable {
    public var added: Int
    public var changed: Int
    public var destroyed: Int
    public init(added: Int = 0, changed: Int = 0, destroyed: Int = 0) {
        self.added = added
        self.changed = changed
        self.destroyed = destroyed
    }
}

/// A version of the state, as `state history` lists it.
public struct HistoryEntry: Sendable, Codable, Hashable {
    public var serial: Int
    public var time: Date
    public var user: String
    public var command: String
    public var summary: ChangeSummary
    /// "running" while the version is being written, then "complete" or "failed".
    public var status: String

    public init(serial: Int, time: Date, user: String, command: String, summary: ChangeSummary, status: String) {
        self.serial = serial
        self.time = time
        self.user = user
        self.command = command
        self.summary = summary
        self.status = status
    }
}

/// Who holds the state lock.
public struct LockInfo: Sendable, Codable, Hashable {
    public var id: String
    public var holder: String
    public var host: String
    public var pid: Int32
    public var since: Date
    public var operation: String
    /// Set when this lock replaced one left by a process on this host that no longer runs.
    public var replacedStale: String?

    public init(id: String, holder: String, host: String, pid: Int32, since: Date, operation: String) {
        self.id = id
        self.holder = holder
        self.host = host
        self.pid = pid
        self.since = since
        self.operation = operation
    }
}

/// The state is locked by someone else.
public struct StateLockedError: Error, Sendable, CustomStringConvertible {
    public var lock: LockInfo
    public init(lock: LockInfo) { self.lock = lock }
    public var description: String {
        let since = ISO8601DateFormatter().string(from: lock.since)
        return
            "state is locked by \(lock.holder) on \(lock.host) (pid \(lock.pid)) since \(since) for \"\(lock.operation)\" (lock ID \(lock.id))"
    }
}

/// Any other state problem: unreadable, newer schema, corrupt.
public struct StateError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var hint: String?
    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
    public var description: String { message }
}

/// One write of an apply step; a batch of them commits in one transaction (group commit).
public enum StateWrite: Sendable, Hashable {
    case intent(PendingOperation)
    case commit([StateChange], resolving: [String])
}
