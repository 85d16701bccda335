import CairnProviderKit

/// A `dns.record`'s properties, checked, with the RRset they describe in canonical form.
struct RecordSpec {
    var zone: String
    var name: String
    var type: String
    var ttl: Int
    var records: [String]
    var key: RRsetKey
    var canonicalRecords: [String]

    init(_ properties: [String: Value]) throws {
        let r = PropertyReader(properties, context: "dns.record")
        zone = try r.string("zone")
        name = try r.string("name")
        type = try r.string("type")
        ttl = try r.int("ttl", default: 300)
        guard let list = properties["records"]?.listValue else {
            throw ProviderError("dns.record: property \"records\" must be a list of strings")
        }
        records = try list.map {
            guard let s = $0.stringValue else {
                throw ProviderError("dns.record: every entry of \"records\" must be a string, got \($0.kindName)")
            }
            return s
        }
        key = try Self.key(zone: zone, name: name, type: type)
        guard (0...2_147_483_647).contains(ttl) else { throw PropertyProblem("ttl", "ttl must be 0 to 2147483647 seconds, got \(ttl)") }
        guard !records.isEmpty else {
            throw PropertyProblem(
                "records", "records is empty; an RRset needs at least one record", hint: "to remove the RRset, remove the resource")
        }
        let key = key
        canonicalRecords = try records.map { v in
            do { return try RData.canonical(type: key.type, v) } catch {
                throw PropertyProblem("records", "\(key.typeName) record \"\(v)\": \(error)")
            }
        }
        if Set(canonicalRecords).count != canonicalRecords.count {
            throw PropertyProblem(
                "records", "records lists the same \(key.typeName) record twice", hint: "an RRset is a set: list each value once")
        }
        if key.type == RRType.cname && records.count > 1 {
            throw PropertyProblem("records", "a CNAME RRset holds exactly one record, got \(records.count)")
        }
    }

    var rrset: RRset { RRset(key: key, ttl: UInt32(ttl), records: canonicalRecords) }

    /// The RRset named by zone, name and type, all canonical. `name` is relative to the zone
    /// (`@` or empty for the apex) or absolute with a trailing dot. A name without the dot that
    /// already ends in the zone's name (`www.example.test` in `example.test.`) is taken as absolute,
    /// because a record at www.example.test.example.test. is almost never what was meant.
    static func key(zone: String, name: String, type: String) throws -> RRsetKey {
        guard let code = RRType.managed[type.uppercased()] else {
            throw PropertyProblem(
                "type", "record type \"\(type)\" is not supported",
                hint: "use one of: \(RRType.managed.keys.sorted().joined(separator: ", "))")
        }
        guard !zone.trimmingSpaces.isEmpty, (try? DNSName.encode(zone)) != nil else {
            throw PropertyProblem("zone", "zone \"\(zone)\" is not a valid domain name")
        }
        let z = DNSName.canonical(zone)
        let n = name.trimmingSpaces
        let bareZone = String(z.dropLast())
        let fqdn: String
        if n.isEmpty || n == "@" {
            fqdn = z
        } else if n.hasSuffix(".") {
            fqdn = DNSName.canonical(n)
        } else if n.lowercased() == bareZone || n.lowercased().hasSuffix("." + bareZone) {
            fqdn = DNSName.canonical(n)
        } else {
            fqdn = DNSName.canonical(n + "." + z)
        }
        guard (try? DNSName.encode(fqdn)) != nil else { throw PropertyProblem("name", "name \"\(name)\" is not a valid domain name") }
        guard fqdn == z || fqdn.hasSuffix("." + z) else {
            throw PropertyProblem(
                "name", "name \(fqdn) is not inside the zone \(z)", hint: "use a name relative to the zone, or a FQDN ending in .\(z)")
        }
        return RRsetKey(zone: z, fqdn: fqdn, type: code)
    }

    /// `zone/fqdn/TYPE`: the id Cairn records, which `cairn import` also accepts.
    static func id(_ key: RRsetKey) -> String { "\(key.zone)/\(key.fqdn)/\(key.typeName)" }
}

/// A problem with one property, reported by validate at the property and thrown elsewhere.
struct PropertyProblem: Error {
    var property: String
    var message: String
    var hint: String?
    init(_ property: String, _ message: String, hint: String? = nil) {
        self.property = property
        self.message = message
        self.hint = hint
    }
    var providerError: ProviderError { ProviderError("dns.record: \(message)", hint: hint) }
}
