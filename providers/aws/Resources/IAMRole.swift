import CairnProviderKit
import Foundation

/// `aws.iam_role`: a role with its trust policy and tags.
enum IAMRole: AWSResource {
    static let schema = ResourceSchema(
        description: "An IAM role.",
        properties: [
            "name": .required(.string, forceNew: true, "Role name."),
            "assume_role_policy": .required(.string, "Trust policy as JSON (jsonencode works); compared as JSON, not as text."),
            "description": .optional(.string, default: "", forceNew: true, "What the role is for."),
            "tags": tagsProperty,
            "arn": .computed(.string, "Role ARN."),
            "id": .computed(.string, "Role name."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        if let policy = properties["assume_role_policy"]?.stringValue, policyObject(policy) == nil {
            return [
                ProviderIssue(
                    property: "assume_role_policy", message: "assume_role_policy is not valid JSON", hint: "write it with jsonencode({...})"
                )
            ]
        }
        return []
    }

    static func create(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let name = try p.string("name")
        var params = [("RoleName", name), ("AssumeRolePolicyDocument", try p.string("assume_role_policy"))]
        if let description = nonEmpty(try p.optionalString("description")) { params.append(("Description", description)) }
        params += QueryParams.tags("Tags.member", try p.stringMap("tags"))
        _ = try await aws.query(.iam, "CreateRole", params)
        return try await readBack(name, p.values, aws)
    }

    static func update(_ prior: ResourceObject, _ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject {
        let name = prior.id
        if prior.attributes["assume_role_policy"]?.stringValue != (try p.string("assume_role_policy")) {
            _ = try await aws.query(
                .iam, "UpdateAssumeRolePolicy", [("RoleName", name), ("PolicyDocument", try p.string("assume_role_policy"))])
        }
        let change = tagChanges(from: try await listTags(name, aws), to: try p.stringMap("tags"))
        if !change.remove.isEmpty {
            _ = try await aws.query(.iam, "UntagRole", [("RoleName", name)] + QueryParams.list("TagKeys.member", change.remove))
        }
        if !change.set.isEmpty {
            _ = try await aws.query(.iam, "TagRole", [("RoleName", name)] + QueryParams.tags("Tags.member", change.set))
        }
        return try await readBack(name, p.values, aws)
    }

    static func read(_ current: ResourceObject, _ aws: AWSClient) async throws -> ResourceObject? {
        let name = current.id
        let answer: XMLTree
        do {
            answer = try await aws.query(.iam, "GetRole", [("RoleName", name)])
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return nil
        }
        guard let role = answer.at("GetRoleResult/Role") else {
            throw ProviderError("iam GetRole answered without a Role for \(name)", hint: "check the endpoint")
        }
        let raw = role.string("AssumeRolePolicyDocument") ?? ""
        let policy = raw.removingPercentEncoding ?? raw
        var attrs = current.attributes
        attrs["name"] = .string(role.string("RoleName") ?? name)
        // The same policy in other spacing or key order is not drift: keep the configured text.
        if let prior = current.attributes["assume_role_policy"]?.stringValue, let a = policyObject(prior), let b = policyObject(policy),
            a == b
        {
            attrs["assume_role_policy"] = .string(prior)
        } else {
            attrs["assume_role_policy"] = .string(policy)
        }
        attrs["description"] = .string(role.string("Description") ?? "")
        attrs["tags"] = .stringMap(try await listTags(name, aws))
        attrs["arn"] = role.string("Arn").map { .string($0) } ?? .null
        attrs["id"] = .string(name)
        return ResourceObject(id: name, attributes: attrs)
    }

    static func listTags(_ name: String, _ aws: AWSClient) async throws -> [String: String] {
        var tags: [String: String] = [:]
        let pages = try await aws.queryPages(.iam, "ListRoleTags", [("RoleName", name)], requestToken: "Marker", responseToken: "Marker")
        for page in pages {
            for tag in page.list("ListRoleTagsResult/Tags") {
                if let key = tag.string("Key") { tags[key] = tag.string("Value") ?? "" }
            }
        }
        return tags
    }

    static func delete(_ current: ResourceObject, _ aws: AWSClient) async throws {
        do {
            _ = try await aws.query(.iam, "DeleteRole", [("RoleName", current.id)])
        } catch let error as AWSError where error.code == "NoSuchEntity" {
            return
        } catch let error as AWSError where error.code == "DeleteConflict" {
            throw ProviderError(
                "iam DeleteRole failed: DeleteConflict: \(error.message)",
                hint: "detach the role's policies and remove it from instance profiles, then destroy again")
        }
    }

    static func adopt(_ p: PropertyReader, _ aws: AWSClient) async throws -> ResourceObject? {
        try await read(ResourceObject(id: try p.string("name"), attributes: p.values), aws)
    }

    private static func policyObject(_ text: String) -> NSObject? {
        guard let data = text.data(using: .utf8) else { return nil }
        return try? JSONSerialization.jsonObject(with: data) as? NSObject
    }
}
