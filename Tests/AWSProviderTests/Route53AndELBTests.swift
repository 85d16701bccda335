import AWSProvider
import CairnProviderKit
import Foundation
import Testing

@Suite struct Route53AndELBTests {
    @Test func zoneAndRecordWithDrift() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let domain = "\(uniqueName("z")).test"
            let zone = try await aws.create(
                kind: "route53_zone", properties: ["name": .string(domain), "comment": "mine", "tags": ["env": "t"]])
            #expect(zone.string("name") == domain)
            #expect(zone.attributes["name_servers"]?.listValue?.isEmpty == false)
            let got = try await moto.json(["route53", "get-hosted-zone", "--id", zone.id])
            #expect((got["HostedZone"] as? [String: Any])?["Name"] as? String == "\(domain).")

            #expect(try await aws.adopt(kind: "route53_zone", properties: ["name": .string(domain), "comment": "mine"])?.id == zone.id)
            let recProps: [String: Value] = [
                "zone_id": .string(zone.id), "name": .string("www.\(domain)"), "type": "A", "ttl": 60,
                "records": ["10.0.0.1", "10.0.0.2"],
            ]
            let record = try await aws.create(kind: "route53_record", properties: recProps)
            #expect(record.id == "\(zone.id)_www.\(domain)_A")
            let sets =
                try await moto.json(["route53", "list-resource-record-sets", "--hosted-zone-id", zone.id])["ResourceRecordSets"]
                as? [[String: Any]]
            let a = sets?.first { $0["Type"] as? String == "A" }
            #expect(a?["TTL"] as? Int == 60)
            #expect(Set((a?["ResourceRecords"] as? [[String: String]])?.compactMap { $0["Value"] } ?? []) == ["10.0.0.1", "10.0.0.2"])

            // Someone changes the record with the CLI: read shows it, update restores it.
            let batch =
                #"{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"www.\#(domain)","Type":"A","TTL":999,"ResourceRecords":[{"Value":"10.9.9.9"}]}}]}"#
            try await moto.cli(["route53", "change-resource-record-sets", "--hosted-zone-id", zone.id, "--change-batch", batch])
            let drifted = try #require(try await aws.read(kind: "route53_record", current: record))
            #expect(drifted.attributes["ttl"] == 999)
            #expect(drifted.attributes["records"] == ["10.9.9.9"])
            _ = try await aws.update(kind: "route53_record", prior: drifted, properties: recProps)
            let again = try #require(try await aws.read(kind: "route53_record", current: record))
            #expect(again.attributes["records"] == ["10.0.0.1", "10.0.0.2"])
            #expect(try await aws.importResource(kind: "route53_record", id: record.id)?.attributes["ttl"] == 60)

