import CairnProviderKit

/// Turns `docker.container` properties into the body of `POST /containers/create`.
enum ContainerSpec {
    static func createBody(_ properties: [String: Value]) throws -> Value {
        let reader = PropertyReader(properties, context: "docker.container")
        var config: [String: Value] = ["Image": .string(try reader.string("image"))]
        if let command = Convert.stringList(properties["command"]) { config["Cmd"] = Convert.value(command) }
        if let entrypoint = Convert.stringList(properties["entrypoint"]) { config["Entrypoint"] = Convert.value(entrypoint) }
        let env = Convert.stringMap(properties["env"])
        if !env.isEmpty { config["Env"] = Convert.value(env.keys.sorted().map { "\($0)=\(env[$0]!)" }) }
        config["Labels"] = Convert.value(Convert.stringMap(properties["labels"]))
        if let check = properties["healthcheck"], !check.isNull { config["Healthcheck"] = healthcheck(check) }

        var exposed: [String: Value] = [:]
        var bindings: [String: [Value]] = [:]
        for port in properties["ports"]?.listValue ?? [] {
            guard let inner = port["internal"]?.intValue else { continue }
            let key = "\(inner)/\(port["protocol"]?.stringValue ?? "tcp")"
            exposed[key] = .map([:])
            let external = port["external"]?.intValue.map(String.init) ?? ""
            bindings[key, default: []].append(["HostIp": .string(port["ip"]?.stringValue ?? "127.0.0.1"), "HostPort": .string(external)])
        }
        if !exposed.isEmpty { config["ExposedPorts"] = .map(exposed) }

        let restart = try reader.optionalString("restart") ?? "no"
        var host: [String: Value] = [
            "Init": .bool(try reader.bool("init", default: false)),
            "RestartPolicy": ["Name": .string(restart)],
            "PortBindings": .map(bindings.mapValues { .list($0) }),
            "Mounts": .list((properties["mounts"]?.listValue ?? []).map(mount)),
        ]
        let networks = Convert.stringList(properties["networks"]) ?? []
        if let primary = networks.first {
            host["NetworkMode"] = .string(primary)
            config["NetworkingConfig"] = ["EndpointsConfig": .map([primary: .map([:])])]
        }
        config["HostConfig"] = .map(host)
        return .map(config)
    }

    static func restartPolicy(_ name: String) -> Value { ["RestartPolicy": ["Name": .string(name)]] }

    private static func mount(_ mount: Value) -> Value {
        [
            "Type": .string(mount["type"]?.stringValue ?? "volume"),
            "Source": .string(mount["source"]?.stringValue ?? ""),
            "Target": .string(mount["target"]?.stringValue ?? ""),
            "ReadOnly": .bool(mount["read_only"]?.boolValue ?? false),
        ]
    }

    /// Docker counts health-check durations in nanoseconds.
    private static func healthcheck(_ check: Value) -> Value {
        var out: [String: Value] = ["Test": check["test"] ?? .list([])]
        for (key, field) in [("interval", "Interval"), ("timeout", "Timeout"), ("start_period", "StartPeriod")] {
            if let seconds = check[key]?.numberValue { out[field] = .number((seconds * 1_000_000_000).rounded()) }
        }
        if let retries = check["retries"]?.intValue { out["Retries"] = .number(Double(retries)) }
        return .map(out)
    }
}
