import CairnProviderKit

/// The `dns` provider: records (and PowerDNS zones) on a PowerDNS server through its HTTP API,
/// or on any RFC 2136 server (BIND, Knot, …) through TSIG-signed dynamic updates.
public struct DNSProvider: Provider {
    enum Kind: Sendable { case record, zone }

    static let kinds = ResourceKinds<Kind>(
        provider: "dns",
        kinds: [
            "record": .init(schema: DNSSchema.record, handler: .record),
            "zone": .init(schema: DNSSchema.zone, handler: .zone),
        ])
    static let providerSchema = ProviderSchema(name: "dns", version: "0.1.0", config: DNSSchema.config, resources: kinds.schemas)

    private let backend = BackendSlot()

    public init() {}

    public var schema: ProviderSchema { Self.providerSchema }

    public func configure(_ request: ConfigureRequest) async throws -> ConfigureResponse {
        backend.value = try DNSBackend.from(request.config)
        return ConfigureResponse()
    }

    static let zonesNeedPowerDNS = ProviderIssue(
        property: nil, message: "dns.zone needs server: powerdns; RFC 2136 cannot create or delete zones",
        hint: "create the zone in the server's configuration and manage only its records with dns.record")

    public func validateSettings(_ request: ValidateSettingsRequest) async throws -> ValidateResponse {
        ValidateResponse(issues: request.kind == "zone" && request.settings["server"] == .string("rfc2136") ? [Self.zonesNeedPowerDNS] : [])
    }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { issues($0, request.properties) }
    }

    private func issues(_ kind: Kind, _ properties: [String: Value]) -> [ProviderIssue] {
        do {
            switch kind {
            case .record:
                _ = try RecordSpec(properties)
            case .zone:
                // Plan configures the provider first; `cairn validate` asks validateSettings above.
                if case .rfc2136 = backend.value { return [Self.zonesNeedPowerDNS] }
                _ = try ZoneResource.Spec(properties)
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
    public func plan(_ request: PlanRequest) async throws -> PlanResponse {
        let (kind, prior, proposed) = (request.kind, request.prior, request.proposed)
        var attributes = defaultPlan(request).attributes
        var replace: Set<String> = []
        if kind == "record", let spec = try? RecordSpec(proposed) {
            attributes["fqdn"] = .string(spec.key.fqdn)
            attributes["id"] = .string(RecordSpec.id(spec.key))
            if let prior, let old = try? RecordSpec(prior.attributes) {
                if old.key.zone != spec.key.zone { replace.insert("zone") }
                if old.key.fqdn != spec.key.fqdn { replace.formUnion(["name", "zone"]) }
                if old.key.type != spec.key.type { replace.insert("type") }
            }
        } else if kind == "zone", let prior, let spec = try? ZoneResource.Spec(proposed),
            let old = try? ZoneResource.Spec(prior.attributes),
            spec.canonicalName != old.canonicalName
        {
            replace.insert("name")
        }
        return PlanResponse(attributes: attributes, requiresReplace: replace)
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        CreateResponse(object: try await resource(request.kind).create(request.properties))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        ReadResponse(object: try await resource(request.kind).read(request.current))
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        UpdateResponse(object: try await resource(request.kind).update(prior: request.prior, request.properties))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        try await resource(request.kind).delete(request.current)
        return DeleteResponse()
    }

    /// A record by `zone/name/type`; a zone by its name.
    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        ImportResponse(object: try await resource(request.kind).importResource(id: request.id))
    }

    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        AdoptResponse(object: try await resource(request.kind).adopt(request.properties))
    }

    /// The type's operations on the configured server.
    private func resource(_ kind: String) throws -> any DNSResource {
        switch try Self.kinds.handler(kind) {
        case .record: try records()
        case .zone: try zones()
        }
    }

    private func configured() throws -> DNSBackend {
        guard let b = backend.value else {
            throw ProviderError(
                "the dns provider is not configured", hint: "add a providers: entry with server: powerdns or server: rfc2136")
        }
        return b
    }

    private func records() throws -> RecordResource { RecordResource(store: try configured().store) }

    private func zones() throws -> ZoneResource {
        guard case .powerdns(let client) = try configured() else {
            throw ProviderError(
                "dns.zone needs server: powerdns; RFC 2136 cannot create or delete zones",
                hint: "create the zone in the server's configuration and manage only its records with dns.record")
        }
        return ZoneResource(client: client)
    }
}
