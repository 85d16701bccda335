import CairnProviderKit
import Foundation

/// `aws.sqs_queue`: a standard queue, its visibility timeout and tags (SQS's JSON protocol).
enum SQSQueue: AWSResource {
    static let schema = ResourceSchema(
        description: "An SQS queue.",
        properties: [
            "name": .required(.string, forceNew: true, "Queue name."),
            "visibility_timeout_seconds": .optional(.number, default: 30, "Seconds a received message stays hidden (0 to 43200)."),
            "tags": tagsProperty,
            "url": .computed(.string, "Queue URL, also its id."),
            "arn": .computed(.string, "Queue ARN."),
            "id": .computed(.string, "Queue URL."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        if let t = properties["visibility_timeout_seconds"]?.numberValue, !(0...43200).contains(t) || t != t.rounded() {
            return [
                ProviderIssue(
                    property: "visibility_timeout_seconds", message: "visibility_timeout_seconds must be a whole number from 0 to 43200")
            ]
        }
        return []
    }

    private static func call(_ aws: AWSClient, _ action: String, _ body: [String: Any]) async throws -> [String: Any] {
        try await aws.json(.sqs, target: "AmazonSQS", action, body)
    }

    private static func isGone(_ error: AWSError) -> Bool {
        error.code == "QueueDoesNotExist" || error.code == "AWS.SimpleQueueService.NonExistentQueue" || error.code == "NonExistentQueue"
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        var body: [String: Any] = [
            "QueueName": try p.string("name"),
            "Attributes": ["VisibilityTimeout": String(try p.int("visibility_timeout_seconds", default: 30))],
        ]
        let tags = try p.stringMap("tags")
        if !tags.isEmpty { body["tags"] = tags }
        let answer = try await call(aws, "CreateQueue", body)
        guard let url = answer["QueueUrl"] as? String else {
            throw ProviderError("sqs CreateQueue answered without a QueueUrl", hint: "check the endpoint")
        }
        return try await readBack(url, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let url = prior.id
        _ = try await call(
            aws, "SetQueueAttributes",
            [
                "QueueUrl": url,
                "Attributes": ["VisibilityTimeout": String(try p.int("visibility_timeout_seconds", default: 30))],
            ])
        let old = try await listTags(url, aws)
        let change = tagChanges(from: old, to: try p.stringMap("tags"))
        if !change.remove.isEmpty { _ = try await call(aws, "UntagQueue", ["QueueUrl": url, "TagKeys": change.remove]) }
        if !change.set.isEmpty { _ = try await call(aws, "TagQueue", ["QueueUrl": url, "Tags": change.set]) }
        return try await readBack(url, p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let url = current.id
        let answer: [String: Any]
        do {
            answer = try await call(aws, "GetQueueAttributes", ["QueueUrl": url, "AttributeNames": ["All"]])
        } catch let error as AWSError where isGone(error) {
            return nil
        }
        let attributes = answer["Attributes"] as? [String: String] ?? [:]
        var attrs = current.attributes
        attrs["name"] = .string(url.split(separator: "/").last.map(String.init) ?? url)
        attrs["visibility_timeout_seconds"] = attributes["VisibilityTimeout"].flatMap(Double.init).map { .number($0) } ?? .null
        attrs["tags"] = .stringMap(try await listTags(url, aws))
        attrs["url"] = .string(url)
        attrs["arn"] = attributes["QueueArn"].map { .string($0) } ?? .null
        attrs["id"] = .string(url)
        return ResourceObject(id: url, attributes: attrs)
    }

    private static func listTags(_ url: String, _ aws: AWSClient) async throws -> [String: String] {
        let answer = try await call(aws, "ListQueueTags", ["QueueUrl": url])
        return answer["Tags"] as? [String: String] ?? [:]
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            _ = try await call(aws, "DeleteQueue", ["QueueUrl": current.id])
        } catch let error as AWSError where isGone(error) {
            return
        }
    }

    /// Import takes the queue URL or just its name.
    static func importResource(id: String, _ aws: AWSClient) async throws -> ResourceObject? {
        guard !id.contains("/") else { return try await read(ResourceObject(id: id, attributes: [:]), aws) }
        return try await byName(id, [:], aws)
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        try await byName(try p.string("name"), p.values, aws)
    }

    private static func byName(_ name: String, _ values: [String: Value], _ aws: AWSClient) async throws -> ResourceObject? {
        do {
            let answer = try await call(aws, "GetQueueUrl", ["QueueName": name])
            guard let url = answer["QueueUrl"] as? String else { return nil }
            return try await read(ResourceObject(id: url, attributes: values), aws)
        } catch let error as AWSError where isGone(error) {
            return nil
        }
    }
}
