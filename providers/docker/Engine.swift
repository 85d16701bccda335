import CairnHTTP
import CairnProviderKit
import Foundation

/// The Docker Engine API over libcurl: one endpoint, its API version negotiated on first use from
/// `GET /version`, and Docker's own `message` in every error.
actor Engine {
    private var endpoint: DockerEndpoint?
    private var version: APIVersion?
    private let http = HTTPClient()

    init(endpoint: DockerEndpoint? = nil) {
        self.endpoint = endpoint
    }

    func configure(_ endpoint: DockerEndpoint) {
        self.endpoint = endpoint
        version = nil
    }

    /// The endpoint in use (the default one when `configure` was never called).
    func currentEndpoint() throws -> DockerEndpoint {
        if let endpoint { return endpoint }
        let resolved = try DockerEndpoint.resolve(setting: nil)
        endpoint = resolved
        return resolved
    }

    /// The API version spoken with this daemon: the lower of its own and the newest this provider knows.
    func apiVersion() async throws -> APIVersion {
        if let version { return version }
        let reply = try await exchange(
            method: "GET", url: try currentEndpoint().baseURL + "/version", body: nil,
            contentType: nil, timeout: 15, what: "GET /version")
        guard reply.isSuccess else { throw reply.failure("asking the Docker Engine for its version") }
        guard let text = reply.json["ApiVersion"]?.stringValue, let server = APIVersion(text) else {
            throw ProviderError(
                "the Docker Engine at \(try currentEndpoint().description) sent no ApiVersion in GET /version: \(reply.text.prefix(200))",
                hint: "check that host points at a Docker Engine, not another service")
        }
        guard server >= APIVersion.oldestSupported else {
            throw ProviderError(
                "the Docker Engine speaks API \(server); the docker provider needs \(APIVersion.oldestSupported) or newer",
                hint: "upgrade Docker")
        }
        let chosen = APIVersion.negotiate(server: server)
        version = chosen
        return chosen
    }

    /// Sends one request to `/v{version}{path}`. Any status is returned; only transport failures throw.
    func send(
        _ method: String, _ path: String, query: [(String, String)] = [], json: Value? = nil,
        body: Data? = nil, contentType: String? = nil, timeout: TimeInterval = 30
    ) async throws -> EngineReply {
        let version = try await apiVersion()
        let url = try currentEndpoint().baseURL + "/v\(version)" + Self.escape(path) + Self.encode(query)
        var payload = body
        var type = contentType
        if let json {
            payload = Data(json.plainJSONString().utf8)
            type = "application/json"
        }
        return try await exchange(
            method: method, url: url, body: payload, contentType: type, timeout: timeout,
            what: "\(method) \(path)")
    }

    /// Sends a request and returns its JSON, throwing Docker's message on any status but 2xx.
    func call(
        _ method: String, _ path: String, query: [(String, String)] = [], json: Value? = nil,
        doing what: String, hint: String? = nil, timeout: TimeInterval = 30
    ) async throws -> Value {
        let reply = try await send(method, path, query: query, json: json, timeout: timeout)
        guard reply.isSuccess else { throw reply.failure(what, hint: hint) }
        return reply.json
    }

    /// GETs an object; nil when the Engine answers 404.
    func find(_ path: String, doing what: String) async throws -> Value? {
        let reply = try await send("GET", path)
        if reply.status == 404 { return nil }
        guard reply.isSuccess else { throw reply.failure(what) }
        return reply.json
    }

    private func exchange(
        method: String, url: String, body: Data?, contentType: String?, timeout: TimeInterval,
        what: String
    ) async throws -> EngineReply {
        let endpoint = try currentEndpoint()
        var headers: [(String, String)] = []
        if let contentType { headers.append(("Content-Type", contentType)) }
        let request = HTTPRequest(
            method: method, url: url, headers: headers, body: body, timeout: timeout,
            unixSocketPath: endpoint.socketPath)
        do {
            // Only reads are retried: a repeated create could make a second object.
            let response =
                method == "GET"
                ? try await http.sendWithRetry(request, attempts: 3)
                : try await http.send(request)
            return EngineReply(status: response.status, body: response.body)
        } catch let error as ProviderError {
            var failure = ProviderError(
                "cannot reach the Docker Engine at \(endpoint.description) (\(what)): \(error.message)",
                hint: "start dockerd, or point the docker provider's host (or DOCKER_HOST) at a running one")
            // The daemon may have acted on a change before the connection broke.
            failure.outcomeUnknown = method != "GET"
            throw failure
        }
    }

    /// Names from configuration go into paths; keep them from being read as a query or fragment.
    static func escape(_ path: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~:/@")
        return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
    }

    static func encode(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        let pairs = query.map { key, value in
            "\(key)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
        }
        return "?" + pairs.joined(separator: "&")
    }
}

/// One answer from the Engine.
struct EngineReply: Sendable {
    var status: Int
    var body: Data

    var isSuccess: Bool { (200..<300).contains(status) }
    var text: String { String(decoding: body, as: UTF8.self) }
    var json: Value { (try? Value.parseJSON(body)) ?? .null }

    /// Docker's own explanation: the `message` field of its error body, else the raw body.
    var message: String {
        if let message = json["message"]?.stringValue { return message }
        let raw = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return raw.isEmpty ? "(no message)" : String(raw.prefix(500))
    }

    func failure(_ what: String, hint: String? = nil) -> ProviderError {
        ProviderError("\(what): the Docker Engine answered \(status): \(message)", hint: hint ?? defaultHint)
    }

    private var defaultHint: String {
        switch status {
        case 400: return "the request was refused as invalid; check the values named in the message"
        case 401, 403: return "the Docker Engine refused access; check the user's rights on the socket"
        case 404: return "it does not exist on this Docker Engine; create it first or check the name"
        case 409: return "it conflicts with something that already exists; remove that or import it"
        default: return "see dockerd's log for details"
        }
    }

    /// The JSON messages of a streamed answer (image import, build, pull), one per line.
    var streamMessages: [Value] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            try? Value.parseJSON(Data(line.utf8))
        }
    }

    /// The first error in a streamed answer, which Docker sends with status 200.
    var streamError: String? {
        for message in streamMessages {
            if let error = message["errorDetail"]?["message"]?.stringValue ?? message["error"]?.stringValue { return error }
        }
        return nil
    }
}

extension Value {
    /// A map's entry, nil for anything else.
    subscript(key: String) -> Value? { mapValue?[key] }
}
