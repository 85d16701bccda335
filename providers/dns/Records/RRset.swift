/// Which RRset: the zone it lives in, its owner name and its type. Names are canonical
/// (lowercase, trailing dot).
struct RRsetKey: Sendable, Hashable, CustomStringConvertible {
    var zone: String
    var fqdn: String
    var type: UInt16

    var typeName: String { RRType.mnemonic(type) }
    var description: String { "\(fqdn) \(typeName)" }
}

/// An RRset as the server holds it: TTL and records in canonical text.
struct RRset: Sendable, Hashable {
    var key: RRsetKey
    var ttl: UInt32
    var records: [String]
}
