import CairnProviderKit
import Foundation

/// `aws.lb_target_group`: where a load balancer sends traffic.
enum TargetGroup: AWSResource {
    static let schema = ResourceSchema(
        description: "An ELBv2 target group.",
        properties: [
            "name": .required(.string, forceNew: true, "Name, unique per region (32 characters at most)."),
            "port": .required(.number, forceNew: true, "Port the targets receive traffic on."),
            "protocol": .optional(.string, default: "HTTP", forceNew: true, "HTTP, HTTPS, TCP, ..."),
            "vpc_id": .required(.string, forceNew: true, "VPC of the targets."),
            "target_type": .optional(.string, default: "instance", forceNew: true, "instance, ip or lambda."),
            "tags": tagsProperty,
            "arn": .computed(.string, "Target group ARN, also its id."),
            "id": .computed(.string, "Target group ARN."),
        ])

    static let notFound = ["TargetGroupNotFound", "TargetGroupNotFoundException"]

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let answer = try await aws.query(
            .elb, "CreateTargetGroup",
            [
                ("Name", try p.string("name")), ("Port", String(try p.int("port"))), ("Protocol", try p.string("protocol")),
                ("VpcId", try p.string("vpc_id")), ("TargetType", try p.string("target_type")),
            ] + QueryParams.tags("Tags.member", try p.stringMap("tags")))
        guard let arn = answer.list("CreateTargetGroupResult/TargetGroups").first?.string("TargetGroupArn") else {
            throw ProviderError("elasticloadbalancing CreateTargetGroup answered without an ARN", hint: "check the endpoint")
        }
        return try await readBack(arn, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        try await ELB.retag(prior.id, to: try p.stringMap("tags"), aws)
        return try await readBack(prior.id, p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard
            let item = try await ELB.describe(
                aws, "DescribeTargetGroups", [("TargetGroupArns.member.1", current.id)],
                list: "TargetGroups", notFound: notFound)?.first
        else { return nil }
        return try await object(item, arn: current.id, prior: current.attributes, aws)
    }

    private static func object(_ item: XMLTree, arn: String, prior: [String: Value], _ aws: AWSClient) async throws -> ResourceObject {
        var attrs = prior
        attrs["name"] = item.string("TargetGroupName").map { .string($0) } ?? .null
        attrs["port"] = item.string("Port").flatMap(Double.init).map { .number($0) } ?? .null
        attrs["protocol"] = item.string("Protocol").map { .string($0) } ?? .null
        attrs["vpc_id"] = item.string("VpcId").map { .string($0) } ?? .null
        attrs["target_type"] = item.string("TargetType").map { .string($0) } ?? .null
        attrs["tags"] = .stringMap(try await ELB.tags(arn, aws))
        attrs["arn"] = .string(arn)
        attrs["id"] = .string(arn)
        return ResourceObject(id: arn, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        // A listener being deleted may still hold the group for a moment.
        _ = try await waitFor("target group \(current.id) to be deletable", timeout: 120, interval: 2) { () -> Bool? in
            do {
                _ = try await aws.query(.elb, "DeleteTargetGroup", [("TargetGroupArn", current.id)])
                return true
            } catch let error as AWSError where notFound.contains(error.code) {
                return true
            } catch let error as AWSError where error.code == "ResourceInUse" {
                return nil
            }
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
                aws, "DescribeTargetGroups", [("Names.member.1", name)], list: "TargetGroups", notFound: notFound)?.first,
            let arn = item.string("TargetGroupArn")
        else { return nil }
        return try await object(item, arn: arn, prior: values, aws)
    }
}
