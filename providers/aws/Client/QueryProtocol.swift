import CairnProviderKit
import Foundation

/// The query protocol (EC2, IAM, STS, ELBv2): a form-encoded POST of Action, Version and
/// flattened parameters; the answer is XML.
extension AWSClient {
    func query(_ service: AWSService, _ action: String, _ params: [(String, String)] = []) async throws -> XMLTree {
        let form = ([("Action", action), ("Version", service.queryVersion)] + params)
            .map { "\(SigV4.uriEncode($0.0, keepSlash: false))=\(SigV4.uriEncode($0.1, keepSlash: false))" }
            .joined(separator: "&")
        let response = try await send(
            service, action: action, method: "POST",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Data(form.utf8))
        guard let tree = XMLTree.parse(response.body) else {
            throw ProviderError(
                "\(service.rawValue) \(action): the answer is not XML: \(response.text.prefix(200))",
                hint: "check that the endpoint \(baseURL(for: service)) is an AWS API")
        }
        return tree
    }

    /// Every page of a paginated query action. `requestToken` is the parameter that asks for the
    /// next page (NextToken, Marker); `responseToken` the element that carries it (NextToken,
    /// NextMarker, Marker), found anywhere in the answer.
    func queryPages(
        _ service: AWSService, _ action: String, _ params: [(String, String)] = [],
        requestToken: String = "NextToken", responseToken: String = "NextToken"
    ) async throws -> [XMLTree] {
        var pages: [XMLTree] = []
        var token: String?
        repeat {
            var p = params
            if let token { p.append((requestToken, token)) }
            let page = try await query(service, action, p)
            pages.append(page)
            // IAM says IsTruncated=false and may still send a Marker; honour it.
            if page.find("IsTruncated")?.text == "false" { break }
            token = nonEmpty(page.find(responseToken)?.text.trimmingCharacters(in: .whitespacesAndNewlines))
        } while token != nil && pages.count < 1000
        return pages
    }
}

/// Query-protocol list and map flattening.
enum QueryParams {
    /// `prefix.1=a&prefix.2=b` (EC2 style: `SecurityGroupId.1`; ELBv2 style: `Subnets.member.1`).
    static func list(_ prefix: String, _ values: [String]) -> [(String, String)] {
        values.enumerated().map { ("\(prefix).\($0.offset + 1)", $0.element) }
    }

    /// Tags as `prefix.N.Key` / `prefix.N.Value`, sorted by key for stable requests.
    static func tags(_ prefix: String, _ tags: [String: String]) -> [(String, String)] {
        tags.keys.sorted().enumerated().flatMap { i, key in
            [("\(prefix).\(i + 1).Key", key), ("\(prefix).\(i + 1).Value", tags[key]!)]
        }
    }
}
