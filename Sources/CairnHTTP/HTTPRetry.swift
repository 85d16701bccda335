import CairnProviderKit
import Foundation

extension HTTPClient {
    /// Sends the request, trying again after connection failures, 429 and 5xx responses, with
    /// exponential backoff and full jitter. Once attempts run out, the last response is returned
    /// (a 503 stays a 503) or the last transport error thrown.
    ///
    /// Retries are not limited to idempotent methods: use it for requests that are safe to repeat.
    public func sendWithRetry(_ request: HTTPRequest, attempts: Int = 5, baseDelay: TimeInterval = 0.2) async throws -> HTTPResponse {
        let attempts = max(attempts, 1)
        var attempt = 1
        while true {
            let retryAfter: TimeInterval?
            switch await perform(request) {
            case .success(let response):
                guard RetryPolicy.shouldRetry(status: response.status), attempt < attempts else { return response }
                retryAfter = RetryPolicy.retryAfter(response.header("retry-after"))
            case .failure(let failure):
                guard failure.isConnectionError, attempt < attempts else { throw failure.providerError }
                retryAfter = nil
            }
            let delay = RetryPolicy.delay(attempt: attempt, baseDelay: baseDelay, retryAfter: retryAfter)
            try await Task.sleep(nanoseconds: UInt64(delay * 1_000_000_000))
            attempt += 1
        }
    }
}

enum RetryPolicy {
    /// No single wait grows beyond this, whatever the attempt number or the server's Retry-After.
    static let maxDelay: TimeInterval = 30

    static func shouldRetry(status: Int) -> Bool { status == 429 || (500...599).contains(status) }

    /// Full jitter: a uniform wait between zero and the exponential bound, so clients that failed
    /// together do not retry together. A server's Retry-After is honoured as a minimum.
    static func delay(attempt: Int, baseDelay: TimeInterval, retryAfter: TimeInterval?) -> TimeInterval {
        let bound = min(maxDelay, max(0, baseDelay) * pow(2, Double(attempt - 1)))
        let jittered = bound > 0 ? Double.random(in: 0...bound) : 0
        return min(maxDelay, max(jittered, retryAfter ?? 0))
    }

    /// Retry-After in seconds; the HTTP-date form is ignored.
    static func retryAfter(_ header: String?) -> TimeInterval? {
        guard let header, let seconds = TimeInterval(header.trimmingCharacters(in: .whitespaces)), seconds >= 0 else { return nil }
        return seconds
    }
}
