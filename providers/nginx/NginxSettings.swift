import CairnProviderKit
import Foundation
import LoadBalancerKit

/// The `nginx` provider's settings: which nginx, which main configuration, where Cairn's files go.
struct NginxSettings: Sendable {
    var binary: String
    var prefix: String?
    var config: String
    var confDir: String
    var errorLog: String?
    var pidFile: String?

    static let schema: [String: PropertySchema] = [
        "binary": .optional(.string, default: "nginx", "The nginx executable: a name found on PATH or a full path."),
        "prefix": .optional(.string, "nginx's prefix folder (-p); relative paths in the main configuration are taken from it."),
        "config": .required(.string, "The main nginx.conf (-c). Its http block must include conf_dir/*.conf."),
        "conf_dir": .required(.string, "The folder where Cairn writes one file per upstream and server."),
        "error_log": .optional(
            .string, "Error log used while nginx reads its configuration (-e); also where reload failures are looked up."),
        "pid_file": .optional(.string, "nginx's pid file; default: the `pid` directive of the main configuration."),
    ]

    init(_ config: [String: Value]) throws {
        let r = PropertyReader(config, context: "provider nginx")
        binary = try r.optionalString("binary") ?? "nginx"
        prefix = try r.optionalString("prefix").map(Self.absolute)
        self.config = Self.absolute(try r.string("config"))
        confDir = Self.absolute(try r.string("conf_dir"))
        errorLog = try r.optionalString("error_log").map(Self.absolute)
        pidFile = try r.optionalString("pid_file").map(Self.absolute)
    }

    /// -p, -c and -e, as every nginx command Cairn runs gets them.
    var commandArguments: [String] {
        (prefix.map { ["-p", $0] } ?? []) + ["-c", config] + (errorLog.map { ["-e", $0] } ?? [])
    }

    func file(kind: String, name: String) -> String {
        URL(fileURLWithPath: confDir).appendingPathComponent("\(kind)-\(name).conf").path
    }

    /// The pid file: the setting, else the `pid` directive of the main configuration.
    var resolvedPidFile: String {
        if let pidFile { return pidFile }
        let text = (FileChange.read(config) ?? "").split(separator: "\n").map { line in
            line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        }.joined(separator: "\n")
        for statement in text.split(separator: ";") {
            let words = statement.split(whereSeparator: { $0.isWhitespace || $0 == "{" || $0 == "}" })
            // The statement's last two words, as a block's closing brace may come before it.
            if words.count >= 2, words[words.count - 2] == "pid" { return relativeToPrefix(String(words[words.count - 1])) }
        }
        return "/run/nginx.pid"
    }

    private func relativeToPrefix(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return URL(fileURLWithPath: prefix ?? "/").appendingPathComponent(path).path
    }

    private static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
