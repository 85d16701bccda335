import CairnProviderKit
import Foundation
import Testing

@testable import CairnHTTP

@Suite("HTTPClient")
struct HTTPClientTests {
    let client = HTTPClient()

    @Test func getReturnsStatusHeadersAndBody() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await client.send(HTTPRequest(url: "\(server.baseURL)/hello"))
        #expect(response.status == 200)
        #expect(response.text == "hello world")
        #expect(response.headers["x-test"] == "yes")
        #expect(response.header("X-Test") == "yes")
        #expect(response.headers["x-multi"] == "a, b")
        #expect(response.headers["content-length"] == "11")
    }

    @Test func postSendsBodyAndHeaders() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let payload = #"{"name":"cairn","n":1}"#
        let request = HTTPRequest(
            method: "POST", url: "\(server.baseURL)/echo",
            headers: [("Content-Type", "application/json"), ("X-Cairn", "42")],
            body: Data(payload.utf8))
        let response = try await client.send(request)
        #expect(response.status == 200)
        let echo = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        #expect(echo?["method"] as? String == "POST")
        #expect(echo?["body"] as? String == payload)
        let headers = echo?["headers"] as? [String: String]
        #expect(headers?["content-type"] == "application/json")
        #expect(headers?["x-cairn"] == "42")
        #expect(headers?["content-length"] == String(payload.utf8.count))
        #expect(headers?["expect"] == nil)
    }

    @Test func putAndDeleteUseTheGivenMethod() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        for method in ["PUT", "DELETE", "PATCH"] {
            let response = try await client.send(HTTPRequest(method: method, url: "\(server.baseURL)/echo", body: Data("x".utf8)))
            let echo = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
            #expect(echo?["method"] as? String == method)
            #expect(echo?["body"] as? String == "x")
        }
    }

    @Test func headRequestHasNoBody() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await client.send(HTTPRequest(method: "HEAD", url: "\(server.baseURL)/hello"))
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(response.headers["content-length"] == "11")
    }

    @Test func notFoundIsAResponseNotAnError() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await client.send(HTTPRequest(url: "\(server.baseURL)/missing"))
        #expect(response.status == 404)
        #expect(response.text == "not found")
        #expect(!response.isSuccess)
    }

    @Test func connectionRefusedThrowsProviderError() async throws {
        let url = "http://127.0.0.1:1/hello"
        let error = await #expect(throws: ProviderError.self) {
            _ = try await client.send(HTTPRequest(url: url, timeout: 5))
        }
        #expect(error?.message.contains(url) == true)
        #expect(error?.message.contains("GET") == true)
        #expect(error?.message.localizedCaseInsensitiveContains("connect") == true)
    }

    @Test func retrySucceedsAfterServiceUnavailable() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let url = "\(server.baseURL)/flaky/\(UUID().uuidString)"
        let response = try await client.sendWithRetry(HTTPRequest(url: url), attempts: 5, baseDelay: 0.01)
        #expect(response.status == 200)
        #expect(response.text == "recovered after 3 attempts")
    }

    @Test func retryGivesUpWithTheLastResponse() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let url = "\(server.baseURL)/flaky/\(UUID().uuidString)"
        let response = try await client.sendWithRetry(HTTPRequest(url: url), attempts: 2, baseDelay: 0.01)
        #expect(response.status == 503)
        #expect(response.text == "try again")
    }

    @Test func retryDoesNotRepeatClientErrors() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let response = try await client.sendWithRetry(HTTPRequest(url: "\(server.baseURL)/missing"), baseDelay: 10)
        #expect(response.status == 404)
    }

    // No timing bound here: on a loaded CI machine wall time says nothing about the retry count.
    @Test func retryThrowsAfterRepeatedConnectionFailures() async throws {
        await #expect(throws: ProviderError.self) {
            _ = try await client.sendWithRetry(HTTPRequest(url: "http://127.0.0.1:1/", timeout: 5), attempts: 3, baseDelay: 0.01)
        }
    }

    @Test func unixSocketRequest() async throws {
        let server = try TestHTTPServer()
        defer { server.stop() }
        let request = HTTPRequest(
            method: "POST", url: "http://localhost/echo", body: Data("over a socket".utf8),
            unixSocketPath: server.socketPath)
        let response = try await client.send(request)
        #expect(response.status == 200)
        let echo = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        #expect(echo?["body"] as? String == "over a socket")
        #expect((echo?["headers"] as? [String: String])?["host"] == "localhost")
    }

    @Test func missingUnixSocketThrows() async throws {
        let path = "/tmp/cairn-missing-\(UUID().uuidString.prefix(8)).sock"
        let error = await #expect(throws: ProviderError.self) {
            _ = try await client.send(HTTPRequest(url: "http://localhost/echo", unixSocketPath: path))
        }
        #expect(error?.hint?.contains(path) == true)
    }
}

@Suite("RetryPolicy")
struct RetryPolicyTests {
    @Test func retryableStatuses() {
        #expect(RetryPolicy.shouldRetry(status: 429))
        #expect(RetryPolicy.shouldRetry(status: 500))
        #expect(RetryPolicy.shouldRetry(status: 503))
        #expect(!RetryPolicy.shouldRetry(status: 404))
        #expect(!RetryPolicy.shouldRetry(status: 200))
    }

    @Test func delayStaysWithinTheExponentialBound() {
        for attempt in 1...6 {
            let bound = 0.2 * pow(2, Double(attempt - 1))
            for _ in 0..<200 {
                let delay = RetryPolicy.delay(attempt: attempt, baseDelay: 0.2, retryAfter: nil)
                #expect(delay >= 0 && delay <= bound)
            }
        }
        #expect(RetryPolicy.delay(attempt: 40, baseDelay: 1, retryAfter: nil) <= RetryPolicy.maxDelay)
    }

    @Test func retryAfterIsAMinimum() {
        #expect(RetryPolicy.retryAfter(" 3 ") == 3)
        #expect(RetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.delay(attempt: 1, baseDelay: 0.01, retryAfter: 2) == 2)
        #expect(RetryPolicy.delay(attempt: 1, baseDelay: 0.01, retryAfter: 600) == RetryPolicy.maxDelay)
    }
}
