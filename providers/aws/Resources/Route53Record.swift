import CairnProviderKit
import Foundation

/// `aws.route53_record`: one record set (name and type) in a hosted zone.
enum Route53Record: AWSResource {
    static let schema = ResourceSchema(
        description: "A Route53 record set.",
        properties: [
            "zone_id": .required(.string, forceNew: true, "Hosted zone id."),
            "name": .required(.string, forceNew: true, "Full record name, e.g. www.example.com."),
            "type": .required(.string, forceNew: true, "A, AAAA, CNAME, TXT, MX, ..."),
            "ttl": .optional(.number, default: 300, "Time to live in seconds."),
            "records": .required(.list(.string), "Record values."),
            "id": .computed(.string, "ZONE_NAME_TYPE."),
        ])

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await change("CREATE", p, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await change("UPSERT", p, aws)
    }

    private static func change(_ action: String, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let zone = try p.string("zone_id")
        let name = try p.string("name")
        let type = try p.string("type").uppercased()
        try await send(
            action, zone: zone, name: name, type: type, ttl: try p.int("ttl", default: 300), records: try p.stringList("records"), aws)
        let id = "\(zone)_\(name)_\(type)"
        return try await readBack(id, p.values, aws)
    }

    private static func send(_ action: String, zone: String, name: String, type: String, ttl: Int, records: [String], _ aws: AWSClient)
        async throws
    {
        let values = records.map { "<ResourceRecord><Value>\(xmlEscape($0))</Value></ResourceRecord>" }.joined()
        let xml =
            "<ChangeResourceRecordSetsRequest xmlns=\"\(Route53Zone.namespace)\"><ChangeBatch><Changes><Change>"
            + "<Action>\(action)</Action><ResourceRecordSet><Name>\(xmlEscape(name))</Name><Type>\(xmlEscape(type))</Type>"
            + "<TTL>\(ttl)</TTL><ResourceRecords>\(values)</ResourceRecords></ResourceRecordSet></Change></Changes></ChangeBatch>"
            + "</ChangeResourceRecordSetsRequest>"
        try await aws.rest(
            .route53, "ChangeResourceRecordSets", method: "POST", path: "/2013-04-01/hostedzone/\(zone)/rrset",
            headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
    }

    /// `ZONE_NAME_TYPE`; the name may itself hold underscores.
    static func parse(_ id: String) throws -> (zone: String, name: String, type: String) {
        let parts = id.split(separator: "_", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3 else {
            throw ProviderError(
                "aws.route53_record id \"\(id)\" is not ZONE_NAME_TYPE", hint: "import a record as e.g. Z123ABC_www.example.com_A")
        }
        return (parts[0], parts[1..<(parts.count - 1)].joined(separator: "_"), parts[parts.count - 1].uppercased())
    }

    static func find(zone: String, name: String, type: String, _ aws: AWSClient) async throws -> XMLTree? {
        let tree: XMLTree?
        do {
            (_, tree) = try await aws.rest(
                .route53, "ListResourceRecordSets", method: "GET", path: "/2013-04-01/hostedzone/\(zone)/rrset",
                query: [("name", name), ("type", type), ("maxitems", "1")])
        } catch let error as AWSError where error.code == "NoSuchHostedZone" {
            return nil
        }
        // The list starts at name+type; the first set is ours only if it matches exactly.
        return tree?.list("ResourceRecordSets", item: "ResourceRecordSet").first {
            Route53Zone.sameName($0.string("Name") ?? "", name) && $0.string("Type") == type
        }
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let (zone, name, type) = try parse(current.id)
        guard let set = try await find(zone: zone, name: name, type: type, aws) else { return nil }
        var attrs = current.attributes
        attrs["zone_id"] = .string(zone)
        attrs["name"] =
            current.attributes["name"].flatMap { $0.stringValue.map { Route53Zone.sameName($0, name) } == true ? $0 : nil } ?? .string(name)
        attrs["type"] = current.attributes["type"]?.stringValue?.uppercased() == type ? current.attributes["type"]! : .string(type)
        attrs["ttl"] = set.string("TTL").flatMap(Double.init).map { .number($0) } ?? .null
        let values = set.list("ResourceRecords", item: "ResourceRecord").compactMap { $0.string("Value") }
        attrs["records"] = keepingPriorOrder(values, prior: current.attributes["records"])
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        let (zone, name, type) = try parse(current.id)
        // DELETE must name the record's current TTL and values exactly.
        guard let set = try await find(zone: zone, name: name, type: type, aws) else { return }
        let ttl = Int(set.string("TTL") ?? "") ?? 300
        let values = set.list("ResourceRecords", item: "ResourceRecord").compactMap { $0.string("Value") }
        do {
            try await send("DELETE", zone: zone, name: name, type: type, ttl: ttl, records: values, aws)
        } catch let error as AWSError where error.code == "NoSuchHostedZone" {
            return
        }
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        let id = "\(try p.string("zone_id"))_\(try p.string("name"))_\(try p.string("type").uppercased())"
        return try await read(ResourceObject(id: id, attributes: p.values), aws)
    }
}
