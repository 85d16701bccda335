import AWSProvider
import CairnProviderKit
import Foundation
import Testing

@Suite struct SQSAndIAMTests {
    @Test func queueAttributeAndTagDriftAdoptAndDelete() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let name = uniqueName("q")
            let props: [String: Value] = ["name": .string(name), "visibility_timeout_seconds": 45, "tags": ["team": "a"]]
            let queue = try await aws.create(kind: "sqs_queue", properties: props)
            let url = try #require(queue.string("url"))
            #expect(queue.id == url)
            #expect(queue.string("arn") == "arn:aws:sqs:us-east-1:123456789012:\(name)")

            let attrs =
                try await moto.json(["sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "All"])["Attributes"]
                as? [String: String]
            #expect(attrs?["VisibilityTimeout"] == "45")
            #expect(try await moto.json(["sqs", "list-queue-tags", "--queue-url", url])["Tags"] as? [String: String] == ["team": "a"])

            try await moto.cli(["sqs", "set-queue-attributes", "--queue-url", url, "--attributes", "VisibilityTimeout=99"])
            try await moto.cli(["sqs", "tag-queue", "--queue-url", url, "--tags", "team=b,extra=1"])
            let drifted = try #require(try await aws.read(kind: "sqs_queue", current: queue))
            #expect(drifted.attributes["visibility_timeout_seconds"] == 99)
            #expect(drifted.attributes["tags"] == ["team": "b", "extra": "1"])
            _ = try await aws.update(kind: "sqs_queue", prior: drifted, properties: props)
            let fixed =
                try await moto.json(["sqs", "get-queue-attributes", "--queue-url", url, "--attribute-names", "VisibilityTimeout"])[
                    "Attributes"] as? [String: String]
            #expect(fixed?["VisibilityTimeout"] == "45")
            #expect(try await moto.json(["sqs", "list-queue-tags", "--queue-url", url])["Tags"] as? [String: String] == ["team": "a"])

            // After a crash mid-create the queue is found again by its name; import takes the name too.
            #expect(try await aws.adopt(kind: "sqs_queue", properties: props)?.id == url)
            #expect(try await aws.importResource(kind: "sqs_queue", id: name)?.id == url)

            try await aws.delete(kind: "sqs_queue", current: queue)
            let left = try await moto.json(["sqs", "list-queues"])["QueueUrls"] as? [String] ?? []
            #expect(!left.contains(url))
            #expect(try await aws.read(kind: "sqs_queue", current: queue) == nil)
            #expect(try await aws.adopt(kind: "sqs_queue", properties: props) == nil)
        }
    }

    static let trust =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    @Test func rolePolicyComparedAsJSONTagsDriftAndDelete() async throws {
        try await withMoto { moto in
            let aws = try await moto.provider()
            let name = uniqueName("role")
            let props: [String: Value] = [
                "name": .string(name), "assume_role_policy": .string(Self.trust), "description": "", "tags": ["app": "web"],
            ]
            let role = try await aws.create(kind: "iam_role", properties: props)
            #expect(role.string("arn") == "arn:aws:iam::123456789012:role/\(name)")
            #expect(role.string("assume_role_policy") == Self.trust)

            let got = try await moto.json(["iam", "get-role", "--role-name", name])["Role"] as? [String: Any]
            let doc = got?["AssumeRolePolicyDocument"] as? [String: Any]
            #expect((doc?["Statement"] as? [[String: Any]])?.first?["Action"] as? String == "sts:AssumeRole")

            try await moto.cli(["iam", "tag-role", "--role-name", name, "--tags", "Key=app,Value=other"])
            let drifted = try #require(try await aws.read(kind: "iam_role", current: role))
            #expect(drifted.attributes["tags"] == ["app": "other"])
            #expect(drifted.string("assume_role_policy") == Self.trust)

            let lambda = Self.trust.replacingOccurrences(of: "ec2.amazonaws.com", with: "lambda.amazonaws.com")
            var changed = props
            changed["assume_role_policy"] = .string(lambda)
            _ = try await aws.update(kind: "iam_role", prior: drifted, properties: changed)
            let after = try await moto.json(["iam", "get-role", "--role-name", name])["Role"] as? [String: Any]
            let principal =
                ((after?["AssumeRolePolicyDocument"] as? [String: Any])?["Statement"] as? [[String: Any]])?.first?["Principal"]
                as? [String: Any]
            #expect(principal?["Service"] as? String == "lambda.amazonaws.com")
            let tags = try await moto.json(["iam", "list-role-tags", "--role-name", name])["Tags"] as? [[String: String]]
            #expect(tags == [["Key": "app", "Value": "web"]])

            try await aws.delete(kind: "iam_role", current: role)
            #expect(try await moto.cli(["iam", "get-role", "--role-name", name]).status != 0)
            #expect(try await aws.read(kind: "iam_role", current: role) == nil)
        }
    }
}
