import CairnProviderKit
import LoadBalancerKit

/// `nginx.server`: a virtual server, written as `server { … }`, whose locations proxy to an
/// upstream or return a fixed response.
struct ServerBlock: Equatable, NginxBlock {
    struct Location: Equatable {
        var path: String
        var upstream: String?
        var status: Int?
        var body: String?
    }

    var name: String
    var listen = ""
    var serverName: String?
    var locations: [Location] = []
    var certificate: String?
    var certificateKey: String?
    var extra: [String] = []

    static let schema = ResourceSchema(
        description: "An nginx virtual server: where it listens and what each location does.",
        properties: [
            "name": .required(.string, forceNew: true, "Names the file Cairn writes; not part of nginx's configuration."),
            "listen": .required(.string, "Address and port, e.g. 127.0.0.1:8080 (` ssl` is added when TLS is set)."),
            "server_name": .optional(.string, "Host names this server answers, separated by spaces."),
            "locations": .required(
                .list(
                    .object([
                        "path": .required(.string, "The location's prefix, e.g. / or /api/."),
                        "upstream": .optional(.string, "Name of the nginx.upstream to proxy to."),
                        "return": .optional(.number, "Answer with this status instead of proxying."),
                        "body": .optional(.string, "Text answered with `return`."),
                    ])), "What to do with requests, by path prefix."),
            "tls_certificate": .optional(.string, "Path of the TLS certificate (PEM); needs tls_certificate_key."),
            "tls_certificate_key": .optional(.string, "Path of the certificate's private key (PEM)."),
            "extra_directives": .optional(.list(.string), "More directives for the server block, each one line ending in `;`."),
            "id": .computed(.string, "The server's name."),
            "file": .computed(.string, "The file Cairn writes in conf_dir."),
        ])

    static func issues(_ p: [String: Value]) -> [ProviderIssue] {
        var out: [ProviderIssue] = []
        if let name = p["name"]?.stringValue, !ResourceName.isValid(name) {
            out.append(ProviderIssue(property: "name", message: "server name \"\(name)\" is not allowed", hint: ResourceName.rule))
        }
        if let listen = p["listen"]?.stringValue {
            if !NginxText.isWords(listen) {
                out.append(
                    ProviderIssue(
                        property: "listen",
                        message: "listen \"\(listen)\" must be words separated by single spaces, without ; { } or quotes"))
            } else if listen.split(separator: " ").contains("ssl") {
                out.append(
                    ProviderIssue(
                        property: "listen", message: "listen must not say ssl",
                        hint: "set tls_certificate and tls_certificate_key; Cairn adds ssl itself"))
            }
        }
        if let names = p["server_name"]?.stringValue, !NginxText.isWords(names) {
            out.append(ProviderIssue(property: "server_name", message: "server_name \"\(names)\" must be names separated by single spaces"))
        }
        for key in ["tls_certificate", "tls_certificate_key"] {
            if let path = p[key]?.stringValue, !NginxText.isWord(path) {
                out.append(ProviderIssue(property: key, message: "\(key) \"\(path)\" must be a path without spaces, quotes or ; { }"))
            }
        }
        let cert = p["tls_certificate"].map { !$0.isNull } ?? false
        let key = p["tls_certificate_key"].map { !$0.isNull } ?? false
        if cert != key {
            out.append(
                ProviderIssue(
                    property: cert ? "tls_certificate_key" : "tls_certificate",
                    message: "tls_certificate and tls_certificate_key go together", hint: "set both, or neither"))
        }
        if let locations = p["locations"]?.listValue {
            if locations.isEmpty, !(p["locations"]?.containsUnknown ?? false) {
                out.append(ProviderIssue(property: "locations", message: "a server needs at least one location"))
            }
            for (i, l) in locations.enumerated() {
                guard let m = l.mapValue, !l.containsUnknown else { continue }
                if let path = m["path"]?.stringValue, !NginxText.isWord(path) {
                    out.append(
                        ProviderIssue(
                            property: "locations",
                            message: "locations[\(i)].path \"\(path)\" must be one word without ; { } quotes or spaces"))
                }
                let proxies = !(m["upstream"]?.isNull ?? true)
                let returns = !(m["return"]?.isNull ?? true)
                if proxies == returns {
                    out.append(
                        ProviderIssue(
                            property: "locations",
                            message: "locations[\(i)] must set either upstream or return, not \(proxies ? "both" : "neither")"))
                }
                if let u = m["upstream"]?.stringValue, !ResourceName.isValid(u) {
                    out.append(
                        ProviderIssue(
                            property: "locations", message: "locations[\(i)].upstream \"\(u)\" is not an upstream name",
                            hint: ResourceName.rule))
                }
                if let r = m["return"], !r.isNull, !(100...599).contains(r.intValue ?? 0) {
                    out.append(ProviderIssue(property: "locations", message: "locations[\(i)].return must be an HTTP status, 100 to 599"))
                }
                if !(m["body"]?.isNull ?? true), !returns {
                    out.append(ProviderIssue(property: "locations", message: "locations[\(i)].body needs return"))
                }
            }
        }
        out += NginxText.extraDirectiveIssues(p)
        return out
    }

