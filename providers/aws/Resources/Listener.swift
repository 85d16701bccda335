import CairnProviderKit
import Foundation

/// `aws.lb_listener`: a port on a load balancer forwarding to a target group.
enum Listener: AWSResource {
    static let schema = ResourceSchema(
        description: "An ELBv2 listener forwarding to one target group.",
        properties: [
            "load_balancer_arn": .required(.string, forceNew: true, "Load balancer ARN."),
            "port": .required(.number, "Port to listen on; changed in place."),
            "protocol": .optional(.string, default: "HTTP", "HTTP or TCP (HTTPS needs certificates Cairn does not manage yet)."),
            "default_target_group_arn": .required(.string, "Target group to forward to; changed in place."),
            "arn": .computed(.string, "Listener ARN, also its id."),
            "id": .computed(.string, "Listener ARN."),
        ])

    static let notFound = ["ListenerNotFound", "ListenerNotFoundException"]

    static func settings(_ p: PropertyReader) throws -> [(String, String)] {
        [
            ("Port", String(try p.int("port"))), ("Protocol", try p.string("protocol")),
            ("DefaultActions.member.1.Type", "forward"),
            ("DefaultActions.member.1.TargetGroupArn", try p.string("default_target_group_arn")),
        ]
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let answer = try await aws.query(.elb, "CreateListener", [("LoadBalancerArn", try p.string("load_balancer_arn"))] + settings(p))
        guard let arn = answer.list("CreateListenerResult/Listeners").first?.string("ListenerArn") else {
            throw ProviderError("elasticloadbalancing CreateListener answered without an ARN", hint: "check the endpoint")
        }
        return try await readBack(arn, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        _ = try await aws.query(.elb, "ModifyListener", [("ListenerArn", prior.id)] + settings(p))
        return try await readBack(prior.id, p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        guard
            let item = try await ELB.describe(
                aws, "DescribeListeners", [("ListenerArns.member.1", current.id)],
                list: "Listeners", notFound: notFound + LoadBalancer.notFound)?.first
        else { return nil }
        var attrs = current.attributes
        attrs["load_balancer_arn"] = item.string("LoadBalancerArn").map { .string($0) } ?? .null
        attrs["port"] = item.string("Port").flatMap(Double.init).map { .number($0) } ?? .null
        attrs["protocol"] = item.string("Protocol").map { .string($0) } ?? .null
        let forward = item.list("DefaultActions").first { $0.string("Type") == "forward" }
        attrs["default_target_group_arn"] = forward?.string("TargetGroupArn").map { .string($0) } ?? .null
        attrs["arn"] = .string(current.id)
        attrs["id"] = .string(current.id)
        return ResourceObject(id: current.id, attributes: attrs)
    }

    /// A load balancer has at most one listener per port.
    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        let port = String(try p.int("port"))
        let listeners =
            try await ELB.describe(
                aws, "DescribeListeners", [("LoadBalancerArn", try p.string("load_balancer_arn"))],
                list: "Listeners", notFound: notFound + LoadBalancer.notFound) ?? []
        guard let arn = listeners.first(where: { $0.string("Port") == port })?.string("ListenerArn") else { return nil }
        return try await read(ResourceObject(id: arn, attributes: p.values), aws)
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            _ = try await aws.query(.elb, "DeleteListener", [("ListenerArn", current.id)])
        } catch let error as AWSError where notFound.contains(error.code) {
            return
        }
    }
}
