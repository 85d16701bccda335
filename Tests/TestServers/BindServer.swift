import Foundation

/// BIND's `named` serving one zone that accepts dynamic updates and transfers signed with one TSIG
/// key, on a free loopback port in its own folder. Stopped by PID on `stop()` or deinit.
public final class BindServer: @unchecked Sendable {
    public let port: UInt16
    public let directory: URL
    public let zone: String
    public let keyName = "cairnkey"
    public let algorithm: String
    public let secret: String
    private let process: ServerProcess

    public init(zone: String = "example.test", algorithm: String = "hmac-sha256") throws {
        self.zone = zone
        self.algorithm = algorithm
        directory = try TestServers.makeDirectory("named")
        port = try TestServers.freePort()
        let dir = directory.path
        let key = try TestServers.run("tsig-keygen", ["-a", algorithm, keyName])
        guard key.status == 0, let secret = key.stdout.split(separator: "\"").dropFirst(3).first else {
            throw DNSServerFailed(what: "tsig-keygen", detail: key.both)
        }
        self.secret = String(secret)
        try key.stdout.write(toFile: "\(dir)/tsig.key", atomically: true, encoding: .utf8)
        try """
        $TTL 300
        @ IN SOA ns1.\(zone). admin.\(zone). 1 3600 600 86400 300
        @ IN NS ns1.\(zone).
        ns1 IN A 127.0.0.1

        """.write(toFile: "\(dir)/zone.db", atomically: true, encoding: .utf8)
        try """
        include "\(dir)/tsig.key";
        options {
          directory "\(dir)"; pid-file "\(dir)/named.pid"; session-keyfile "\(dir)/session.key";
          listen-on port \(port) { 127.0.0.1; }; listen-on-v6 { none; };
          recursion no; notify no; dnssec-validation no;
        };
        controls { };
        zone "\(zone)" { type primary; file "\(dir)/zone.db"; allow-update { key \(keyName); }; allow-transfer { key \(keyName); }; };

        """.write(toFile: "\(dir)/named.conf", atomically: true, encoding: .utf8)
        let check = try TestServers.run("named-checkconf", ["\(dir)/named.conf"])
        guard check.status == 0 else { throw DNSServerFailed(what: "named-checkconf", detail: check.both) }
        process = try ServerProcess(
            "named", ["-g", "-n", "1", "-4", "-c", "\(dir)/named.conf"], log: directory.appendingPathComponent("named.log"))
        let ready = TestServers.waitUntil(timeout: 15, interval: 0.1) {
            (try? self.dig("\(zone).", "SOA"))?.isEmpty == false
        }
        guard ready else {
            process.stop()
            throw DNSServerFailed(what: "named", detail: process.log)
        }
    }

    public var address: String { "127.0.0.1:\(port)" }

    /// The answers `dig +short` prints for NAME TYPE (a name without a dot is taken inside the zone).
    public func dig(_ name: String, _ type: String) throws -> [String] {
        try DigQuery.short(port: port, name: name.hasSuffix(".") ? name : "\(name).\(zone).", type: type)
    }

    /// The TTL of the first answer for NAME TYPE, nil when there is none.
    public func ttl(_ name: String, _ type: String) throws -> Int? {
        try DigQuery.ttl(port: port, name: name.hasSuffix(".") ? name : "\(name).\(zone).", type: type)
    }

    /// Runs nsupdate with the key, against this server and zone: `commands` are update lines.
    public func nsupdate(_ commands: String, secret: String? = nil) throws -> CommandResult {
        let script = "server 127.0.0.1 \(port)\nzone \(zone)\n\(commands)\nsend\n"
        return try TestServers.run(
            "nsupdate", ["-t", "5", "-y", "\(algorithm):\(keyName):\(secret ?? self.secret)"], stdin: script, timeout: 20)
    }

    public var log: String { process.log }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}

public struct DNSServerFailed: Error, CustomStringConvertible {
    public var what: String
    public var detail: String
    public var description: String { "\(what) did not start:\n\(detail)" }
}

/// `dig` against a loopback server, for checking what a server really answers.
public enum DigQuery {
    public static func short(port: UInt16, name: String, type: String) throws -> [String] {
        let r = try TestServers.run("dig", ["@127.0.0.1", "-p", String(port), "+short", "+time=2", "+tries=2", name, type], timeout: 15)
        guard r.status == 0 else { throw DNSServerFailed(what: "dig", detail: r.both) }
        return r.stdout.split(separator: "\n").map(String.init).filter { !$0.hasPrefix(";") }.sorted()
    }

    public static func ttl(port: UInt16, name: String, type: String) throws -> Int? {
        let r = try TestServers.run(
            "dig", ["@127.0.0.1", "-p", String(port), "+noall", "+answer", "+time=2", "+tries=2", name, type], timeout: 15)
        guard r.status == 0 else { throw DNSServerFailed(what: "dig", detail: r.both) }
        let fields = r.stdout.split(separator: "\n").first?.split(whereSeparator: { $0 == " " || $0 == "\t" }) ?? []
        return fields.count > 1 ? Int(fields[1]) : nil
    }
}
