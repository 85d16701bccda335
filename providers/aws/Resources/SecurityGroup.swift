import CairnProviderKit
import Foundation

/// `aws.security_group`: a VPC security group whose ingress and egress rules Cairn owns
/// entirely (AWS's default allow-all egress is removed unless configured).
enum SecurityGroup: AWSResource {
    static let ruleType = ValueType.object([
        "protocol": .required(.string, "tcp, udp, icmp, or -1 for all."),
        "from_port": .required(.number, "First port (0 for -1)."),
        "to_port": .required(.number, "Last port (0 for -1)."),
        "cidr_blocks": .optional(.list(.string), "IPv4 ranges the rule allows."),
    ])

    static let schema = ResourceSchema(
        description: "An EC2 security group with its rules.",
        properties: [
            "name": .required(.string, forceNew: true, "Group name, unique in the VPC."),
            "description": .optional(.string, default: "Managed by Cairn", forceNew: true, "Group description."),
            "vpc_id": .required(.string, forceNew: true, "VPC of the group."),
            "ingress": .optional(.list(ruleType), "Inbound rules."),
            "egress": .optional(.list(ruleType), "Outbound rules; none means no outbound traffic."),
            "tags": tagsProperty,
            "id": .computed(.string, "Group id (sg-...)."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        var issues: [ProviderIssue] = []
        for name in ["ingress", "egress"] {
            for (i, rule) in (properties[name]?.listValue ?? []).enumerated() {
                guard let m = rule.mapValue, !rule.containsUnknown else { continue }
                let proto = normalizedProtocol(m["protocol"]?.stringValue ?? "")
                let from = m["from_port"]?.intValue ?? -2
                let to = m["to_port"]?.intValue ?? -2
                if !["tcp", "udp", "icmp", "-1"].contains(proto) {
                    issues.append(
                        ProviderIssue(
                            property: name,
                            message: "\(name)[\(i)]: protocol \"\(m["protocol"]?.stringValue ?? "")\" is not tcp, udp, icmp or -1"))
                } else if proto == "tcp" || proto == "udp", !(0...65535).contains(from) || !(0...65535).contains(to) || from > to {
                    issues.append(
                        ProviderIssue(
                            property: name, message: "\(name)[\(i)]: ports \(from)-\(to) are not a range within 0-65535",
                            hint: "from_port must not exceed to_port"))
                }
                if (m["cidr_blocks"]?.listValue ?? []).isEmpty {
                    issues.append(
                        ProviderIssue(
                            property: name, message: "\(name)[\(i)]: cidr_blocks is empty, so the rule allows nothing",
                            hint: "list at least one range, e.g. [0.0.0.0/0]"))
                }
            }
        }
        return issues
    }

    static let notFound = ["InvalidGroup.NotFound", "InvalidGroupId.Malformed", "InvalidGroupId.NotFound"]

    /// One protocol/port-range/CIDR triple: rules are compared as sets of these.
    struct Permission: Hashable, Comparable {
        var proto: String
        var from: Int
        var to: Int
        var cidr: String

        static func < (a: Permission, b: Permission) -> Bool {
            (a.proto, a.from, a.to, a.cidr) < (b.proto, b.from, b.to, b.cidr)
        }
    }

    static func normalizedProtocol(_ p: String) -> String {
        switch p.lowercased() {
        case "all", "-1": return "-1"
        case "6": return "tcp"
        case "17": return "udp"
        case "1": return "icmp"
        default: return p.lowercased()
        }
    }

    /// The permissions a configured rule list stands for.
    static func permissions(_ rules: Value?) -> Set<Permission> {
        var out = Set<Permission>()
        for rule in rules?.listValue ?? [] {
            guard let m = rule.mapValue else { continue }
            let proto = normalizedProtocol(m["protocol"]?.stringValue ?? "-1")
            let all = proto == "-1"
            let from = all ? 0 : (m["from_port"]?.intValue ?? 0)
            let to = all ? 0 : (m["to_port"]?.intValue ?? 0)
            for cidr in m["cidr_blocks"]?.listValue?.compactMap(\.stringValue) ?? [] {
                out.insert(Permission(proto: proto, from: from, to: to, cidr: cidr))
            }
        }
        return out
    }

    /// Permissions as AWS reports them (ipPermissions / ipPermissionsEgress).
    static func permissions(_ set: XMLTree?) -> Set<Permission> {
        var out = Set<Permission>()
        for item in set?.all("item") ?? [] {
            let proto = normalizedProtocol(item.string("ipProtocol") ?? "-1")
            let all = proto == "-1"
            let from = all ? 0 : Int(item.string("fromPort") ?? "") ?? 0
            let to = all ? 0 : Int(item.string("toPort") ?? "") ?? 0
            for range in item.child("ipRanges")?.all("item") ?? [] {
                if let cidr = range.string("cidrIp") { out.insert(Permission(proto: proto, from: from, to: to, cidr: cidr)) }
            }
        }
        return out
    }

    /// Rules for state: the prior value when it means the same permissions, else AWS's, grouped.
    static func ruleValue(_ found: Set<Permission>, prior: Value?) -> Value {
        if let prior, !prior.isNull, permissions(prior) == found { return prior }
        var grouped: [[String]: [String]] = [:]
        for p in found.sorted() { grouped[[p.proto, String(p.from), String(p.to)], default: []].append(p.cidr) }
        let rules = grouped.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key -> Value in
            .map([
                "protocol": .string(key[0]), "from_port": .number(Double(key[1])!), "to_port": .number(Double(key[2])!),
                "cidr_blocks": .strings(grouped[key]!),
            ])
        }
        return .list(rules)
    }

    static func permissionParams(_ perms: [Permission]) -> [(String, String)] {
        perms.enumerated().flatMap { i, p -> [(String, String)] in
            let prefix = "IpPermissions.\(i + 1)"
            var out = [("\(prefix).IpProtocol", p.proto), ("\(prefix).IpRanges.1.CidrIp", p.cidr)]
            if p.proto != "-1" { out += [("\(prefix).FromPort", String(p.from)), ("\(prefix).ToPort", String(p.to))] }
            return out
        }
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let answer = try await aws.query(
            .ec2, "CreateSecurityGroup",
            [
                ("GroupName", try p.string("name")), ("GroupDescription", try p.string("description")), ("VpcId", try p.string("vpc_id")),
            ] + EC2.tagSpecification("security-group", try p.stringMap("tags")))
        guard let id = answer.string("groupId") else {
            throw ProviderError("ec2 CreateSecurityGroup answered without a groupId", hint: "check the endpoint")
        }
        return try await sync(id, p, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await sync(prior.id, p, aws)
    }

    /// Makes the group's rules and tags what `p` says.
    private static func sync(_ id: String, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        guard let item = try await describe(id, aws) else { throw goneBeforeUpdate("security group", id) }
        for (direction, name, set) in [("Ingress", "ingress", "ipPermissions"), ("Egress", "egress", "ipPermissionsEgress")] {
            let have = permissions(item.child(set))
            let want = permissions(p.values[name])
            let revoke = have.subtracting(want).sorted()
            let grant = want.subtracting(have).sorted()
            if !revoke.isEmpty {
                _ = try await aws.query(.ec2, "RevokeSecurityGroup\(direction)", [("GroupId", id)] + permissionParams(revoke))
            }
            if !grant.isEmpty {
                _ = try await aws.query(.ec2, "AuthorizeSecurityGroup\(direction)", [("GroupId", id)] + permissionParams(grant))
            }
        }
        try await EC2.retag(id, from: EC2.tags(of: item), to: try p.stringMap("tags"), aws)
        return try await readBack(id, p.values, aws)
    }

    static func describe(_ id: String, _ aws: AWSClient) async throws -> XMLTree? {
        try await EC2.describe(aws, "DescribeSecurityGroups", [("GroupId.1", id)], set: "securityGroupInfo", notFound: notFound)?.first
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard let item = try await describe(current.id, aws) else { return nil }
        var attrs = current.attributes
        attrs["name"] = item.string("groupName").map { .string($0) } ?? .null
        attrs["description"] = item.string("groupDescription").map { .string($0) } ?? .null
        attrs["vpc_id"] = item.string("vpcId").map { .string($0) } ?? .null
        attrs["ingress"] = ruleValue(permissions(item.child("ipPermissions")), prior: current.attributes["ingress"])
        attrs["egress"] = ruleValue(permissions(item.child("ipPermissionsEgress")), prior: current.attributes["egress"])
        attrs["tags"] = .stringMap(EC2.tags(of: item))
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    /// Group names are unique within a VPC.
    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        let found =
            try await EC2.describe(
                aws, "DescribeSecurityGroups",
                [
                    ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", try p.string("vpc_id")),
                    ("Filter.2.Name", "group-name"), ("Filter.2.Value.1", try p.string("name")),
                ], set: "securityGroupInfo", notFound: notFound) ?? []
        guard found.count == 1, let id = found[0].string("groupId") else { return nil }
        return try await read(ResourceObject(id: id, attributes: p.values), aws)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        _ = try await waitFor("security group \(current.id) to be deletable", timeout: 300, interval: 3) { () -> Bool? in
            do {
                _ = try await aws.query(.ec2, "DeleteSecurityGroup", [("GroupId", current.id)])
                return true
            } catch let error as AWSError where notFound.contains(error.code) {
                return true
            } catch let error as AWSError where error.code == "DependencyViolation" {
                return nil
            }
        }
    }
}
