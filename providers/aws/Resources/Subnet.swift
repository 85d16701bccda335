import CairnProviderKit
import Foundation

/// `aws.subnet`: a subnet of a VPC in one availability zone.
enum Subnet: AWSResource {
    static let schema = ResourceSchema(
        description: "An EC2 subnet.",
        properties: [
            "vpc_id": .required(.string, forceNew: true, "VPC the subnet belongs to."),
            "cidr_block": .required(.string, forceNew: true, "IPv4 range inside the VPC's."),
            "availability_zone": PropertySchema(
                .string, computed: true, optional: true, forceNew: true,
                description: "Zone such as us-east-1a; AWS picks one when unset."),
            "tags": tagsProperty,
            "id": .computed(.string, "Subnet id (subnet-...)."),
        ])

    static let notFound = ["InvalidSubnetID.NotFound", "InvalidSubnetID.Malformed"]

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        var params = [("VpcId", try p.string("vpc_id")), ("CidrBlock", try p.string("cidr_block"))]
        if let zone = nonEmpty(try p.optionalString("availability_zone")) { params.append(("AvailabilityZone", zone)) }
        let answer = try await aws.query(.ec2, "CreateSubnet", params + EC2.tagSpecification("subnet", try p.stringMap("tags")))
        guard let id = answer.string("subnet/subnetId") else {
            throw ProviderError("ec2 CreateSubnet answered without a subnetId", hint: "check the endpoint")
        }
        _ = try await waitFor("subnet \(id) to be available", timeout: 120) {
            try await describe(id, aws).flatMap { $0.string("state") == "available" ? true : nil }
        }
        return try await readBack(id, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        guard let item = try await describe(prior.id, aws) else { throw goneBeforeUpdate("subnet", prior.id) }
        try await EC2.retag(prior.id, from: EC2.tags(of: item), to: try p.stringMap("tags"), aws)
        return try await readBack(prior.id, p.values, aws)
    }

    static func describe(_ id: String, _ aws: AWSClient) async throws -> XMLTree? {
        try await EC2.describe(aws, "DescribeSubnets", [("SubnetId.1", id)], set: "subnetSet", notFound: notFound)?.first
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard let item = try await describe(current.id, aws) else { return nil }
        var attrs = current.attributes
        attrs["vpc_id"] = item.string("vpcId").map { .string($0) } ?? .null
        attrs["cidr_block"] = item.string("cidrBlock").map { .string($0) } ?? .null
        attrs["availability_zone"] = item.string("availabilityZone").map { .string($0) } ?? .null
        attrs["tags"] = .stringMap(EC2.tags(of: item))
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    /// Subnets of one VPC cannot overlap, so the VPC and CIDR block name at most one.
    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        let found =
            try await EC2.describe(
                aws, "DescribeSubnets",
                [
                    ("Filter.1.Name", "vpc-id"), ("Filter.1.Value.1", try p.string("vpc_id")),
                    ("Filter.2.Name", "cidr-block"), ("Filter.2.Value.1", try p.string("cidr_block")),
                ], set: "subnetSet", notFound: notFound) ?? []
        guard found.count == 1, let id = found[0].string("subnetId") else { return nil }
        return try await read(ResourceObject(id: id, attributes: p.values), aws)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        // Instances being terminated still hold network interfaces here for a while.
        _ = try await waitFor("subnet \(current.id) to be deletable", timeout: 300, interval: 3) { () -> Bool? in
            do {
                _ = try await aws.query(.ec2, "DeleteSubnet", [("SubnetId", current.id)])
                return true
            } catch let error as AWSError where notFound.contains(error.code) {
                return true
            } catch let error as AWSError where error.code == "DependencyViolation" {
                return nil
            }
        }
    }
}
