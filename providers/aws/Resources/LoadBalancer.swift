import CairnProviderKit
import Foundation

/// `aws.lb`: an application (or network) load balancer; create waits until it is active.
enum LoadBalancer: AWSResource {
    static let schema = ResourceSchema(
        description: "An ELBv2 load balancer.",
        properties: [
            "name": .required(.string, forceNew: true, "Name, unique per region (32 characters at most)."),
            "subnets": .required(.list(.string), "Subnets in at least two zones; changed in place."),
            "security_groups": PropertySchema(
                .list(.string), computed: true, optional: true,
                description: "Security groups (application load balancers); changed in place. The VPC's default group when unset."),
            "internal": .optional(.bool, default: false, forceNew: true, "Internal instead of internet-facing."),
            "load_balancer_type": .optional(.string, default: "application", forceNew: true, "application or network."),
            "tags": tagsProperty,
            "arn": .computed(.string, "Load balancer ARN, also its id."),
            "dns_name": .computed(.string, "DNS name clients connect to."),
            "id": .computed(.string, "Load balancer ARN."),
        ])

    static let notFound = ["LoadBalancerNotFound", "LoadBalancerNotFoundException"]

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let answer = try await aws.query(
            .elb, "CreateLoadBalancer",
            [
                ("Name", try p.string("name")),
                ("Scheme", try p.bool("internal", default: false) ? "internal" : "internet-facing"),
                ("Type", try p.string("load_balancer_type")),
            ] + QueryParams.list("Subnets.member", try p.stringList("subnets"))
                + QueryParams.list("SecurityGroups.member", try p.stringList("security_groups"))
                + QueryParams.tags("Tags.member", try p.stringMap("tags")))
        guard let arn = answer.list("CreateLoadBalancerResult/LoadBalancers").first?.string("LoadBalancerArn") else {
            throw ProviderError("elasticloadbalancing CreateLoadBalancer answered without an ARN", hint: "check the endpoint")
        }
        _ = try await waitFor("load balancer \(arn) to be active", timeout: 900, interval: 3) { () -> Bool? in
            let state = try await describe(arn, aws)?.string("State/Code")
            if state == "failed" {
                throw ProviderError("load balancer \(arn) failed to provision", hint: "check its subnets and security groups")
            }
            return state == "active" ? true : nil
        }
        return try await readBack(arn, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let arn = prior.id
        guard let item = try await describe(arn, aws) else { throw goneBeforeUpdate("load balancer", arn) }
        let subnets = try p.stringList("subnets")
        if Set(subnets) != Set(subnetIDs(item)) {
            _ = try await aws.query(.elb, "SetSubnets", [("LoadBalancerArn", arn)] + QueryParams.list("Subnets.member", subnets))
        }
        let groups = try p.stringList("security_groups")
        if !groups.isEmpty, Set(groups) != Set(item.list("SecurityGroups").map(\.text)) {
            _ = try await aws.query(
                .elb, "SetSecurityGroups", [("LoadBalancerArn", arn)] + QueryParams.list("SecurityGroups.member", groups))
        }
        try await ELB.retag(arn, to: try p.stringMap("tags"), aws)
        return try await readBack(arn, p.values, aws)
    }

    private static func subnetIDs(_ item: XMLTree) -> [String] {
        item.list("AvailabilityZones").compactMap { $0.string("SubnetId") }
    }

    static func describe(_ arn: String, _ aws: AWSClient) async throws -> XMLTree? {
        try await ELB.describe(
            aws, "DescribeLoadBalancers", [("LoadBalancerArns.member.1", arn)], list: "LoadBalancers", notFound: notFound)?.first
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard let item = try await describe(current.id, aws) else { return nil }
        return try await object(item, arn: current.id, prior: current.attributes, aws)
    }

    private static func object(_ item: XMLTree, arn: String, prior: [String: Value], _ aws: AWSClient) async throws -> ResourceObject {
        var attrs = prior
        attrs["name"] = item.string("LoadBalancerName").map { .string($0) } ?? .null
        attrs["subnets"] = keepingPriorOrder(subnetIDs(item), prior: prior["subnets"])
        attrs["security_groups"] = keepingPriorOrder(item.list("SecurityGroups").map(\.text), prior: prior["security_groups"])
        attrs["internal"] = .bool(item.string("Scheme") == "internal")
        attrs["load_balancer_type"] = item.string("Type").map { .string($0) } ?? .null
        attrs["tags"] = .stringMap(try await ELB.tags(arn, aws))
        attrs["arn"] = .string(arn)
        attrs["dns_name"] = item.string("DNSName").map { .string($0) } ?? .null
        attrs["id"] = .string(arn)
        return ResourceObject(id: arn, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            _ = try await aws.query(.elb, "DeleteLoadBalancer", [("LoadBalancerArn", current.id)])
        } catch let error as AWSError where notFound.contains(error.code) {
            return
        }
    }

    /// Import takes the ARN or the name.
    static func importResource(id: String, _ aws: AWSClient) async throws -> ResourceObject? {
        id.hasPrefix("arn:") ? try await read(ResourceObject(id: id, attributes: [:]), aws) : try await byName(id, [:], aws)
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        try await byName(try p.string("name"), p.values, aws)
    }

    private static func byName(_ name: String, _ values: [String: Value], _ aws: AWSClient) async throws -> ResourceObject? {
        guard
            let item = try await ELB.describe(
                aws, "DescribeLoadBalancers", [("Names.member.1", name)], list: "LoadBalancers", notFound: notFound)?.first,
            let arn = item.string("LoadBalancerArn")
        else { return nil }
        return try await object(item, arn: arn, prior: values, aws)
    }
}
