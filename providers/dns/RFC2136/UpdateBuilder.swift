/// Builds RFC 2136 UPDATE messages for one RRset. Pure: no I/O, so the bytes can be checked
/// against the RFC by hand.
enum UpdateBuilder {
    /// Adds the RRset, on the prerequisite that no RRset of that name and type exists yet
    /// (RFC 2136 §2.4.3: class NONE, TTL 0, no RDATA), so a collision fails with YXRRSET.
    static func create(id: UInt16, _ rrset: RRset) throws -> DNSMessage {
        var m = base(id: id, zone: rrset.key.zone)
        m.answers = [DNSRecord(name: rrset.key.fqdn, type: rrset.key.type, klass: DNSClass.none, ttl: 0)]
        m.authority = try additions(rrset)
        return m
    }

    /// Replaces the RRset in one atomic message: delete the RRset (§2.5.2: class ANY, TTL 0, no
    /// RDATA), then add every record.
    static func replace(id: UInt16, _ rrset: RRset) throws -> DNSMessage {
        var m = base(id: id, zone: rrset.key.zone)
        m.authority = [deletion(rrset.key)] + (try additions(rrset))
        return m
    }

    static func delete(id: UInt16, _ key: RRsetKey) -> DNSMessage {
        var m = base(id: id, zone: key.zone)
        m.authority = [deletion(key)]
        return m
    }

    private static func base(id: UInt16, zone: String) -> DNSMessage {
        DNSMessage(id: id, opcode: DNSOpcode.update, questions: [DNSQuestion(name: zone, type: RRType.soa)])
    }

    private static func deletion(_ key: RRsetKey) -> DNSRecord {
        DNSRecord(name: key.fqdn, type: key.type, klass: DNSClass.any, ttl: 0)
    }

    private static func additions(_ rrset: RRset) throws -> [DNSRecord] {
        try rrset.records.map {
            DNSRecord(
                name: rrset.key.fqdn, type: rrset.key.type, klass: DNSClass.internet, ttl: rrset.ttl,
                rdata: try RData.encode(type: rrset.key.type, $0))
        }
    }
}
