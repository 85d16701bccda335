import CairnDigest
import CairnHTTP
import CairnProviderKit
import Foundation

/// Signs and sends requests to AWS APIs over libcurl. Broken connections, 429 and 5xx are
/// retried by the kit's `sendWithRetry`, AWS's throttling error codes (sent with 400) here, both
/// with exponential backoff and full jitter; any other error answer becomes an `AWSError`
/// carrying the API's own code and message.
final class AWSClient: Sendable {
    let credentials: AWSCredentials
    let region: String
    /// `scheme://host[:port]` for every service (an emulator), or nil for AWS's public endpoints.
    let endpoint: String?
    let timeout: TimeInterval
    let attempts: Int
    let baseDelay: TimeInterval
    private let http = HTTPClient()

    init(
        credentials: AWSCredentials, region: String, endpoint: String?, timeout: TimeInterval = 60,
        attempts: Int = 6, baseDelay: TimeInterval = 0.3
    ) {
        self.credentials = credentials
        self.region = region
        self.endpoint = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        self.timeout = timeout
        self.attempts = attempts
        self.baseDelay = baseDelay
    }

    func baseURL(for service: AWSService) -> String { endpoint ?? service.publicEndpoint(region: region) }

    func signingRegion(for service: AWSService) -> String { service.isGlobal ? "us-east-1" : region }

    /// Sends one request and returns the successful response; an error answer throws `AWSError`
    /// (after retries when it was throttling or a server error).
    func send(
        _ service: AWSService, action: String, method: String, path: String = "/",
        query: [(String, String)] = [], headers: [(String, String)] = [], body: Data = Data()
    ) async throws -> HTTPResponse {
        let base = baseURL(for: service)
        guard let components = URLComponents(string: base), let host = components.host, let scheme = components.scheme else {
            throw ProviderError("aws: endpoint \"\(base)\" is not a URL", hint: "write it as http://HOST:PORT or https://HOST")
        }
        let hostHeader = components.port.map { "\(host):\($0)" } ?? host
        let encodedQuery = SigV4.encodedQuery(query)
        let url = "\(scheme)://\(hostHeader)\(SigV4.encodedPath(path))" + (encodedQuery.isEmpty ? "" : "?\(encodedQuery)")
        var attempt = 1
        while true {
            let signed = SigV4.sign(
                SigV4.Request(
                    method: method, host: hostHeader, path: path, query: query, headers: headers,
                    payloadHash: Digest.sha256Hex(body)),
                credentials: credentials, region: signingRegion(for: service), service: service.rawValue,
                date: Date(), includeContentHash: service == .s3)
            let request = HTTPRequest(
                method: method, url: url, headers: signed.headers,
                body: body.isEmpty && (method == "GET" || method == "HEAD" || method == "DELETE") ? nil : body,
                timeout: timeout)
            let response: HTTPResponse
            do {
                response = try await http.sendWithRetry(request, attempts: 4, baseDelay: baseDelay)
            } catch var error as ProviderError {
                if !Self.isReadOnly(method: method, action: action) { error.outcomeUnknown = true }
                error.hint = error.hint ?? "check that the endpoint \(base) is reachable"
                throw error
            }
            if response.isSuccess { return response }
            var failure = AWSError.parse(response, service: service, action: action)
            failure.mayHaveHappened = response.status >= 500 && !Self.isReadOnly(method: method, action: action)
            // 5xx and 429 were already retried by the kit; AWS also throttles with 400s.
            guard failure.isThrottling, attempt < attempts else { throw failure }
            let bound = min(20, baseDelay * pow(2, Double(attempt - 1)))
            try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0...bound) * 1_000_000_000))
            attempt += 1
        }
    }
}

extension AWSClient {
    /// Reads change nothing, so a server error during one leaves no doubt about AWS's state.
    static func isReadOnly(method: String, action: String) -> Bool {
        method == "GET" || method == "HEAD" || ["Describe", "Get", "List"].contains { action.hasPrefix($0) }
    }
}

/// Turns an `AWSError` into the `ProviderError` the engine shows; other errors pass through.
func asProviderError(_ error: any Error) -> any Error {
    if let aws = error as? AWSError { return aws.providerError }
    return error
}
