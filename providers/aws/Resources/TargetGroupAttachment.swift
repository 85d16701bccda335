import CairnProviderKit
import Foundation

/// `aws.lb_target_group_attachment`: one target (instance id or IP) registered in a target group.
enum TargetGroupAttachment: AWSResource {
    static let schema = ResourceSchema(
        description: "A target registered with an ELBv2 target group.",
        properties: [
            "target_group_arn": .required(.string, forceNew: true, "Target group ARN."),
            "target_id": .required(.string, forceNew: true, "Instance id or IP address."),
            "port": PropertySchema(
                .number, computed: true, optional: true, forceNew: true,
                description: "Port on the target; the group's port when unset."),
            "id": .computed(.string, "TARGET_GROUP_ARN/TARGET_ID/PORT."),
        ])

    static func target(_ id: String, _ port: Int?) -> [(String, String)] {
        [("Targets.member.1.Id", id)] + (port.map { [("Targets.member.1.Port", String($0))] } ?? [])
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let arn = try p.string("target_group_arn")
        let target = try p.string("target_id")
        let port = p.values["port"]?.intValue
        _ = try await aws.query(.elb, "RegisterTargets", [("TargetGroupArn", arn)] + self.target(target, port))
        guard let found = try await find(arn: arn, target: target, port: port, aws) else {
            throw ProviderError("target \(target) is not in \(arn) right after it was registered", hint: "run the command again")
        }
        return object(arn: arn, target: target, port: found, prior: p.values)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        prior // every property forces replacement
    }

    /// The port the target is registered on, nil when it is not registered.
    static func find(arn: String, target: String, port: Int?, _ aws: AWSClient) async throws -> Int? {
        let answer: XMLTree
        do {
            answer = try await aws.query(.elb, "DescribeTargetHealth", [("TargetGroupArn", arn)])
        } catch let error as AWSError where TargetGroup.notFound.contains(error.code) {
            return nil
        }
        for description in answer.list("DescribeTargetHealthResult/TargetHealthDescriptions") {
            guard description.string("Target/Id") == target else { continue }
            let registered = Int(description.string("Target/Port") ?? "")
            if description.string("TargetHealth/State") == "draining" { continue }
            if port == nil || registered == port { return registered ?? port ?? 0 }
        }
        return nil
    }

    private static func object(arn: String, target: String, port: Int, prior: [String: Value]) -> ResourceObject {
        let id = "\(arn)/\(target)/\(port)"
        var attrs = prior
        attrs["target_group_arn"] = .string(arn)
        attrs["target_id"] = .string(target)
        attrs["port"] = .number(Double(port))
        attrs["id"] = .string(id)
        return ResourceObject(id: id, attributes: attrs)
    }

    /// Splits `ARN/TARGET/PORT` from the right: the ARN holds slashes itself.
    static func parse(_ id: String) throws -> (String, String, Int) {
        let parts = id.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, let port = Int(parts[parts.count - 1]), !parts[parts.count - 2].isEmpty else {
            throw ProviderError(
                "aws.lb_target_group_attachment id \"\(id)\" is not TARGET_GROUP_ARN/TARGET_ID/PORT",
                hint: "import an attachment as e.g. arn:aws:elasticloadbalancing:...:targetgroup/web/abc/i-0123/80")
        }
        return (parts[0..<(parts.count - 2)].joined(separator: "/"), parts[parts.count - 2], port)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let (arn, target, port) = try parse(current.id)
        guard let found = try await find(arn: arn, target: target, port: port, aws) else { return nil }
        return object(arn: arn, target: target, port: found, prior: current.attributes)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        let (arn, target, port) = try parse(current.id)
        do {
            _ = try await aws.query(.elb, "DeregisterTargets", [("TargetGroupArn", arn)] + self.target(target, port))
        } catch let error as AWSError where TargetGroup.notFound.contains(error.code) || error.code == "InvalidTarget" {
            return
        }
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        let arn = try p.string("target_group_arn")
        let target = try p.string("target_id")
        guard let port = try await find(arn: arn, target: target, port: p.values["port"]?.intValue, aws) else { return nil }
        return object(arn: arn, target: target, port: port, prior: p.values)
    }
}
