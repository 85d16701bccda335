import CairnProviderKit

/// What `docker.container` accepts. Docker fixes nearly all of a container's configuration at
/// create, so those settings force replacement; `restart` and `running` change in place.
enum ContainerSchema {
    static let port: ValueType = .object([
        "internal": .required(.number, "Port inside the container."),
        "external": .optional(.number, "Port on the host; left out, Docker picks a free one."),
        "ip": .optional(.string, default: "127.0.0.1", "Host address to publish on."),
        "protocol": .optional(.string, default: "tcp", "tcp or udp."),
    ])

    static let mount: ValueType = .object([
        "type": .optional(.string, default: "volume", "volume (a named volume) or bind (a host path)."),
        "source": .required(.string, "The volume's name, or the host path for a bind mount."),
        "target": .required(.string, "Where it appears inside the container."),
        "read_only": .optional(.bool, default: false, "Mount it read-only."),
    ])

    static let healthcheck: ValueType = .object([
        "test": .required(.list(.string), "The check, as Docker takes it: [\"CMD\", …] or [\"CMD-SHELL\", \"…\"]."),
        "interval": .optional(.number, "Seconds between checks (Docker's default: 30)."),
        "timeout": .optional(.number, "Seconds one check may take (Docker's default: 30)."),
        "retries": .optional(.number, "Failures in a row that make it unhealthy (Docker's default: 3)."),
        "start_period": .optional(.number, "Seconds after start during which failures do not count."),
    ])

    static let resource = ResourceSchema(
        description: "A Docker container, started and kept running unless running is false.",
        properties: [
            "name": .required(.string, forceNew: true, "The container's name, unique on the Engine."),
            "image": .required(
                .string, forceNew: true, "Image name or id; use ${IMAGE.id} to replace the container when the image is rebuilt."),
            "command": .optional(.list(.string), forceNew: true, "Replaces the image's CMD."),
            "entrypoint": .optional(.list(.string), forceNew: true, "Replaces the image's ENTRYPOINT."),
            "env": .optional(.map(.string), forceNew: true, "Environment variables."),
            "ports": .optional(.list(port), forceNew: true, "Ports published on the host (127.0.0.1 unless ip says otherwise)."),
            // Computed too: left unset, the container keeps the Engine's default network without drift.
            "networks": PropertySchema(
                .list(.string), computed: true, optional: true, forceNew: true,
                description: "Networks to attach, by name; the first is the primary one. Default: the Engine's."),
            "mounts": .optional(.list(mount), forceNew: true, "Volumes and host paths mounted into the container."),
            "labels": .optional(.map(.string), forceNew: true, "Labels (Docker cannot change them on a container)."),
            "restart": .optional(.string, default: "no", "Restart policy: no, always, unless-stopped or on-failure."),
            "init": .optional(.bool, default: false, forceNew: true, "Run an init process as PID 1 (forwards signals, reaps children)."),
            "healthcheck": .optional(healthcheck, forceNew: true, "A health check replacing the image's."),
            "wait_healthy": .optional(.bool, default: false, "Apply waits until the health check passes."),
            "healthy_timeout": .optional(.number, default: 60, "Seconds wait_healthy waits before failing."),
            "running": .optional(.bool, default: true, "Keep the container running; a stopped one is started again."),
            "id": .computed(.string, "The container's id."),
            "ip_address": .computed(.string, "Address on the first network."),
            "state": .computed(.string, "Docker's status: created, running, exited…"),
        ])

    static let restartPolicies: Set<String> = ["no", "always", "unless-stopped", "on-failure"]

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        var issues: [ProviderIssue] = []
        if properties["name"]?.stringValue?.isEmpty == true {
            issues.append(ProviderIssue(property: "name", message: "a container needs a non-empty name"))
        }
        if let restart = properties["restart"]?.stringValue, !restartPolicies.contains(restart) {
            issues.append(
                ProviderIssue(
                    property: "restart", message: "unknown restart policy \"\(restart)\"",
                    hint: "use one of: \(restartPolicies.sorted().joined(separator: ", "))"))
        }
        for (index, port) in (properties["ports"]?.listValue ?? []).enumerated() {
            for key in ["internal", "external"] {
                guard let value = port[key], !value.isNull, !value.containsUnknown else { continue }
                if let n = value.intValue, (1...65535).contains(n) { continue }
                issues.append(ProviderIssue(property: "ports", message: "ports[\(index)].\(key) must be a port number from 1 to 65535"))
            }
            if let proto = port["protocol"]?.stringValue, !["tcp", "udp", "sctp"].contains(proto) {
                issues.append(
                    ProviderIssue(property: "ports", message: "ports[\(index)].protocol must be tcp, udp or sctp, not \"\(proto)\""))
            }
        }
        for (index, mount) in (properties["mounts"]?.listValue ?? []).enumerated() {
            if let type = mount["type"]?.stringValue, !["volume", "bind"].contains(type) {
                issues.append(ProviderIssue(property: "mounts", message: "mounts[\(index)].type must be volume or bind, not \"\(type)\""))
            }
            if mount["type"]?.stringValue == "bind", let source = mount["source"]?.stringValue, !source.hasPrefix("/") {
                issues.append(
                    ProviderIssue(
                        property: "mounts", message: "mounts[\(index)].source must be an absolute path for a bind mount",
                        hint: "use ${path.stack}/… to name a folder beside the stack"))
            }
        }
        if let timeout = properties["healthy_timeout"]?.numberValue, timeout <= 0 {
            issues.append(ProviderIssue(property: "healthy_timeout", message: "healthy_timeout must be more than 0 seconds"))
        }
        if properties["wait_healthy"]?.boolValue == true, properties["running"]?.boolValue == false {
            issues.append(ProviderIssue(property: "wait_healthy", message: "wait_healthy needs running: true"))
        }
        return issues
    }
}
