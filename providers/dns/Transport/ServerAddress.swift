import CairnProviderKit

/// `host:port` of a DNS server (`127.0.0.1:5353`, `[::1]:53`, `ns1.example.net`; port 53 when left out).
struct ServerAddress: Sendable, CustomStringConvertible {
    var host: String
    var port: UInt16

    init(_ text: String) throws {
        let t = text.trimmingSpaces
        var host = t
        var portText: String?
        if t.hasPrefix("[") {
            guard let close = t.firstIndex(of: "]") else { throw Self.bad(text) }
            host = String(t[t.index(after: t.startIndex)..<close])
            let rest = t[t.index(after: close)...]
            if rest.hasPrefix(":") { portText = String(rest.dropFirst()) } else if !rest.isEmpty { throw Self.bad(text) }
        } else if t.filter({ $0 == ":" }).count == 1, let colon = t.firstIndex(of: ":") {
            host = String(t[..<colon])
            portText = String(t[t.index(after: colon)...])
        }
        guard !host.isEmpty else { throw Self.bad(text) }
        var port: UInt16 = 53
        if let portText {
            guard let p = UInt16(portText), p > 0 else { throw Self.bad(text) }
            port = p
        }
        self.host = host
        self.port = port
    }

    var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    private static func bad(_ text: String) -> ProviderError {
        ProviderError("address \"\(text)\" is not HOST:PORT", hint: "write it like 127.0.0.1:53 or [::1]:5353")
    }
}
