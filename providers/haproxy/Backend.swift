import CairnProviderKit
import LoadBalancerKit

/// `haproxy.backend`: servers and how HAProxy balances over them.
struct Backend: Equatable {
    struct Server: Equatable {
        var name: String
        var address: String
        var weight = 1
        var check = false
        var state = "ready"
    }

    var name: String
    var mode = "http"
    var balance = "roundrobin"
    var servers: [Server] = []
    var extra: [String] = []

    static let balances = ["roundrobin", "static-rr", "leastconn", "first", "source"]
    static let states = ["ready", "drain", "maint"]

    static let schema = ResourceSchema(
        description: "An HAProxy backend. Weight and state changes go through the runtime API without a reload.",
        properties: [
            "name": .required(.string, forceNew: true, "The backend's name."),
            "mode": .optional(.string, default: "http", "http or tcp."),
            "balance": .optional(.string, default: "roundrobin", "roundrobin, static-rr, leastconn, first or source."),
            "servers": .required(
                .list(
                    .object([
                        "name": .required(.string, "The server's name within the backend."),
                        "address": .required(.string, "host:port of the server."),
                        "weight": .optional(.number, default: 1, "0 to 256; changed at runtime, without a reload."),
                        "check": .optional(.bool, default: false, "Health-check the server."),
                        "state": .optional(
                            .string, default: "ready", "ready, drain (no new sessions) or maint; changed at runtime, without a reload."),
                    ])), "The servers, in order."),
            "extra_directives": .optional(.list(.string), "More lines for the backend section, one directive each."),
            "id": .computed(.string, "The backend's name."),
            "file": .computed(.string, "The file Cairn writes in conf_dir."),
        ])

    static func issues(_ p: [String: Value]) -> [ProviderIssue] {
        var out: [ProviderIssue] = []
        if let name = p["name"]?.stringValue, !ResourceName.isValid(name) {
            out.append(ProviderIssue(property: "name", message: "backend name \"\(name)\" is not allowed", hint: ResourceName.rule))
        }
        if let mode = p["mode"]?.stringValue, !HAProxyText.modes.contains(mode) {
            out.append(ProviderIssue(property: "mode", message: "unknown mode \"\(mode)\"", hint: "use http or tcp"))
        }
        if let balance = p["balance"]?.stringValue, !HAProxyText.isWord(balance) {
            out.append(
                ProviderIssue(
                    property: "balance", message: "balance \"\(balance)\" must be one word",
                    hint: "use one of: \(balances.joined(separator: ", "))"))
        }
        if let servers = p["servers"]?.listValue {
            if servers.isEmpty, !(p["servers"]?.containsUnknown ?? false) {
                out.append(ProviderIssue(property: "servers", message: "a backend needs at least one server"))
            }
            var seen: Set<String> = []
            for (i, s) in servers.enumerated() {
                guard let m = s.mapValue else { continue }
                if let n = m["name"]?.stringValue {
                    if !ResourceName.isValid(n) {
                        out.append(
                            ProviderIssue(
                                property: "servers", message: "servers[\(i)].name \"\(n)\" is not allowed", hint: ResourceName.rule))
                    } else if !seen.insert(n).inserted {
                        out.append(ProviderIssue(property: "servers", message: "servers[\(i)].name \"\(n)\" is used twice"))
                    }
                }
                if let a = m["address"]?.stringValue, !HAProxyText.isWord(a) {
                    out.append(
                        ProviderIssue(
                            property: "servers", message: "servers[\(i)].address \"\(a)\" must be host:port without spaces or quotes"))
                }
                if let w = m["weight"], !w.containsUnknown, !(0...256).contains(w.intValue ?? -1) {
                    out.append(ProviderIssue(property: "servers", message: "servers[\(i)].weight must be a whole number from 0 to 256"))
                }
                if let st = m["state"]?.stringValue, !states.contains(st) {
                    out.append(ProviderIssue(property: "servers", message: "servers[\(i)].state \"\(st)\" is not ready, drain or maint"))
                }
            }
        }
        out += HAProxyText.extraDirectiveIssues(p)
        return out
    }

    init(name: String) { self.name = name }

