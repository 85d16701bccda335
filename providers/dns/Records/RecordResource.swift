import CairnProviderKit

/// `dns.record`: one RRset, on either kind of server.
struct RecordResource {
    let store: any RRsetStore

    func create(_ properties: [String: Value]) async throws -> ResourceObject {
        let spec = try checked(properties)
        try await store.create(spec.rrset)
        return object(spec, properties)
    }

    /// Replaces the whole RRset in one step (one UPDATE message, or one PATCH).
    func update(_ properties: [String: Value]) async throws -> ResourceObject {
        let spec = try checked(properties)
        try await store.replace(spec.rrset)
        return object(spec, properties)
    }

    func delete(_ current: ResourceObject) async throws {
        try await store.delete(try checked(current.attributes).key)
    }

    /// The RRset as the server has it. Zone, name and type stay as configured; TTL and records
    /// come from the server, in the configured spelling when they mean the same records.
    func read(_ current: ResourceObject) async throws -> ResourceObject? {
        let spec = try checked(current.attributes)
        guard let live = try await store.read(spec.key) else { return nil }
        var attributes = current.attributes
        attributes["ttl"] = .number(Double(live.ttl))
        attributes["records"] =
            Set(live.records) == Set(spec.canonicalRecords)
            ? .list(spec.records.map { .string($0) })
            : .list(live.records.sorted().map { .string($0) })
        attributes["fqdn"] = .string(spec.key.fqdn)
        attributes["id"] = .string(RecordSpec.id(spec.key))
        return ResourceObject(id: RecordSpec.id(spec.key), attributes: attributes)
    }

    /// `zone/name/type`, name relative to the zone or absolute. Zone and name are kept as written
    /// in the id, so write them as the configuration does.
    func importResource(id: String) async throws -> ResourceObject? {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3 else {
            throw ProviderError(
                "dns.record import id \"\(id)\" must be ZONE/NAME/TYPE",
                hint: "like example.test./www/A or example.test./www.example.test./A")
        }
        let key: RRsetKey
        do { key = try RecordSpec.key(zone: parts[0], name: parts[1], type: parts[2]) } catch let e as PropertyProblem {
            throw e.providerError
        }
        guard let live = try await store.readFromZone(key) else { return nil }
        let attributes: [String: Value] = [
            "zone": .string(parts[0]), "name": .string(parts[1]), "type": .string(parts[2].uppercased()),
            "ttl": .number(Double(live.ttl)), "records": .list(live.records.sorted().map { .string($0) }),
            "fqdn": .string(key.fqdn), "id": .string(RecordSpec.id(key)),
        ]
        return ResourceObject(id: RecordSpec.id(key), attributes: attributes)
    }

    /// After an interrupted create: the RRset, if the server has it.
    func adopt(_ properties: [String: Value]) async throws -> ResourceObject? {
        let spec = try checked(properties)
        guard try await store.read(spec.key) != nil else { return nil }
        return try await read(object(spec, properties))
    }

    private func checked(_ properties: [String: Value]) throws -> RecordSpec {
        do { return try RecordSpec(properties) } catch let e as PropertyProblem { throw e.providerError }
    }

    private func object(_ spec: RecordSpec, _ properties: [String: Value]) -> ResourceObject {
        var attributes = properties
        attributes["fqdn"] = .string(spec.key.fqdn)
        attributes["id"] = .string(RecordSpec.id(spec.key))
        return ResourceObject(id: RecordSpec.id(spec.key), attributes: attributes)
    }
}
