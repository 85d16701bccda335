import CairnAddresses

// The state tests write addresses and types as literals (StateConformance and CairnStateTests share
// these); production code parses them only where text enters.
extension ResourceInstanceAddress: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral text: String) { self = try! ResourceInstanceAddress.parse(text) }
}

extension ResourceAddress: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral text: String) { self = try! ResourceAddress.parse(text) }
}

extension ResourceType: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral text: String) { self = try! ResourceType.parse(text) }
}
