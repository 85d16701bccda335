import CairnProviderKit
import Foundation

/// The JSON protocol (SQS): a POST naming the operation in X-Amz-Target, JSON in and out.
extension AWSClient {
    func json(_ service: AWSService, target: String, _ action: String, _ body: [String: Any]) async throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response = try await send(
            service, action: action, method: "POST",
            headers: [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "\(target).\(action)")],
            body: data)
        if response.body.isEmpty { return [:] }
        guard let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] else {
            throw ProviderError(
                "\(service.rawValue) \(action): the answer is not a JSON object: \(response.text.prefix(200))",
                hint: "check that the endpoint \(baseURL(for: service)) is an AWS API")
        }
        return object
    }
}