    init(name: String) { self.name = name }

    init(properties p: [String: Value]) throws {
        if let first = Self.issues(p).first { throw ProviderError("nginx.server: \(first.message)", hint: first.hint) }
        let r = PropertyReader(p, context: "nginx.server")
        name = try r.string("name")
        listen = try r.string("listen")
        serverName = try r.optionalString("server_name")
        certificate = try r.optionalString("tls_certificate")
        certificateKey = try r.optionalString("tls_certificate_key")
        locations = try (p["locations"]?.listValue ?? []).map { item in
            let l = PropertyReader(item.mapValue ?? [:], context: "nginx.server locations")
            let status = try l["return"].flatMap { $0.isNull ? nil : try l.int("return") }
            return Location(
                path: try l.string("path"), upstream: try l.optionalString("upstream"),
                status: status, body: try l.optionalString("body"))
        }
        extra = (p["extra_directives"]?.listValue ?? []).compactMap(\.stringValue)
    }

    var attributes: [String: Value] {
        func opt(_ s: String?) -> Value { s.map { .string($0) } ?? .null }
        return [
            "name": .string(name),
            "listen": .string(listen),
            "server_name": opt(serverName),
            "tls_certificate": opt(certificate),
            "tls_certificate_key": opt(certificateKey),
            "locations": .list(
                locations.map { l in
                    var m: [String: Value] = ["path": .string(l.path)]
                    if let u = l.upstream { m["upstream"] = .string(u) }
                    if let s = l.status { m["return"] = .number(Double(s)) }
                    if let b = l.body { m["body"] = .string(b) }
                    return .map(m)
                }),
            "extra_directives": extra.isEmpty ? .null : .list(extra.map { .string($0) }),
        ]
    }

    func render() -> String {
        var out = NginxText.header(kind: "server", name: name) + "server {\n"
        out += "    listen \(listen)\(certificate == nil ? "" : " ssl");\n"
        if let serverName { out += "    server_name \(serverName);\n" }
        if let certificate { out += "    ssl_certificate \(certificate);\n" }
        if let certificateKey { out += "    ssl_certificate_key \(certificateKey);\n" }
        for l in locations {
            out += "    location \(l.path) {\n"
            if let u = l.upstream { out += "        proxy_pass http://\(u);\n" }
            if let s = l.status { out += "        return \(s)\(l.body.map { " " + NginxText.quoted($0) } ?? "");\n" }
            out += "    }\n"
        }
        for d in extra { out += "    \(d)\n" }
        return out + "}\n"
    }

    /// What the file says; anything Cairn did not write becomes an extra directive (see Upstream.parse).
    static func parse(name: String, text: String) -> ServerBlock {
        var s = ServerBlock(name: name)
        var lines = NginxText.lines(text)
        guard lines.first == "server {", lines.last == "}" else {
            s.extra = lines
            return s
        }
        lines = Array(lines.dropFirst().dropLast())
        var ssl = false
        var current: Location?
        for line in lines {
            if var l = current {
                if line == "}" {
                    s.locations.append(l)
                    current = nil
                } else if let target = NginxText.statement(line, "proxy_pass"), target.hasPrefix("http://"), l.upstream == nil {
                    l.upstream = String(target.dropFirst("http://".count))
                    current = l
                } else if let answer = NginxText.statement(line, "return"), l.status == nil, let parsed = parseReturn(answer) {
                    l.status = parsed.0
                    l.body = parsed.1
                    current = l
                } else {
                    s.extra.append("location \(l.path): \(line)")
                }
            } else if let words = NginxText.statement(line, "listen"), s.listen.isEmpty {
                ssl = words.hasSuffix(" ssl")
                s.listen = ssl ? String(words.dropLast(4)) : words
            } else if let names = NginxText.statement(line, "server_name"), s.serverName == nil {
                s.serverName = names
            } else if let path = NginxText.statement(line, "ssl_certificate"), s.certificate == nil {
                s.certificate = path
            } else if let path = NginxText.statement(line, "ssl_certificate_key"), s.certificateKey == nil {
                s.certificateKey = path
            } else if line.hasPrefix("location "), line.hasSuffix(" {") {
                current = Location(path: String(line.dropFirst("location ".count).dropLast(2)))
            } else {
                s.extra.append(line)
            }
        }
        if let l = current { s.extra.append("location \(l.path) {") }
        if ssl != (s.certificate != nil) { s.extra.append("listen \(s.listen)\(ssl ? " ssl" : "");") }
        return s
    }

    private static func parseReturn(_ words: String) -> (Int, String?)? {
        let parts = words.split(separator: " ", maxSplits: 1).map(String.init)
        guard let status = Int(parts[0]) else { return nil }
        if parts.count == 1 { return (status, nil) }
        guard let body = NginxText.unquoted(parts[1]) else { return nil }
        return (status, body)
    }
}
