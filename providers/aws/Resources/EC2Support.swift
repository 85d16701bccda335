import CairnProviderKit
import Foundation

/// What the EC2 resources share: paginated describes and tags.
enum EC2 {
    /// Items of `set` (e.g. `vpcSet`) from every page of a Describe action; nil when the API says
    /// the id does not exist (`notFound` codes).
    static func describe(
        _ aws: AWSClient, _ action: String, _ params: [(String, String)], set: String,
        notFound: [String]
    ) async throws -> [XMLTree]? {
        do {
            let pages = try await aws.queryPages(.ec2, action, params, requestToken: "NextToken", responseToken: "nextToken")
            return pages.flatMap { $0.child(set)?.all("item") ?? [] }
        } catch let error as AWSError where notFound.contains(error.code) {
            return nil
        }
    }

    static func tags(of item: XMLTree) -> [String: String] {
        var tags: [String: String] = [:]
        for tag in item.child("tagSet")?.all("item") ?? [] {
            if let key = tag.string("key") { tags[key] = tag.string("value") ?? "" }
        }
        return tags
    }

    /// TagSpecification parameters for a create call.
    static func tagSpecification(_ resourceType: String, _ tags: [String: String]) -> [(String, String)] {
        guard !tags.isEmpty else { return [] }
        return [("TagSpecification.1.ResourceType", resourceType)] + QueryParams.tags("TagSpecification.1.Tag", tags)
    }

    /// Brings the object's tags from `old` to `new`.
    static func retag(_ id: String, from old: [String: String], to new: [String: String], _ aws: AWSClient) async throws {
        let change = tagChanges(from: old, to: new)
        if !change.remove.isEmpty {
            let keys = change.remove.enumerated().map { ("Tag.\($0.offset + 1).Key", $0.element) }
            _ = try await aws.query(.ec2, "DeleteTags", [("ResourceId.1", id)] + keys)
        }
        if !change.set.isEmpty {
            _ = try await aws.query(.ec2, "CreateTags", [("ResourceId.1", id)] + QueryParams.tags("Tag", change.set))
        }
    }
}
