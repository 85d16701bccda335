import CairnProviderKit
import LoadBalancerKit

/// `nginx.upstream`: a named group of backend servers, written as `upstream NAME { … }`.
struct Upstream: Equatable, NginxBlock {
    struct Server: Equatable {
        var address: String
        var weight = 1
        var backup = false
        var maxFails = 1
        var failTimeout = "10s"
    }

    var name: String
    var method = "round_robin"
    var servers: [Server] = []
    var extra: [String] = []

    static let methods = ["round_robin", "least_conn", "ip_hash"]

    static let schema = ResourceSchema(
        description: "An nginx upstream: backend servers and how requests are spread over them.",
        properties: [
            "name": .required(.string, forceNew: true, "The upstream's name, used by a server's location `upstream`."),
            "servers": .required(
                .list(
                    .object([
                        "address": .required(.string, "host:port (or unix:/path) of the backend."),
                        "weight": .optional(.number, default: 1, "Relative share of requests, 1 or more."),
                        "backup": .optional(.bool, default: false, "Used only when every other server is unavailable."),
                        "max_fails": .optional(
                            .number, default: 1, "Failed attempts within fail_timeout that mark it unavailable; 0 disables."),
                        "fail_timeout": .optional(.string, default: "10s", "Window for max_fails and how long the server is then skipped."),
                    ])), "The backend servers, in order."),
            "method": .optional(.string, default: "round_robin", "round_robin, least_conn or ip_hash."),
            "extra_directives": .optional(
                .list(.string), "More directives for the block, each one line ending in `;` (e.g. `keepalive 16;`)."),
            "id": .computed(.string, "The upstream's name."),
            "file": .computed(.string, "The file Cairn writes in conf_dir."),
        ])

    static func issues(_ p: [String: Value]) -> [ProviderIssue] {
        var out: [ProviderIssue] = []
        if let name = p["name"]?.stringValue, !ResourceName.isValid(name) {
            out.append(ProviderIssue(property: "name", message: "upstream name \"\(name)\" is not allowed", hint: ResourceName.rule))
        }
        if let method = p["method"]?.stringValue, !methods.contains(method) {
            out.append(
                ProviderIssue(
                    property: "method", message: "unknown method \"\(method)\"", hint: "use one of: \(methods.joined(separator: ", "))"))
        }
        if let servers = p["servers"]?.listValue {
            if servers.isEmpty, !(p["servers"]?.containsUnknown ?? false) {
                out.append(ProviderIssue(property: "servers", message: "an upstream needs at least one server"))
            }
            for (i, s) in servers.enumerated() {
                guard let m = s.mapValue else { continue }
                if let a = m["address"]?.stringValue, !NginxText.isWord(a) {
                    out.append(
                        ProviderIssue(
                            property: "servers", message: "servers[\(i)].address \"\(a)\" must be one word without ; { } quotes or spaces"))
                }
                if let w = m["weight"], !w.containsUnknown, (w.intValue ?? 0) < 1 {
                    out.append(ProviderIssue(property: "servers", message: "servers[\(i)].weight must be a whole number, 1 or more"))
                }
                if let f = m["max_fails"], !f.containsUnknown, (f.intValue ?? -1) < 0 {
                    out.append(ProviderIssue(property: "servers", message: "servers[\(i)].max_fails must be a whole number, 0 or more"))
                }
                if let t = m["fail_timeout"]?.stringValue, !NginxText.isWord(t) {
                    out.append(
                        ProviderIssue(property: "servers", message: "servers[\(i)].fail_timeout \"\(t)\" must be a time such as 10s"))
                }
            }
        }
        out += NginxText.extraDirectiveIssues(p)
        return out
    }

    init(name: String) { self.name = name }

    init(properties p: [String: Value]) throws {
        if let first = Self.issues(p).first { throw ProviderError("nginx.upstream: \(first.message)", hint: first.hint) }
        let r = PropertyReader(p, context: "nginx.upstream")
        name = try r.string("name")
        method = try r.optionalString("method") ?? "round_robin"
        servers = try (p["servers"]?.listValue ?? []).map { item in
            let s = PropertyReader(item.mapValue ?? [:], context: "nginx.upstream servers")
            return Server(
                address: try s.string("address"), weight: try s.int("weight", default: 1),
                backup: try s.bool("backup", default: false), maxFails: try s.int("max_fails", default: 1),
                failTimeout: try s.optionalString("fail_timeout") ?? "10s")
        }
        extra = (p["extra_directives"]?.listValue ?? []).compactMap(\.stringValue)
    }

    var attributes: [String: Value] {
        [
            "name": .string(name),
            "method": .string(method),
            "servers": .list(
                servers.map { s in
                    .map([
                        "address": .string(s.address), "weight": .number(Double(s.weight)), "backup": .bool(s.backup),
                        "max_fails": .number(Double(s.maxFails)), "fail_timeout": .string(s.failTimeout),
                    ])
                }),
            "extra_directives": extra.isEmpty ? .null : .list(extra.map { .string($0) }),
        ]
    }

    func render() -> String {
        var out = NginxText.header(kind: "upstream", name: name) + "upstream \(name) {\n"
        if method != "round_robin" { out += "    \(method);\n" }
        for s in servers {
            out += "    server \(s.address) weight=\(s.weight) max_fails=\(s.maxFails) fail_timeout=\(s.failTimeout)"
            out += s.backup ? " backup;\n" : ";\n"
        }
        for d in extra { out += "    \(d)\n" }
        return out + "}\n"
    }

    /// What the file says. Lines Cairn did not write (or cannot read back) become extra directives,
    /// so an edit made outside Cairn shows as a difference in a plan.
    static func parse(name: String, text: String) -> Upstream {
        var u = Upstream(name: name)
        var lines = NginxText.lines(text)
        guard lines.first == "upstream \(name) {", lines.last == "}" else {
            u.extra = lines
            return u
        }
        lines = Array(lines.dropFirst().dropLast())
        for line in lines {
            if line == "least_conn;" || line == "ip_hash;" {
                u.method = String(line.dropLast())
            } else if let words = NginxText.statement(line, "server"), let server = parseServer(words) {
                u.servers.append(server)
            } else {
                u.extra.append(line)
            }
        }
        return u
    }

    private static func parseServer(_ words: String) -> Server? {
        let parts = words.split(separator: " ").map(String.init)
        guard let address = parts.first else { return nil }
        var s = Server(address: address)
        for part in parts.dropFirst() {
            if part == "backup" {
                s.backup = true
                continue
            }
            let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { return nil }
            switch kv[0] {
            case "weight":
                guard let n = Int(kv[1]) else { return nil }
                s.weight = n
            case "max_fails":
                guard let n = Int(kv[1]) else { return nil }
                s.maxFails = n
            case "fail_timeout": s.failTimeout = kv[1]
            default: return nil
            }
        }
        return s
    }
}
