import CairnHTTP
import CairnProviderKit
import Foundation

/// PowerDNS's HTTP API (/api/v1): zones and their RRsets.
struct PowerDNSClient: Sendable {
    let baseURL: String
    let apiKey: String
    let serverID: String
    let timeout: TimeInterval
    let http = HTTPClient()
    let writes = WriteGate()

    /// A zone as the API reports it, nil when there is none of that name.
    func zone(_ name: String) async throws -> [String: Any]? {
        let r = try await request("GET", zonePath(name))
        if r.status == 404 || r.status == 422 && r.text.contains("Could not find domain") { return nil }
        try check(r, doing: "reading zone \(name)")
        return try object(r, doing: "reading zone \(name)")
    }

    func createZone(_ body: [String: Any], name: String) async throws -> [String: Any] {
        let r = try await request("POST", "\(serverPath)/zones", body: body, retry: false)
        if r.status == 409 {
            throw ProviderError(
                "zone \(name) already exists on the PowerDNS server \(baseURL) (409 Conflict)",
                hint: "adopt it with `cairn import ADDRESS \(name)`, or delete it on the server first")
        }
        try check(r, doing: "creating zone \(name)")
        return try object(r, doing: "creating zone \(name)")
    }

    func updateZone(_ name: String, _ body: [String: Any]) async throws {
        try check(try await request("PUT", zonePath(name), body: body), doing: "changing zone \(name)")
    }

    func deleteZone(_ name: String) async throws {
        let r = try await request("DELETE", zonePath(name))
        if r.status == 404 { return }
        try check(r, doing: "deleting zone \(name)")
    }

    /// Applies RRset changes to a zone in one PATCH (atomic on the server).
    func patch(zone: String, rrsets: [[String: Any]], doing: String) async throws {
        let r = try await request("PATCH", zonePath(zone), body: ["rrsets": rrsets])
        if r.status == 404 || r.status == 422 && r.text.contains("Could not find domain") {
            throw ProviderError(
                "zone \(zone) does not exist on the PowerDNS server \(baseURL)",
                hint: "create it first (a dns.zone resource) or fix the record's zone property")
        }
        try check(r, doing: doing)
    }

    private var serverPath: String { "/servers/\(escape(serverID))" }
    private func zonePath(_ name: String) -> String { "\(serverPath)/zones/\(escape(name))" }

    private func escape(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? s
    }

    private func request(_ method: String, _ path: String, body: [String: Any]? = nil, retry: Bool = true) async throws -> HTTPResponse {
        var headers = [("X-API-Key", apiKey), ("Accept", "application/json")]
        var data: Data?
        if let body {
            data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
            headers.append(("Content-Type", "application/json"))
        }
        let req = HTTPRequest(method: method, url: baseURL + "/api/v1" + path, headers: headers, body: data, timeout: timeout)
        // A POST that creates must not be sent twice; the rest is idempotent.
        let http = http
        let send: @Sendable () async throws -> HTTPResponse = {
            retry ? try await http.sendWithRetry(req, attempts: 5) : try await http.send(req)
        }
        do {
            return method == "GET" ? try await send() : try await writes.run(send)
        } catch var e as ProviderError where method != "GET" && e.message.contains("Timeout") {
            // The server may have made the change and only its answer is missing.
            e.outcomeUnknown = true
            throw e
        }
    }

    private func check(_ r: HTTPResponse, doing: String) throws {
        guard !r.isSuccess else { return }
        let message = serverMessage(r)
        switch r.status {
        case 401, 403:
            throw ProviderError(
                "the PowerDNS API at \(baseURL) rejected the API key while \(doing) (\(r.status)): \(message)",
                hint: "check api_key: it must equal the server's api-key setting")
        case 404:
            throw ProviderError(
                "the PowerDNS API at \(baseURL) found nothing while \(doing) (404): \(message)",
                hint: "check api_url and server_id (usually localhost)")
        default:
            throw ProviderError("the PowerDNS API at \(baseURL) refused \(doing) (\(r.status)): \(message)")
        }
    }

    /// The API's own words: `{"error": "…"}` or the plain body.
    private func serverMessage(_ r: HTTPResponse) -> String {
        if let obj = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any], let e = obj["error"] as? String { return e }
        let text = r.text.trimmingSpaces
        return text.isEmpty ? "(no message)" : String(text.prefix(500))
    }

    private func object(_ r: HTTPResponse, doing: String) throws -> [String: Any] {
        guard let obj = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any] else {
            throw ProviderError("the PowerDNS API at \(baseURL) sent something that is not a JSON object while \(doing)")
        }
        return obj
    }
}
