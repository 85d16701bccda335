import CairnProviderKit
import Foundation

/// The `haproxy` provider's settings.
struct HAProxySettings: Sendable {
    var binary: String
    var confDir: String
    var socket: String
    var masterPidFile: String
    var serverStateFile: String?

    static let schema: [String: PropertySchema] = [
        "binary": .optional(.string, default: "haproxy", "The haproxy executable: a name found on PATH or a full path."),
        "conf_dir": .required(
            .string, "The folder HAProxy is started with (-f). Holds your global/defaults file and one file per Cairn resource."),
        "socket": .required(.string, "The runtime API socket (`stats socket PATH level admin` in your global section)."),
        "master_pid_file": .required(.string, "The pidfile of HAProxy's master process (master-worker mode, -W)."),
        "server_state_file": .optional(
            .string,
            "The `server-state-file` of your global section: Cairn saves servers' runtime state there before each reload, so drained servers stay drained."
        ),
    ]

    init(_ config: [String: Value]) throws {
        let r = PropertyReader(config, context: "provider haproxy")
        binary = try r.optionalString("binary") ?? "haproxy"
        confDir = Self.absolute(try r.string("conf_dir"))
        socket = Self.absolute(try r.string("socket"))
        masterPidFile = Self.absolute(try r.string("master_pid_file"))
        serverStateFile = try r.optionalString("server_state_file").map(Self.absolute)
    }

    func file(kind: String, name: String) -> String {
        URL(fileURLWithPath: confDir).appendingPathComponent("\(kind)-\(name).cfg").path
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
