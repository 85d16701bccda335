import CairnHTTP
import CairnProviderKit
import Foundation

/// The REST-XML protocol (S3, Route53): the method and path name the operation, bodies and
/// answers are XML.
extension AWSClient {
    @discardableResult
    func rest(
        _ service: AWSService, _ action: String, method: String, path: String, query: [(String, String)] = [],
        headers: [(String, String)] = [], body: Data = Data()
    ) async throws -> (HTTPResponse, XMLTree?) {
        let response = try await send(service, action: action, method: method, path: path, query: query, headers: headers, body: body)
        return (response, response.body.isEmpty ? nil : XMLTree.parse(response.body))
    }
}
