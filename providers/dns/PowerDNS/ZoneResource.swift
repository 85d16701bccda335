import CairnProviderKit

/// `dns.zone`: a zone on a PowerDNS server.
struct ZoneResource {
    let client: PowerDNSClient

    static let kinds = ["Native", "Master"]

    struct Spec {
        var name: String
        var canonicalName: String
        var kind: String
        var nameservers: [String]
        var soaEditAPI: String

        init(_ p: [String: Value]) throws {
            let r = PropertyReader(p, context: "dns.zone")
            name = try r.string("name")
            guard !name.trimmingSpaces.isEmpty, (try? DNSName.encode(name)) != nil else {
                throw PropertyProblem("name", "zone name \"\(name)\" is not a valid domain name")
            }
            canonicalName = DNSName.canonical(name)
            let k = try r.optionalString("kind") ?? "Native"
            guard let known = ZoneResource.kinds.first(where: { $0.lowercased() == k.lowercased() }) else {
                throw PropertyProblem("kind", "kind \"\(k)\" is not supported", hint: "use Native or Master")
            }
            kind = known
            nameservers = try (p["nameservers"]?.listValue ?? []).map {
                guard let s = $0.stringValue, (try? DNSName.encode(s)) != nil, !s.isEmpty else {
                    throw PropertyProblem("nameservers", "every nameserver must be a domain name, got \($0.unmarked)")
                }
                return s
            }
            soaEditAPI = try r.optionalString("soa_edit_api") ?? "DEFAULT"
        }

        var canonicalNameservers: [String] { nameservers.map(DNSName.canonical) }
    }

    func create(_ p: [String: Value]) async throws -> ResourceObject {
        let spec = try checked(p)
        let created = try await client.createZone(
            [
                "name": spec.canonicalName, "kind": spec.kind, "nameservers": spec.canonicalNameservers,
                "soa_edit_api": spec.soaEditAPI,
            ], name: spec.canonicalName)
        let id = created["id"] as? String ?? spec.canonicalName
        return object(id: id, p)
    }

    func update(prior: ResourceObject, _ p: [String: Value]) async throws -> ResourceObject {
        let spec = try checked(p)
        let old = try checked(prior.attributes)
        if old.kind != spec.kind || old.soaEditAPI != spec.soaEditAPI {
            try await client.updateZone(prior.id, ["kind": spec.kind, "soa_edit_api": spec.soaEditAPI])
        }
        if Set(old.canonicalNameservers) != Set(spec.canonicalNameservers), !spec.nameservers.isEmpty {
            let key = RRsetKey(zone: spec.canonicalName, fqdn: spec.canonicalName, type: RRType.ns)
            let ttl = try await client.read(key)?.ttl ?? 3600
            try await client.replace(RRset(key: key, ttl: ttl, records: spec.canonicalNameservers))
        }
        return object(id: prior.id, p)
    }

    func delete(_ current: ResourceObject) async throws {
        try await client.deleteZone(current.id)
    }

    /// The zone as PowerDNS has it; nameservers come from the apex NS RRset when they are managed.
    func read(_ current: ResourceObject) async throws -> ResourceObject? {
        guard let zone = try await client.zone(current.id) else { return nil }
        let spec = try? checked(current.attributes)
        var attributes = current.attributes
        if let kind = zone["kind"] as? String {
            attributes["kind"] = .string(spec?.kind.lowercased() == kind.lowercased() ? spec!.kind : kind)
        }
        if let soa = zone["soa_edit_api"] as? String { attributes["soa_edit_api"] = .string(soa) }
        if let spec, !spec.nameservers.isEmpty {
            let key = RRsetKey(zone: spec.canonicalName, fqdn: spec.canonicalName, type: RRType.ns)
            let live = try PowerDNSClient.find(key, in: zone)?.records ?? []
            attributes["nameservers"] =
                Set(live) == Set(spec.canonicalNameservers)
                ? .list(spec.nameservers.map { .string($0) }) : .list(live.sorted().map { .string($0) })
        }
        attributes["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attributes)
    }

    /// `id` is the zone's name.
    func importResource(id: String) async throws -> ResourceObject? {
        let name = DNSName.canonical(id)
        guard let zone = try await client.zone(name) else { return nil }
        let zid = zone["id"] as? String ?? name
        let key = RRsetKey(zone: name, fqdn: name, type: RRType.ns)
        let ns = try PowerDNSClient.find(key, in: zone)?.records.sorted() ?? []
        return ResourceObject(
            id: zid,
            attributes: [
                "name": .string(id), "kind": .string(zone["kind"] as? String ?? "Native"),
                "nameservers": .list(ns.map { .string($0) }), "soa_edit_api": .string(zone["soa_edit_api"] as? String ?? "DEFAULT"),
                "id": .string(zid),
            ])
    }

    func adopt(_ p: [String: Value]) async throws -> ResourceObject? {
        let spec = try checked(p)
        guard let zone = try await client.zone(spec.canonicalName) else { return nil }
        return try await read(object(id: zone["id"] as? String ?? spec.canonicalName, p))
    }

    private func checked(_ p: [String: Value]) throws -> Spec {
        do { return try Spec(p) } catch let e as PropertyProblem { throw ProviderError("dns.zone: \(e.message)", hint: e.hint) }
    }

    private func object(id: String, _ p: [String: Value]) -> ResourceObject {
        var attributes = p
        attributes["id"] = .string(id)
        return ResourceObject(id: id, attributes: attributes)
    }
}