    init(properties p: [String: Value]) throws {
        if let first = Self.issues(p).first { throw ProviderError("haproxy.backend: \(first.message)", hint: first.hint) }
        let r = PropertyReader(p, context: "haproxy.backend")
        name = try r.string("name")
        mode = try r.optionalString("mode") ?? "http"
        balance = try r.optionalString("balance") ?? "roundrobin"
        servers = try (p["servers"]?.listValue ?? []).map { item in
            let s = PropertyReader(item.mapValue ?? [:], context: "haproxy.backend servers")
            return Server(
                name: try s.string("name"), address: try s.string("address"), weight: try s.int("weight", default: 1),
                check: try s.bool("check", default: false), state: try s.optionalString("state") ?? "ready")
        }
        extra = (p["extra_directives"]?.listValue ?? []).compactMap(\.stringValue)
    }

    var attributes: [String: Value] {
        [
            "name": .string(name),
            "mode": .string(mode),
            "balance": .string(balance),
            "servers": .list(
                servers.map { s in
                    .map([
                        "name": .string(s.name), "address": .string(s.address), "weight": .number(Double(s.weight)),
                        "check": .bool(s.check), "state": .string(s.state),
                    ])
                }),
            "extra_directives": extra.isEmpty ? .null : .list(extra.map { .string($0) }),
        ]
    }

    /// What needs a reload to change: everything but servers' weights and states.
    var structure: Backend {
        var b = self
        b.servers = servers.map { Server(name: $0.name, address: $0.address, weight: 0, check: $0.check, state: "") }
        return b
    }

    /// The file. Weights are written so a reload keeps them; maint is written as `disabled`. Drain
    /// has no keyword: it survives reloads through HAProxy's server-state file (see the docs).
    func render() -> String {
        var out = HAProxyText.header(kind: "backend", name: name) + "backend \(name)\n"
        out += "    mode \(mode)\n    balance \(balance)\n"
        for s in servers {
            out += "    server \(s.name) \(s.address) weight \(s.weight)"
            if s.check { out += " check" }
            if s.state == "maint" { out += " disabled" }
            out += "\n"
        }
        for d in extra { out += "    \(d)\n" }
        return out
    }

    /// What the file says; lines Cairn did not write become extra directives.
    static func parse(name: String, text: String) -> Backend {
        var b = Backend(name: name)
        let lines = HAProxyText.lines(text)
        guard lines.first == "backend \(name)" else {
            b.extra = lines
            return b
        }
        var sawMode = false
        var sawBalance = false
        for line in lines.dropFirst() {
            if let m = HAProxyText.after(line, "mode"), !sawMode {
                b.mode = m
                sawMode = true
            } else if let bal = HAProxyText.after(line, "balance"), !sawBalance {
                b.balance = bal
                sawBalance = true
            } else if let rest = HAProxyText.after(line, "server"), let s = parseServer(rest) {
                b.servers.append(s)
            } else {
                b.extra.append(line)
            }
        }
        if !sawMode { b.mode = "" }
        return b
    }

    private static func parseServer(_ rest: String) -> Server? {
        let words = rest.split(separator: " ").map(String.init)
        guard words.count >= 2 else { return nil }
        var s = Server(name: words[0], address: words[1])
        var i = 2
        while i < words.count {
            switch words[i] {
            case "weight":
                guard i + 1 < words.count, let w = Int(words[i + 1]) else { return nil }
                s.weight = w
                i += 1
            case "check": s.check = true
            case "disabled": s.state = "maint"
            default: return nil
            }
            i += 1
        }
        return s
    }

    /// The file's structure with the running HAProxy's servers, weights and states.
    func overlaid(with live: [LiveServer]) -> Backend {
        var b = self
        b.servers = live.map { l in
            let inFile = servers.first { $0.name == l.name }
            let address = inFile.map { Self.sameEndpoint(configured: $0.address, live: l.address) ? $0.address : l.address } ?? l.address
            return Server(name: l.name, address: address, weight: l.weight, check: inFile?.check ?? false, state: l.state)
        }
        return b
    }

    /// HAProxy reports the address it resolved: a host name in the file ("app1:8080") runs as an IP
    /// with the same port, which is not a change.
    static func sameEndpoint(configured: String, live: String) -> Bool {
        if configured == live { return true }
        let c = configured.split(separator: ":")
        let l = live.split(separator: ":")
        guard c.count == 2, l.count == 2, c[1] == l[1], let first = c[0].first else { return false }
        return !first.isNumber
    }
}