            try await aws.delete(kind: "route53_record", current: record)
            try await aws.delete(kind: "route53_zone", current: zone)
            #expect(try await moto.cli(["route53", "get-hosted-zone", "--id", zone.id]).status != 0)
            #expect(try await aws.read(kind: "route53_zone", current: zone) == nil)
        }
    }

    @Test func loadBalancerTargetGroupAttachmentAndListener() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let vpc = try await aws.create(kind: "vpc", properties: ["cidr_block": "10.20.0.0/16"])
            let a = try await aws.create(
                kind: "subnet", properties: ["vpc_id": .string(vpc.id), "cidr_block": "10.20.1.0/24", "availability_zone": "us-east-1a"])
            let b = try await aws.create(
                kind: "subnet", properties: ["vpc_id": .string(vpc.id), "cidr_block": "10.20.2.0/24", "availability_zone": "us-east-1b"])
            let sg = try await aws.create(
                kind: "security_group", properties: ["name": "lb", "description": "lb", "vpc_id": .string(vpc.id)])
            let instance = try await aws.create(
                kind: "instance", properties: ["ami": "ami-12c6146b", "instance_type": "t2.micro", "subnet_id": .string(a.id)])

            let lbName = uniqueName("lb")
            let lbProps: [String: Value] = [
                "name": .string(lbName), "subnets": [.string(a.id), .string(b.id)], "security_groups": [.string(sg.id)],
                "internal": false, "load_balancer_type": "application", "tags": ["tier": "web"],
            ]
            let lb = try await aws.create(kind: "lb", properties: lbProps)
            #expect(lb.string("dns_name")?.isEmpty == false)
            let lbs = try await moto.json(["elbv2", "describe-load-balancers", "--names", lbName])["LoadBalancers"] as? [[String: Any]]
            #expect(lbs?.first?["LoadBalancerArn"] as? String == lb.id)
            #expect(lbs?.first?["Scheme"] as? String == "internet-facing")

            try await moto.cli(["elbv2", "add-tags", "--resource-arns", lb.id, "--tags", "Key=tier,Value=hacked"])
            let drifted = try #require(try await aws.read(kind: "lb", current: lb))
            #expect(drifted.attributes["tags"] == ["tier": "hacked"])
            _ = try await aws.update(kind: "lb", prior: drifted, properties: lbProps)
            let tagDescriptions =
                try await moto.json(["elbv2", "describe-tags", "--resource-arns", lb.id])["TagDescriptions"] as? [[String: Any]]
            #expect((tagDescriptions?.first?["Tags"] as? [[String: String]]) == [["Key": "tier", "Value": "web"]])
            #expect(try await aws.adopt(kind: "lb", properties: lbProps)?.id == lb.id)

            let tgName = uniqueName("tg")
            let tg = try await aws.create(
                kind: "lb_target_group",
                properties: [
                    "name": .string(tgName), "port": 80, "protocol": "HTTP",
                    "vpc_id": .string(vpc.id), "target_type": "instance",
                ])
            let tgs = try await moto.json(["elbv2", "describe-target-groups", "--names", tgName])["TargetGroups"] as? [[String: Any]]
            #expect(tgs?.first?["TargetGroupArn"] as? String == tg.id)

            let attachment = try await aws.create(
                kind: "lb_target_group_attachment",
                properties: [
                    "target_group_arn": .string(tg.id),
                    "target_id": .string(instance.id), "port": 80,
                ])
            let health =
                try await moto.json(["elbv2", "describe-target-health", "--target-group-arn", tg.id])["TargetHealthDescriptions"]
                as? [[String: Any]]
            #expect(health?.compactMap { ($0["Target"] as? [String: Any])?["Id"] as? String } == [instance.id])

            let listener = try await aws.create(
                kind: "lb_listener",
                properties: [
                    "load_balancer_arn": .string(lb.id), "port": 80, "protocol": "HTTP",
                    "default_target_group_arn": .string(tg.id),
                ])
            let listeners =
                try await moto.json(["elbv2", "describe-listeners", "--load-balancer-arn", lb.id])["Listeners"] as? [[String: Any]]
            #expect(listeners?.first?["Port"] as? Int == 80)
            #expect(((listeners?.first?["DefaultActions"] as? [[String: Any]])?.first?["TargetGroupArn"] as? String) == tg.id)
            #expect(
                try await aws.adopt(
                    kind: "lb_listener",
                    properties: [
                        "load_balancer_arn": .string(lb.id), "port": 80, "protocol": "HTTP",
                        "default_target_group_arn": .string(tg.id),
                    ])?.id == listener.id)
            let moved = try await aws.update(
                kind: "lb_listener", prior: listener,
                properties: [
                    "load_balancer_arn": .string(lb.id), "port": 8080,
                    "protocol": "HTTP", "default_target_group_arn": .string(tg.id),
                ])
            #expect(moved.attributes["port"] == 8080)
            #expect(
                (try await moto.json(["elbv2", "describe-listeners", "--listener-arns", listener.id])["Listeners"] as? [[String: Any]])?
                    .first?["Port"] as? Int == 8080)

            try await aws.delete(kind: "lb_listener", current: listener)
            try await aws.delete(kind: "lb_target_group_attachment", current: attachment)
            #expect(try await aws.read(kind: "lb_target_group_attachment", current: attachment) == nil)
            try await aws.delete(kind: "lb_target_group", current: tg)
            try await aws.delete(kind: "lb", current: lb)
            #expect(try await moto.cli(["elbv2", "describe-load-balancers", "--names", lbName]).status != 0)
            #expect(try await moto.cli(["elbv2", "describe-target-groups", "--names", tgName]).status != 0)
            #expect(try await aws.read(kind: "lb", current: lb) == nil)
            #expect(try await aws.read(kind: "lb_listener", current: listener) == nil)
        }
    }
}
