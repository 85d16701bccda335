import CairnProviderKit
import Foundation

/// `aws.route53_zone`: a public hosted zone.
enum Route53Zone: AWSResource {
    static let schema = ResourceSchema(
        description: "A Route53 public hosted zone.",
        properties: [
            "name": .required(.string, forceNew: true, "Domain name, e.g. example.com."),
            "comment": .optional(.string, default: "Managed by Cairn", "Comment on the zone; changed in place."),
            "tags": tagsProperty,
            "zone_id": .computed(.string, "Hosted zone id (Z...)."),
            "name_servers": .computed(.list(.string), "The zone's delegation name servers."),
            "id": .computed(.string, "Hosted zone id."),
        ])

    static let namespace = "https://route53.amazonaws.com/doc/2013-04-01/"

    /// "example.com." and "Example.COM" are the same DNS name.
    static func sameName(_ a: String, _ b: String) -> Bool {
        func norm(_ s: String) -> String { (s.hasSuffix(".") ? String(s.dropLast()) : s).lowercased() }
        return norm(a) == norm(b)
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let name = try p.string("name")
        let xml =
            "<CreateHostedZoneRequest xmlns=\"\(namespace)\"><Name>\(xmlEscape(name))</Name>"
            + "<CallerReference>cairn-\(UUID().uuidString)</CallerReference>"
            + "<HostedZoneConfig><Comment>\(xmlEscape(try p.string("comment")))</Comment></HostedZoneConfig></CreateHostedZoneRequest>"
        let (_, tree) = try await aws.rest(
            .route53, "CreateHostedZone", method: "POST", path: "/2013-04-01/hostedzone",
            headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
        guard let raw = tree?.string("HostedZone/Id") else {
            throw ProviderError("route53 CreateHostedZone answered without an Id", hint: "check the endpoint")
        }
        let id = raw.replacingOccurrences(of: "/hostedzone/", with: "")
        let tags = try p.stringMap("tags")
        if !tags.isEmpty { try await changeTags(id, set: tags, remove: [], aws) }
        return try await readBack(id, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let comment = try p.string("comment")
        if prior.attributes["comment"]?.stringValue != comment {
            let xml =
                "<UpdateHostedZoneCommentRequest xmlns=\"\(namespace)\"><Comment>\(xmlEscape(comment))</Comment></UpdateHostedZoneCommentRequest>"
            try await aws.rest(
                .route53, "UpdateHostedZoneComment", method: "POST", path: "/2013-04-01/hostedzone/\(prior.id)",
                headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
        }
        let change = tagChanges(from: try await listTags(prior.id, aws), to: try p.stringMap("tags"))
        if !change.set.isEmpty || !change.remove.isEmpty { try await changeTags(prior.id, set: change.set, remove: change.remove, aws) }
        return try await readBack(prior.id, p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let tree: XMLTree?
        do {
            (_, tree) = try await aws.rest(.route53, "GetHostedZone", method: "GET", path: "/2013-04-01/hostedzone/\(current.id)")
        } catch let error as AWSError where error.code == "NoSuchHostedZone" || error.status == 404 {
            return nil
        }
        guard let tree, let zone = tree.child("HostedZone") else { return nil }
        var attrs = current.attributes
        let name = zone.string("Name") ?? ""
        if let prior = current.attributes["name"]?.stringValue, sameName(prior, name) {
            attrs["name"] = .string(prior)
        } else {
            attrs["name"] = .string(name.hasSuffix(".") ? String(name.dropLast()) : name)
        }
        attrs["comment"] = .string(zone.string("Config/Comment") ?? "")
        attrs["tags"] = .stringMap(try await listTags(current.id, aws))
        attrs["zone_id"] = .string(current.id)
        attrs["name_servers"] = .strings(tree.list("DelegationSet/NameServers", item: "NameServer").map(\.text))
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            try await aws.rest(.route53, "DeleteHostedZone", method: "DELETE", path: "/2013-04-01/hostedzone/\(current.id)")
        } catch let error as AWSError where error.code == "NoSuchHostedZone" {
            return
        } catch let error as AWSError where error.code == "HostedZoneNotEmpty" {
            throw ProviderError(
                "route53 DeleteHostedZone failed: HostedZoneNotEmpty: \(error.message)",
                hint: "delete the zone's records other than SOA and NS first (or manage them as aws.route53_record)")
        }
    }

    /// A zone Cairn made carries a `cairn-` caller reference; with exactly one such zone of this
    /// name, that is the one an interrupted create made.
    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        let name = try p.string("name")
        let (_, tree) = try await aws.rest(
            .route53, "ListHostedZonesByName", method: "GET", path: "/2013-04-01/hostedzonesbyname",
            query: [("dnsname", name), ("maxitems", "100")])
        let mine =
            tree?.list("HostedZones", item: "HostedZone").filter {
                sameName($0.string("Name") ?? "", name) && ($0.string("CallerReference") ?? "").hasPrefix("cairn-")
            } ?? []
        guard mine.count == 1, let raw = mine[0].string("Id") else { return nil }
        return try await read(ResourceObject(id: raw.replacingOccurrences(of: "/hostedzone/", with: ""), attributes: p.values), aws)
    }

    static func listTags(_ id: String, _ aws: AWSClient) async throws -> [String: String] {
        let (_, tree) = try await aws.rest(.route53, "ListTagsForResource", method: "GET", path: "/2013-04-01/tags/hostedzone/\(id)")
        var tags: [String: String] = [:]
        for tag in tree?.list("ResourceTagSet/Tags", item: "Tag") ?? [] {
            if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
        }
        return tags
    }

    static func changeTags(_ id: String, set: [String: String], remove: [String], _ aws: AWSClient) async throws {
        var xml = "<ChangeTagsForResourceRequest xmlns=\"\(namespace)\">"
        if !set.isEmpty {
            xml +=
                "<AddTags>"
                + set.keys.sorted().map { "<Tag><Key>\(xmlEscape($0))</Key><Value>\(xmlEscape(set[$0]!))</Value></Tag>" }.joined()
                + "</AddTags>"
        }
        if !remove.isEmpty { xml += "<RemoveTagKeys>" + remove.map { "<Key>\(xmlEscape($0))</Key>" }.joined() + "</RemoveTagKeys>" }
        xml += "</ChangeTagsForResourceRequest>"
        try await aws.rest(
            .route53, "ChangeTagsForResource", method: "POST", path: "/2013-04-01/tags/hostedzone/\(id)",
            headers: [("Content-Type", "application/xml")], body: Data(xml.utf8))
    }
}
