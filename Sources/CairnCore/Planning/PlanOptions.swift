/// What `cairn plan` was asked for.
public struct PlanOptions: Sendable {
    public var destroy = false
    public var refresh = true
    public var targets: [Address] = []
    public var replace: [Address] = []
    public var parallelism = 10
    public var environment: [String: String]

    public init(environment: [String: String]) { self.environment = environment }
}
