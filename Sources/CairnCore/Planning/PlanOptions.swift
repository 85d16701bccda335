import CairnAddresses

/// What `cairn plan` was asked for.
public struct PlanOptions: Sendable {
    public var destroy = false
    public var refresh = true
    public var targets: [AddressTarget] = []
    public var replace: [AddressTarget] = []
    public var parallelism = 10
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }
}
