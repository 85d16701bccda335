import CairnProviderKit
import Foundation

/// `aws.vpc`: a VPC with its IPv4 CIDR block and tags.
enum VPC: AWSResource {
    static let schema = ResourceSchema(
        description: "An EC2 VPC.",
        properties: [
            "cidr_block": .required(.string, forceNew: true, "IPv4 range, e.g. 10.0.0.0/16."),
            "tags": tagsProperty,
            "id": .computed(.string, "VPC id (vpc-...)."),
        ])

    static let notFound = ["InvalidVpcID.NotFound", "InvalidVpcID.Malformed"]

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let answer = try await aws.query(
            .ec2, "CreateVpc",
            [("CidrBlock", try p.string("cidr_block"))]
                + EC2.tagSpecification("vpc", try p.stringMap("tags")))
        guard let id = answer.string("vpc/vpcId") else {
            throw ProviderError("ec2 CreateVpc answered without a vpcId", hint: "check the endpoint")
        }
        _ = try await waitFor("vpc \(id) to be available", timeout: 120) {
            try await describe(id, aws).flatMap { $0.string("state") == "available" ? true : nil }
        }
        return try await readBack(id, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        guard let item = try await describe(prior.id, aws) else { throw goneBeforeUpdate("vpc", prior.id) }
        try await EC2.retag(prior.id, from: EC2.tags(of: item), to: try p.stringMap("tags"), aws)
        return try await readBack(prior.id, p.values, aws)
    }

    static func describe(_ id: String, _ aws: AWSClient) async throws -> XMLTree? {
        try await EC2.describe(aws, "DescribeVpcs", [("VpcId.1", id)], set: "vpcSet", notFound: notFound)?.first
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard let item = try await describe(current.id, aws) else { return nil }
        var attrs = current.attributes
        attrs["cidr_block"] = item.string("cidrBlock").map { .string($0) } ?? .null
        attrs["tags"] = .stringMap(EC2.tags(of: item))
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            _ = try await aws.query(.ec2, "DeleteVpc", [("VpcId", current.id)])
        } catch let error as AWSError where notFound.contains(error.code) {
            return
        }
    }
}
