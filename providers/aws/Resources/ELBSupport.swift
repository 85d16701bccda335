import CairnProviderKit
import Foundation

/// What the ELBv2 resources share: paginated describes and tags.
enum ELB {
    /// `member` items of `list` (e.g. `LoadBalancers`) from every page; nil when a `notFound` code answers.
    static func describe(
        _ aws: AWSClient, _ action: String, _ params: [(String, String)], list: String,
        notFound: [String]
    ) async throws -> [XMLTree]? {
        do {
            let pages = try await aws.queryPages(.elb, action, params, requestToken: "Marker", responseToken: "NextMarker")
            return pages.flatMap { $0.list("\(action)Result/\(list)") }
        } catch let error as AWSError where notFound.contains(error.code) {
            return nil
        }
    }

    static func tags(_ arn: String, _ aws: AWSClient) async throws -> [String: String] {
        let answer = try await aws.query(.elb, "DescribeTags", [("ResourceArns.member.1", arn)])
        var tags: [String: String] = [:]
        for description in answer.list("DescribeTagsResult/TagDescriptions") where description.string("ResourceArn") == arn {
            for tag in description.list("Tags") {
                if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
            }
        }
        return tags
    }

    static func retag(_ arn: String, to new: [String: String], _ aws: AWSClient) async throws {
        let change = tagChanges(from: try await tags(arn, aws), to: new)
        if !change.remove.isEmpty {
            _ = try await aws.query(
                .elb, "RemoveTags", [("ResourceArns.member.1", arn)] + QueryParams.list("TagKeys.member", change.remove))
        }
        if !change.set.isEmpty {
            _ = try await aws.query(.elb, "AddTags", [("ResourceArns.member.1", arn)] + QueryParams.tags("Tags.member", change.set))
        }
    }
}
