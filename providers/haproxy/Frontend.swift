import CairnProviderKit
import LoadBalancerKit

/// `haproxy.frontend`: where HAProxy listens and which backend gets the traffic.
struct Frontend: Equatable {
    var name: String
    var mode = "http"
    var bind = ""
    var defaultBackend = ""
    var extra: [String] = []

    static let schema = ResourceSchema(
        description: "An HAProxy frontend: a listening address and the backend it sends requests to.",
        properties: [
            "name": .required(.string, forceNew: true, "The frontend's name."),
            "bind": .required(.string, "Address and port, e.g. 127.0.0.1:8080 (more bind options may follow, separated by spaces)."),
            "default_backend": .required(.string, "Name of the haproxy.backend requests go to."),
            "mode": .optional(.string, default: "http", "http or tcp."),
            "extra_directives": .optional(.list(.string), "More lines for the frontend section, one directive each."),
            "id": .computed(.string, "The frontend's name."),
            "file": .computed(.string, "The file Cairn writes in conf_dir."),
        ])

    static func issues(_ p: [String: Value]) -> [ProviderIssue] {
        var out: [ProviderIssue] = []
        for key in ["name", "default_backend"] {
            if let v = p[key]?.stringValue, !ResourceName.isValid(v) {
                out.append(ProviderIssue(property: key, message: "\(key) \"\(v)\" is not allowed", hint: ResourceName.rule))
            }
        }
        if let bind = p["bind"]?.stringValue,
            bind.isEmpty || bind.contains("\n") || bind.contains("#") || bind.trimmingCharacters(in: .whitespaces) != bind
        {
            out.append(ProviderIssue(property: "bind", message: "bind \"\(bind)\" must be an address on one line, without #"))
        }
        if let mode = p["mode"]?.stringValue, !HAProxyText.modes.contains(mode) {
            out.append(ProviderIssue(property: "mode", message: "unknown mode \"\(mode)\"", hint: "use http or tcp"))
        }
        out += HAProxyText.extraDirectiveIssues(p)
        return out
    }

    init(name: String) { self.name = name }

    init(properties p: [String: Value]) throws {
        if let first = Self.issues(p).first { throw ProviderError("haproxy.frontend: \(first.message)", hint: first.hint) }
        let r = PropertyReader(p, context: "haproxy.frontend")
        name = try r.string("name")
        bind = try r.string("bind")
        defaultBackend = try r.string("default_backend")
        mode = try r.optionalString("mode") ?? "http"
        extra = (p["extra_directives"]?.listValue ?? []).compactMap(\.stringValue)
    }

    var attributes: [String: Value] {
        [
            "name": .string(name), "mode": .string(mode), "bind": .string(bind), "default_backend": .string(defaultBackend),
            "extra_directives": extra.isEmpty ? .null : .list(extra.map { .string($0) }),
        ]
    }

    func render() -> String {
        var out = HAProxyText.header(kind: "frontend", name: name) + "frontend \(name)\n"
        out += "    mode \(mode)\n    bind \(bind)\n    default_backend \(defaultBackend)\n"
        for d in extra { out += "    \(d)\n" }
        return out
    }

    static func parse(name: String, text: String) -> Frontend {
        var f = Frontend(name: name)
        let lines = HAProxyText.lines(text)
        guard lines.first == "frontend \(name)" else {
            f.extra = lines
            return f
        }
        var sawMode = false
        for line in lines.dropFirst() {
            if let m = HAProxyText.after(line, "mode"), !sawMode {
                f.mode = m
                sawMode = true
            } else if let b = HAProxyText.after(line, "bind"), f.bind.isEmpty {
                f.bind = b
            } else if let d = HAProxyText.after(line, "default_backend"), f.defaultBackend.isEmpty {
                f.defaultBackend = d
            } else {
                f.extra.append(line)
            }
        }
        if !sawMode { f.mode = "" }
        return f
    }
}
