import CairnProviderKit
import Foundation

/// The server a provider instance talks to, made from its settings.
enum DNSBackend: Sendable {
    case powerdns(PowerDNSClient)
    case rfc2136(RFC2136Client)

    var store: any RRsetStore {
        switch self {
        case .powerdns(let c): return c
        case .rfc2136(let c): return c
        }
    }

    static func from(_ config: [String: Value]) throws -> DNSBackend {
        let r = PropertyReader(config, context: "dns provider")
        let timeout = config["timeout"]?.numberValue ?? 5
        guard timeout > 0, timeout <= 600 else {
            throw ProviderError("timeout must be between 0 and 600 seconds, got \(Value.format(number: timeout))")
        }
        switch try r.optionalString("server") {
        case "powerdns":
            for s in ["address", "tsig_key_name", "tsig_secret"] where config[s].map({ !$0.isNull }) == true {
                throw ProviderError("setting \(s) is for server: rfc2136, not powerdns", hint: "remove it, or set server: rfc2136")
            }
            guard let url = try r.optionalString("api_url"), url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw ProviderError("server: powerdns needs api_url, the API's base URL", hint: "like api_url: http://127.0.0.1:8081")
            }
            guard let key = try r.optionalString("api_key"), !key.isEmpty else {
                throw ProviderError(
                    "server: powerdns needs api_key", hint: "the server's api-key setting; e.g. api_key: \"${env.PDNS_API_KEY}\"")
            }
            let base = url.hasSuffix("/") ? String(url.dropLast()) : url
            return .powerdns(
                PowerDNSClient(baseURL: base, apiKey: key, serverID: try r.optionalString("server_id") ?? "localhost", timeout: timeout))
        case "rfc2136":
            for s in ["api_url", "api_key"] where config[s].map({ !$0.isNull }) == true {
                throw ProviderError("setting \(s) is for server: powerdns, not rfc2136", hint: "remove it, or set server: powerdns")
            }
            guard let address = try r.optionalString("address") else {
                throw ProviderError("server: rfc2136 needs address, the primary server's HOST:PORT", hint: "like address: 127.0.0.1:53")
            }
            let server = try ServerAddress(address)
            let keyName = try r.optionalString("tsig_key_name")
            let secret = try r.optionalString("tsig_secret")
            var signer: TSIGSigner?
            switch (keyName, secret) {
            case (nil, nil): signer = nil
            case (let name?, let secret?):
                signer = TSIGSigner(
                    key: try TSIGKey(name: name, algorithm: try r.optionalString("tsig_algorithm") ?? "hmac-sha256", base64Secret: secret))
            default:
                throw ProviderError("tsig_key_name and tsig_secret go together: set both or neither")
            }
            return .rfc2136(RFC2136Client(transport: DNSTransport(server: server, timeout: timeout), signer: signer))
        case let other:
            throw ProviderError(
                "server must be powerdns or rfc2136, got \(other.map { "\"\($0)\"" } ?? "nothing")",
                hint: "server: powerdns talks to PowerDNS's HTTP API; server: rfc2136 sends signed dynamic updates (BIND, Knot, …)")
        }
    }
}

/// Holds the configured backend; `configure` fills it before any other call, and the synchronous
/// `validate` reads it.
final class BackendSlot: Sendable {
    private let backend = Locked<DNSBackend?>(nil)

    var value: DNSBackend? {
        get { backend.value }
        set { backend.set(newValue) }
    }
}
