import CairnProviderKit
import Foundation

/// `aws.instance`: one EC2 instance; create waits until it is running, destroy until it is
/// terminated.
enum Instance: AWSResource {
    static let schema = ResourceSchema(
        description: "An EC2 instance.",
        properties: [
            "ami": .required(.string, forceNew: true, "Image id (ami-...)."),
            "instance_type": .required(.string, "Instance type, e.g. t3.micro; changing it stops and starts the instance."),
            "subnet_id": .required(.string, forceNew: true, "Subnet to launch into."),
            "security_group_ids": PropertySchema(
                .list(.string), computed: true, optional: true,
                description: "Security groups; changed in place. The VPC's default group when unset."),
            "tags": tagsProperty,
            "private_ip": .computed(.string, "Private IPv4 address."),
            "state": .computed(.string, "Instance state (running once created)."),
            "id": .computed(.string, "Instance id (i-...)."),
        ])

    static let notFound = ["InvalidInstanceID.NotFound", "InvalidInstanceID.Malformed"]

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        // A fresh token per create: the kit's retries of this one call cannot launch two instances.
        let token = UUID().uuidString
        let answer = try await aws.query(
            .ec2, "RunInstances",
            [
                ("ImageId", try p.string("ami")), ("InstanceType", try p.string("instance_type")),
                ("SubnetId", try p.string("subnet_id")), ("MinCount", "1"), ("MaxCount", "1"), ("ClientToken", token),
            ] + QueryParams.list("SecurityGroupId", try p.stringList("security_group_ids"))
                + EC2.tagSpecification("instance", try p.stringMap("tags")))
        guard let id = answer.string("instancesSet/item/instanceId") else {
            throw ProviderError("ec2 RunInstances answered without an instanceId", hint: "check the endpoint")
        }
        let item = try await waitFor("instance \(id) to be running", timeout: 600, interval: 2) { () -> XMLTree? in
            guard let item = try await describe(id, aws) else { return nil }
            let state = item.string("instanceState/name") ?? ""
            if ["terminated", "shutting-down", "stopped"].contains(state) {
                throw ProviderError(
                    "instance \(id) went to state \(state) instead of running: \(item.string("stateReason/message") ?? "no reason given")",
                    hint: "check the AMI, instance type and subnet")
            }
            return state == "running" ? item : nil
        }
        return object(item, id: id, prior: p.values)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        guard let item = try await describe(prior.id, aws) else { throw goneBeforeUpdate("instance", prior.id) }
        let type = try p.string("instance_type")
        if item.string("instanceType") != type { try await resize(prior.id, to: type, aws) }
        let groups = try p.stringList("security_group_ids")
        let current = item.child("groupSet")?.all("item").compactMap { $0.string("groupId") } ?? []
        if !groups.isEmpty, Set(groups) != Set(current) {
            _ = try await aws.query(.ec2, "ModifyInstanceAttribute", [("InstanceId", prior.id)] + QueryParams.list("GroupId", groups))
        }
        try await EC2.retag(prior.id, from: EC2.tags(of: item), to: try p.stringMap("tags"), aws)
        return try await readBack(prior.id, p.values, aws)
    }

    /// AWS changes an instance's type only while it is stopped: stop, modify, start again.
    private static func resize(_ id: String, to type: String, _ aws: AWSClient) async throws {
        _ = try await aws.query(.ec2, "StopInstances", [("InstanceId.1", id)])
        try await waitForState(id, "stopped", aws)
        _ = try await aws.query(.ec2, "ModifyInstanceAttribute", [("InstanceId", id), ("InstanceType.Value", type)])
        _ = try await aws.query(.ec2, "StartInstances", [("InstanceId.1", id)])
        try await waitForState(id, "running", aws)
    }

    private static func waitForState(_ id: String, _ state: String, _ aws: AWSClient) async throws {
        _ = try await waitFor("instance \(id) to be \(state)", timeout: 600, interval: 2) { () -> Bool? in
            guard let item = try await describe(id, aws) else {
                throw ProviderError("instance \(id) disappeared while waiting for it to be \(state)", hint: "run plan again to create it")
            }
            return item.string("instanceState/name") == state ? true : nil
        }
    }

    static func describe(_ id: String, _ aws: AWSClient) async throws -> XMLTree? {
        let reservations = try await EC2.describe(
            aws, "DescribeInstances", [("InstanceId.1", id)], set: "reservationSet", notFound: notFound)
        return reservations?.flatMap { $0.child("instancesSet")?.all("item") ?? [] }.first { $0.string("instanceId") == id }
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard let item = try await describe(current.id, aws) else { return nil }
        // A terminated instance lingers in describes for a while but is gone for good.
        if item.string("instanceState/name") == "terminated" { return nil }
        return object(item, id: current.id, prior: current.attributes)
    }

    private static func object(_ item: XMLTree, id: String, prior: [String: Value]) -> ResourceObject {
        var attrs = prior
        attrs["ami"] = item.string("imageId").map { .string($0) } ?? .null
        attrs["instance_type"] = item.string("instanceType").map { .string($0) } ?? .null
        attrs["subnet_id"] = item.string("subnetId").map { .string($0) } ?? .null
        let groups = item.child("groupSet")?.all("item").compactMap { $0.string("groupId") } ?? []
        attrs["security_group_ids"] = keepingPriorOrder(groups, prior: prior["security_group_ids"])
        attrs["tags"] = .stringMap(EC2.tags(of: item))
        attrs["private_ip"] = item.string("privateIpAddress").map { .string($0) } ?? .null
        attrs["state"] = item.string("instanceState/name").map { .string($0) } ?? .null
        attrs["id"] = .string(id)
        return ResourceObject(id: id, attributes: attrs)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            _ = try await aws.query(.ec2, "TerminateInstances", [("InstanceId.1", current.id)])
        } catch let error as AWSError where notFound.contains(error.code) {
            return
        }
        _ = try await waitFor("instance \(current.id) to terminate", timeout: 600, interval: 2) { () -> Bool? in
            guard let item = try await describe(current.id, aws) else { return true }
            return item.string("instanceState/name") == "terminated" ? true : nil
        }
    }
}
