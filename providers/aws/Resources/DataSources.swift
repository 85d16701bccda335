import CairnProviderKit
import Foundation

/// `data aws.caller_identity`: who the credentials belong to (STS GetCallerIdentity).
enum CallerIdentity: AWSDataSource {
    static let schema = ResourceSchema(
        description: "The account and identity of the credentials in use.",
        properties: [
            "account_id": .computed(.string, "Account number."),
            "arn": .computed(.string, "ARN of the calling identity."),
            "user_id": .computed(.string, "Unique id of the calling identity."),
        ])

    static func read(_ p: PropertyReader, _ aws: AWSClient) async throws -> [String: Value] {
        let answer = try await aws.query(.sts, "GetCallerIdentity")
        let result = answer.child("GetCallerIdentityResult")
        return [
            "account_id": result?.string("Account").map { .string($0) } ?? .null,
            "arn": result?.string("Arn").map { .string($0) } ?? .null,
            "user_id": result?.string("UserId").map { .string($0) } ?? .null,
        ]
    }
}

/// `data aws.availability_zones`: the zones of the configured region that are available.
enum AvailabilityZones: AWSDataSource {
    static let schema = ResourceSchema(
        description: "Availability zones of the region.",
        properties: [
            "names": .computed(.list(.string), "Zone names, sorted.")
        ])

    static func read(_ p: PropertyReader, _ aws: AWSClient) async throws -> [String: Value] {
        let items =
            try await EC2.describe(
                aws, "DescribeAvailabilityZones", [("Filter.1.Name", "state"), ("Filter.1.Value.1", "available")],
                set: "availabilityZoneInfo", notFound: []) ?? []
        return ["names": .strings(items.compactMap { $0.string("zoneName") }.sorted())]
    }
}
