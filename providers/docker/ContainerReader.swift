import CairnProviderKit

/// Turns `GET /containers/{id}/json` back into `docker.container` attributes. What the container
/// inherited from its image (CMD, ENV, labels, health check) is left out unless the configuration
/// set it, so an image default never looks like drift.
enum ContainerReader {
    static func object(_ container: Value, image: Value?, prior: [String: Value]?) -> ResourceObject {
        let config = container["Config"] ?? .null
        let host = container["HostConfig"] ?? .null
        let imageConfig = image?["Config"] ?? .null
        let id = container["Id"]?.stringValue ?? ""
        var out: [String: Value] = [:]
        out["name"] = .string(String((container["Name"]?.stringValue ?? "").drop { $0 == "/" }))
        out["image"] = config["Image"] ?? .null
        out["command"] = ownValue(config["Cmd"], image: imageConfig["Cmd"], configured: prior?["command"])
        out["entrypoint"] = ownValue(config["Entrypoint"], image: imageConfig["Entrypoint"], configured: prior?["entrypoint"])
        out["healthcheck"] = healthcheck(config["Healthcheck"], image: imageConfig["Healthcheck"], configured: prior?["healthcheck"])
        out["env"] = Convert.value(
            ownEntries(
                environment(config["Env"]), image: environment(imageConfig["Env"]),
                configured: Convert.stringMap(prior?["env"])))
        out["labels"] = Convert.value(
            ownEntries(
                Convert.stringMap(config["Labels"]), image: Convert.stringMap(imageConfig["Labels"]),
                configured: Convert.stringMap(prior?["labels"])))
        out["ports"] = ports(host["PortBindings"], order: prior?["ports"]?.listValue ?? [])
        let networks = ordered(
            Array((container["NetworkSettings"]?["Networks"]?.mapValue ?? [:]).keys),
            like: Convert.stringList(prior?["networks"]) ?? [])
        out["networks"] = Convert.value(networks)
        out["mounts"] = .list(
            (host["Mounts"]?.listValue ?? []).map { mount in
                [
                    "type": mount["Type"] ?? "volume", "source": mount["Source"] ?? "", "target": mount["Target"] ?? "",
                    "read_only": .bool(mount["ReadOnly"]?.boolValue ?? false),
                ]
            })
        let restart = host["RestartPolicy"]?["Name"]?.stringValue ?? ""
        out["restart"] = .string(restart.isEmpty ? "no" : restart)
        out["init"] = .bool(host["Init"]?.boolValue ?? false)
        out["wait_healthy"] = prior?["wait_healthy"] ?? false
        out["healthy_timeout"] = prior?["healthy_timeout"] ?? 60
        let state = container["State"] ?? .null
        out["running"] = .bool(state["Running"]?.boolValue ?? false)
        out["state"] = state["Status"] ?? ""
        out["id"] = .string(id)
        let primary = networks.first.flatMap { container["NetworkSettings"]?["Networks"]?[$0]?["IPAddress"]?.stringValue }
        out["ip_address"] = .string(primary ?? "")
        return ResourceObject(id: id, attributes: out)
    }

    /// The container's value, or null when it merely repeats the image's and was not configured.
    private static func ownValue(_ actual: Value?, image: Value?, configured: Value?) -> Value {
        let actual = actual ?? .null
        if (configured ?? .null).isNull, actual == (image ?? .null) { return .null }
        return actual
    }

    private static func ownEntries(_ actual: [String: String], image: [String: String], configured: [String: String]) -> [String: String] {
        actual.filter { key, value in configured[key] != nil || image[key] != value }
    }

    private static func environment(_ value: Value?) -> [String: String] {
        var out: [String: String] = [:]
        for entry in Convert.stringList(value) ?? [] {
            let parts = entry.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            out[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return out
    }

    private static func healthcheck(_ actual: Value?, image: Value?, configured: Value?) -> Value {
        let actual = actual ?? .null
        if (configured ?? .null).isNull, actual.isNull || actual == (image ?? .null) { return .null }
        var out: [String: Value] = ["test": actual["Test"] ?? .list([])]
        for (key, field) in [("interval", "Interval"), ("timeout", "Timeout"), ("start_period", "StartPeriod")] {
            if let ns = actual[field]?.numberValue, ns > 0 { out[key] = .number(ns / 1_000_000_000) }
        }
        if let retries = actual["Retries"]?.numberValue, retries > 0 { out["retries"] = .number(retries) }
        return .map(out)
    }

    /// Published ports from the host config (kept while the container is stopped), in the
    /// configured order. A port Docker chose itself is left out, as it was not configured.
    private static func ports(_ bindings: Value?, order: [Value]) -> Value {
        var found: [Value] = []
        for (key, list) in (bindings?.mapValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/")
            guard let inner = Int(parts.first ?? "") else { continue }
            for binding in list.listValue ?? [] {
                var port: [String: Value] = [
                    "internal": .number(Double(inner)),
                    "protocol": .string(parts.count > 1 ? String(parts[1]) : "tcp"),
                    "ip": .string(binding["HostIp"]?.stringValue ?? ""),
                ]
                if let external = Int(binding["HostPort"]?.stringValue ?? "") { port["external"] = .number(Double(external)) }
                found.append(.map(port))
            }
        }
        var sorted: [Value] = []
        for wanted in order {
            if let index = found.firstIndex(where: {
                $0["internal"] == wanted["internal"] && $0["protocol"] == (wanted["protocol"] ?? "tcp")
            }) {
                sorted.append(found.remove(at: index))
            }
        }
        return .list(sorted + found)
    }

    private static func ordered(_ names: [String], like order: [String]) -> [String] {
        order.filter(names.contains) + names.filter { !order.contains($0) }.sorted()
    }
}
