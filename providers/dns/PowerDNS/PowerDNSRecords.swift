import CairnProviderKit

/// RRsets through the PowerDNS API: read from the zone, written with PATCH REPLACE / DELETE.
extension PowerDNSClient {
    func read(_ key: RRsetKey) async throws -> RRset? {
        guard let zone = try await zone(key.zone) else { return nil }
        return try Self.find(key, in: zone)
    }

    static func find(_ key: RRsetKey, in zone: [String: Any]) throws -> RRset? {
        let rrsets = zone["rrsets"] as? [[String: Any]] ?? []
        guard
            let set = rrsets.first(where: {
                DNSName.canonical($0["name"] as? String ?? "") == key.fqdn && ($0["type"] as? String)?.uppercased() == key.typeName
            })
        else { return nil }
        let records = (set["records"] as? [[String: Any]] ?? []).filter { ($0["disabled"] as? Bool) != true }
        guard !records.isEmpty else { return nil }
        let values = try records.map { r -> String in
            let content = r["content"] as? String ?? ""
            do { return try RData.canonical(type: key.type, content) } catch {
                throw ProviderError("PowerDNS holds a \(key.typeName) record for \(key.fqdn) that cannot be read (\(content)): \(error)")
            }
        }
        let ttl = UInt32(clamping: (set["ttl"] as? Int) ?? Int((set["ttl"] as? Double) ?? 0))
        return RRset(key: key, ttl: ttl, records: values)
    }

    /// Adds the RRset; an RRset already there is an error, as with an RFC 2136 prerequisite.
    func create(_ rrset: RRset) async throws {
        if try await read(rrset.key) != nil {
            let zone = rrset.key.zone.dropLast()
            throw ProviderError(
                "\(rrset.key) already exists in the zone \(zone)",
                hint:
                    "adopt it with `cairn import ADDRESS \(zone)./\(rrset.key.fqdn)/\(rrset.key.typeName)`, or remove it from the zone first"
            )
        }
        try await replace(rrset)
    }

    func replace(_ rrset: RRset) async throws {
        let records = try rrset.records.map { v -> [String: Any] in
            ["content": try Self.content(type: rrset.key.type, v), "disabled": false]
        }
        try await patch(
            zone: rrset.key.zone,
            rrsets: [
                [
                    "name": rrset.key.fqdn, "type": rrset.key.typeName, "ttl": Int(rrset.ttl), "changetype": "REPLACE", "records": records,
                ]
            ], doing: "writing \(rrset.key)")
    }

    func delete(_ key: RRsetKey) async throws {
        do {
            try await patch(
                zone: key.zone, rrsets: [["name": key.fqdn, "type": key.typeName, "changetype": "DELETE"]],
                doing: "deleting \(key)")
        } catch let e as ProviderError where e.message.contains("does not exist on the PowerDNS server") {
            // The zone is gone, and the RRset with it.
        }
    }

    /// Record content as PowerDNS wants it: canonical text, TXT always quoted.
    static func content(type: UInt16, _ canonical: String) throws -> String {
        type == RRType.txt ? try TXTStrings.quotedForm(canonical) : canonical
    }
}
