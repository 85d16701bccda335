import CairnProviderKit

/// The `dns` provider: records (and PowerDNS zones) on a PowerDNS server through its HTTP API,
/// or on any RFC 2136 server (BIND, Knot, …) through TSIG-signed dynamic updates.
public struct DNSProvider: Provider {
    private let backend = BackendSlot()

    public init() {}

    public var schema: ProviderSchema { DNSSchema.provider }

    public func configure(_ config: [String: Value]) async throws {
        backend.value = try DNSBackend.from(config)
    }

    public func validate(kind: String, properties: [String: Value]) -> [ProviderIssue] {
        do {
            switch kind {
            case "record":
                _ = try RecordSpec(properties)
            case "zone":
                // Plan configures the provider before validating; `cairn validate` does not, so
                // there the server kind is unknown and this check waits for plan.
                if case .rfc2136 = backend.value {
                    return [ProviderIssue(property: nil, message: "dns.zone needs server: powerdns; RFC 2136 cannot create or delete zones",
                                          hint: "create the zone in the server's configuration and manage only its records with dns.record")]
                }
                _ = try ZoneResource.Spec(properties)
            default:
                return [ProviderIssue(property: nil, message: unknownKind(kind).message)]
            }
        } catch let e as PropertyProblem {
            return [ProviderIssue(property: e.property, message: e.message, hint: e.hint)]
        } catch let e as ProviderError {
            return [ProviderIssue(property: nil, message: e.message, hint: e.hint)]
        } catch {
            return [ProviderIssue(property: nil, message: "\(error)")]
        }
        return []
    }

    /// Zone, name and type name the object: a change that names another RRset (or zone) replaces
    /// it, while another spelling of the same one (`example.test` for `example.test.`) does not.
    public func plan(kind: String, prior: ResourceObject?, proposed: [String: Value]) -> PlannedAttributes {
        var attributes = defaultPlannedAttributes(kind: kind, prior: prior, proposed: proposed)
        var replace: Set<String> = []
        if kind == "record", let spec = try? RecordSpec(proposed) {
            attributes["fqdn"] = .string(spec.key.fqdn)
            attributes["id"] = .string(RecordSpec.id(spec.key))
            if let prior, let old = try? RecordSpec(prior.attributes) {
                if old.key.zone != spec.key.zone { replace.insert("zone") }
                if old.key.fqdn != spec.key.fqdn { replace.formUnion(["name", "zone"]) }
                if old.key.type != spec.key.type { replace.insert("type") }
            }
        } else if kind == "zone", let prior, let spec = try? ZoneResource.Spec(proposed), let old = try? ZoneResource.Spec(prior.attributes),
                  spec.canonicalName != old.canonicalName {
            replace.insert("name")
        }
        return PlannedAttributes(attributes: attributes, requiresReplace: replace)
    }

    public func create(kind: String, properties: [String: Value]) async throws -> ResourceObject {
        switch kind {
        case "record": return try await records().create(properties)
        case "zone": return try await zones().create(properties)
        default: throw unknownKind(kind)
        }
    }

    public func read(kind: String, current: ResourceObject) async throws -> ResourceObject? {
        switch kind {
        case "record": return try await records().read(current)
        case "zone": return try await zones().read(current)
        default: throw unknownKind(kind)
        }
    }

    public func update(kind: String, prior: ResourceObject, properties: [String: Value]) async throws -> ResourceObject {
        switch kind {
        case "record": return try await records().update(properties)
        case "zone": return try await zones().update(prior: prior, properties)
        default: throw unknownKind(kind)
        }
    }

    public func delete(kind: String, current: ResourceObject) async throws {
        switch kind {
        case "record": try await records().delete(current)
        case "zone": try await zones().delete(current)
        default: throw unknownKind(kind)
        }
    }

    /// A record by `zone/name/type`; a zone by its name.
    public func importResource(kind: String, id: String) async throws -> ResourceObject? {
        switch kind {
        case "record": return try await records().importResource(id: id)
        case "zone": return try await zones().importResource(id: id)
        default: throw unknownKind(kind)
        }
    }

    public func adopt(kind: String, properties: [String: Value]) async throws -> ResourceObject? {
        switch kind {
        case "record": return try await records().adopt(properties)
        case "zone": return try await zones().adopt(properties)
        default: throw unknownKind(kind)
        }
    }

    private func configured() throws -> DNSBackend {
        guard let b = backend.value else {
            throw ProviderError("the dns provider is not configured", hint: "add a providers: entry with server: powerdns or server: rfc2136")
        }
        return b
    }

    private func records() throws -> RecordResource { RecordResource(store: try configured().store) }

    private func zones() throws -> ZoneResource {
        guard case .powerdns(let client) = try configured() else {
            throw ProviderError("dns.zone needs server: powerdns; RFC 2136 cannot create or delete zones",
                                hint: "create the zone in the server's configuration and manage only its records with dns.record")
        }
        return ZoneResource(client: client)
    }
}
