import CairnProviderKit
import Foundation

/// One HTTP request. `url` keeps a host even for a Unix socket (`http://localhost/v1.43/info`).
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    /// Sent in order; a name may repeat.
    public var headers: [(String, String)]
    public var body: Data?
    /// Whole-transfer limit in seconds; 0 means none.
    public var timeout: TimeInterval
    /// Talk HTTP over this Unix domain socket instead of TCP (Docker's API, for example).
    public var unixSocketPath: String?

    public init(
        method: String = "GET", url: String, headers: [(String, String)] = [], body: Data? = nil,
        timeout: TimeInterval = 30, unixSocketPath: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.unixSocketPath = unixSocketPath
    }
}

public struct HTTPResponse: Sendable, Hashable {
    public var status: Int
    /// Lowercased names; repeated headers are joined with ", ".
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }
    public var text: String { String(decoding: body, as: UTF8.self) }
    public var isSuccess: Bool { (200..<300).contains(status) }
}

/// An HTTP client on libcurl. Any status, 4xx and 5xx included, is a response; only transport
/// failures (no connection, timeout, bad URL) throw, as `ProviderError`.
public final class HTTPClient: Sendable {
    // curl_easy_perform blocks its thread, so transfers run here rather than on Swift's
    // cooperative pool, which must never block.
    private let queue = DispatchQueue(label: "cairn.http", qos: .userInitiated, attributes: .concurrent)

    public init() {}

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try await perform(request).mapError { $0.providerError }.get()
    }

    func perform(_ request: HTTPRequest) async -> Result<HTTPResponse, TransferFailure> {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: CurlTransfer.run(request)) }
        }
    }
}
