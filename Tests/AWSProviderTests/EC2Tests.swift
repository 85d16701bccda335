import AWSProvider
import CairnProviderKit
import Foundation
import Testing

@Suite struct EC2Tests {
    @Test func networkAndInstanceLifecycleWithDrift() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()

            let vpc = try await aws.create(kind: "vpc", properties: ["cidr_block": "10.10.0.0/16", "tags": ["Name": "net"]])
            let vpcs = try await moto.json(["ec2", "describe-vpcs", "--vpc-ids", vpc.id])["Vpcs"] as? [[String: Any]]
            #expect(vpcs?.first?["CidrBlock"] as? String == "10.10.0.0/16")

            let subnet = try await aws.create(
                kind: "subnet",
                properties: [
                    "vpc_id": .string(vpc.id), "cidr_block": "10.10.1.0/24",
                    "availability_zone": "us-east-1b",
                ])
            let subnets = try await moto.json(["ec2", "describe-subnets", "--subnet-ids", subnet.id])["Subnets"] as? [[String: Any]]
            #expect(subnets?.first?["VpcId"] as? String == vpc.id)
            #expect(subnets?.first?["AvailabilityZone"] as? String == "us-east-1b")

            let rules: Value = [["protocol": "tcp", "from_port": 80, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]]]
            let egress: Value = [["protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": ["10.0.0.0/8"]]]
            let sgProps: [String: Value] = [
                "name": "web", "description": "web servers", "vpc_id": .string(vpc.id), "ingress": rules, "egress": egress,
            ]
            let group = try await aws.create(kind: "security_group", properties: sgProps)
            let described =
                (try await moto.json(["ec2", "describe-security-groups", "--group-ids", group.id])["SecurityGroups"] as? [[String: Any]])?
                .first
            let ingress = described?["IpPermissions"] as? [[String: Any]]
            #expect(ingress?.count == 1)
            #expect(ingress?.first?["FromPort"] as? Int == 80)
            let out = described?["IpPermissionsEgress"] as? [[String: Any]]
            // AWS's default allow-all egress to 0.0.0.0/0 was replaced by the configured rule.
            #expect((out?.first?["IpRanges"] as? [[String: Any]])?.map { $0["CidrIp"] as? String } == ["10.0.0.0/8"])
            #expect(group.attributes["ingress"] == rules)

            // A rule added with the CLI is drift; update revokes it.
            try await moto.cli([
                "ec2", "authorize-security-group-ingress", "--group-id", group.id, "--protocol", "tcp", "--port", "22", "--cidr",
                "1.2.3.4/32",
            ])
            let drifted = try #require(try await aws.read(kind: "security_group", current: group))
            #expect(drifted.attributes["ingress"] != rules)
            _ = try await aws.update(kind: "security_group", prior: drifted, properties: sgProps)
            let cleaned =
                (try await moto.json(["ec2", "describe-security-groups", "--group-ids", group.id])["SecurityGroups"] as? [[String: Any]])?
                .first
            #expect((cleaned?["IpPermissions"] as? [[String: Any]])?.count == 1)

            let instProps: [String: Value] = [
                "ami": "ami-12c6146b", "instance_type": "t2.micro", "subnet_id": .string(subnet.id),
                "security_group_ids": [.string(group.id)], "tags": ["Name": "one"],
            ]
            let instance = try await aws.create(kind: "instance", properties: instProps)
            #expect(instance.string("state") == "running")
            #expect(instance.string("private_ip")?.hasPrefix("10.10.1.") == true)
            let reservations =
                try await moto.json(["ec2", "describe-instances", "--instance-ids", instance.id])["Reservations"] as? [[String: Any]]
            let described2 = (reservations?.first?["Instances"] as? [[String: Any]])?.first
            #expect((described2?["State"] as? [String: Any])?["Name"] as? String == "running")
            #expect(described2?["SubnetId"] as? String == subnet.id)

            try await moto.cli(["ec2", "create-tags", "--resources", instance.id, "--tags", "Key=Name,Value=renamed", "Key=extra,Value=x"])
            let instDrift = try #require(try await aws.read(kind: "instance", current: instance))
            #expect(instDrift.attributes["tags"] == ["Name": "renamed", "extra": "x"])
            _ = try await aws.update(kind: "instance", prior: instDrift, properties: instProps)
            let tags =
                try await moto.json(["ec2", "describe-tags", "--filters", "Name=resource-id,Values=\(instance.id)"])["Tags"]
                as? [[String: Any]]
            #expect(tags?.map { "\($0["Key"]!)=\($0["Value"]!)" } == ["Name=one"])

            // A new instance type is applied in place: stopped, modified, started.
            var bigger = instProps
            bigger["instance_type"] = "t2.small"
            let resized = try await aws.update(kind: "instance", prior: instance, properties: bigger)
            #expect(resized.id == instance.id)
            #expect(resized.string("state") == "running")
            let after =
                ((try await moto.json(["ec2", "describe-instances", "--instance-ids", instance.id])["Reservations"] as? [[String: Any]])?
                .first?["Instances"] as? [[String: Any]])?.first
            #expect(after?["InstanceType"] as? String == "t2.small")
            #expect((after?["State"] as? [String: Any])?["Name"] as? String == "running")

            #expect(try await aws.importResource(kind: "vpc", id: vpc.id)?.string("cidr_block") == "10.10.0.0/16")
            // After a crash mid-create, subnet and group are found again by what makes them unique.
            #expect(
                try await aws.adopt(kind: "subnet", properties: ["vpc_id": .string(vpc.id), "cidr_block": "10.10.1.0/24"])?.id == subnet.id)
            #expect(try await aws.adopt(kind: "security_group", properties: sgProps)?.id == group.id)
            #expect(try await aws.adopt(kind: "subnet", properties: ["vpc_id": .string(vpc.id), "cidr_block": "10.10.9.0/24"]) == nil)

            try await aws.delete(kind: "instance", current: instance)
            #expect(try await aws.read(kind: "instance", current: instance) == nil)
            try await aws.delete(kind: "security_group", current: group)
            try await aws.delete(kind: "subnet", current: subnet)
            try await aws.delete(kind: "vpc", current: vpc)
            #expect(try await moto.cli(["ec2", "describe-vpcs", "--vpc-ids", vpc.id]).stderr.contains("InvalidVpcID.NotFound"))
            #expect(try await moto.cli(["ec2", "describe-subnets", "--subnet-ids", subnet.id]).status != 0)
            #expect(try await moto.cli(["ec2", "describe-security-groups", "--group-ids", group.id]).status != 0)
            #expect(try await aws.read(kind: "vpc", current: vpc) == nil)
        }
    }

    @Test func apiErrorCodeAndMessageReachTheUser() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            do {
                _ = try await aws.create(kind: "subnet", properties: ["vpc_id": "vpc-doesnotexist", "cidr_block": "10.0.0.0/24"])
                Issue.record("creating a subnet in a missing VPC succeeded")
            } catch let error as ProviderError {
                #expect(error.message.contains("ec2 CreateSubnet failed: InvalidVpcID.NotFound"))
                #expect(error.message.contains("vpc-doesnotexist"))
            }
        }
    }

    @Test func dataSources() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let me = try await aws.readData(kind: "caller_identity", properties: [:])
            #expect(me["account_id"] == "123456789012")
            let cli = try await moto.json(["sts", "get-caller-identity"])
            #expect(me["arn"]?.stringValue == cli["Arn"] as? String)
            let zones = try await aws.readData(kind: "availability_zones", properties: [:])
            let names = zones["names"]?.listValue?.compactMap(\.stringValue) ?? []
            let fromCLI = (try await moto.json(["ec2", "describe-availability-zones"])["AvailabilityZones"] as? [[String: Any]])?.compactMap
            { $0["ZoneName"] as? String }
            #expect(names.contains("us-east-1a"))
            #expect(Set(names) == Set(fromCLI ?? []))
        }
    }
}
