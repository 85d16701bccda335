import AWSProvider
import CairnProviderKit
import Testing

@Suite struct ValidationTests {
    let aws = AWSProvider(environment: [:])

    @Test func bucketNamesFollowS3Rules() async throws {
        #expect(try await aws.validate(kind: "s3_bucket", properties: ["bucket": "my-bucket.v2"]).isEmpty)
        for bad in ["ab", "My-Bucket", "-start", "end-", "a..b", "under_score", String(repeating: "a", count: 64)] {
            let issues = try await aws.validate(kind: "s3_bucket", properties: ["bucket": .string(bad)])
            #expect(issues.first?.property == "bucket", "\(bad)")
        }
    }

    @Test func securityGroupRulesAreChecked() async throws {
        let ok: Value = [["protocol": "tcp", "from_port": 80, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]]]
        #expect(try await aws.validate(kind: "security_group", properties: ["ingress": ok]).isEmpty)
        let reversed: Value = [["protocol": "tcp", "from_port": 443, "to_port": 80, "cidr_blocks": ["0.0.0.0/0"]]]
        #expect(
            try await aws.validate(kind: "security_group", properties: ["ingress": reversed]).first?.message.contains("ports 443-80")
                == true)
        let badProtocol: Value = [["protocol": "sctp-ish", "from_port": 1, "to_port": 2, "cidr_blocks": ["0.0.0.0/0"]]]
        #expect(try await aws.validate(kind: "security_group", properties: ["egress": badProtocol]).first?.property == "egress")
        let empty: Value = [["protocol": "-1", "from_port": 0, "to_port": 0, "cidr_blocks": []]]
        #expect(
            try await aws.validate(kind: "security_group", properties: ["egress": empty]).first?.message.contains("allows nothing") == true)
    }

    @Test func queueVisibilityRangeAndPolicyJSON() async throws {
        #expect(
            try await aws.validate(kind: "sqs_queue", properties: ["visibility_timeout_seconds": 50000]).first?.property
                == "visibility_timeout_seconds")
        #expect(
            try await aws.validate(kind: "iam_role", properties: ["assume_role_policy": "{not json"]).first?.property
                == "assume_role_policy")
        #expect(try await aws.validate(kind: "nope", properties: [:]).first?.message.contains("no resource type nope") == true)
    }
}
