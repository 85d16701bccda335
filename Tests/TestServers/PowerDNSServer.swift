import Foundation

/// A PowerDNS authoritative server with the SQLite backend and its HTTP API, on free loopback
/// ports in its own folder. Stopped by PID on `stop()` or deinit.
public final class PowerDNSServer: @unchecked Sendable {
    public let dnsPort: UInt16
    public let apiPort: UInt16
    public let apiKey: String
    public let directory: URL
    private let process: ServerProcess

    public init() throws {
        directory = try TestServers.makeDirectory("pdns")
        dnsPort = try TestServers.freePort()
        var api = try TestServers.freePort()
        while api == dnsPort { api = try TestServers.freePort() }
        apiPort = api
        apiKey = "key-\(UUID().uuidString.prefix(8))"
        let dir = directory.path
        let schema = try String(contentsOfFile: "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql", encoding: .utf8)
        let db = try TestServers.run("sqlite3", ["\(dir)/pdns.sqlite3"], stdin: schema)
        guard db.status == 0 else { throw DNSServerFailed(what: "sqlite3", detail: db.both) }
        try """
        launch=gsqlite3
        gsqlite3-database=\(dir)/pdns.sqlite3
        local-address=127.0.0.1
        local-port=\(dnsPort)
        socket-dir=\(dir)
        api=yes
        api-key=\(apiKey)
        webserver=yes
        webserver-address=127.0.0.1
        webserver-port=\(apiPort)
        webserver-allow-from=127.0.0.0/8
        daemon=no
        guardian=no
        disable-syslog=yes
        security-poll-suffix=
        receiver-threads=1
        distributor-threads=1
        cache-ttl=0
        negquery-cache-ttl=0
        query-cache-ttl=0

        """.write(toFile: "\(dir)/pdns.conf", atomically: true, encoding: .utf8)
        process = try ServerProcess("pdns_server", ["--config-dir=\(dir)"], log: directory.appendingPathComponent("pdns.log"))
        let ready = TestServers.waitUntil(timeout: 15, interval: 0.1) { (try? self.api("GET", "/servers/localhost").status) == 200 }
        guard ready else {
            process.stop()
            throw DNSServerFailed(what: "pdns_server", detail: process.log)
        }
    }

    public var apiURL: String { "http://127.0.0.1:\(apiPort)" }

    /// Calls the API with curl; returns the HTTP status and body.
    public func api(_ method: String, _ path: String, json: String? = nil) throws -> (status: Int, body: String) {
        var args = ["-s", "-m", "10", "-X", method, "-H", "X-API-Key: \(apiKey)", "-w", "\n%{http_code}"]
        if let json { args += ["-H", "Content-Type: application/json", "--data-binary", json] }
        let r = try TestServers.run("curl", args + ["\(apiURL)/api/v1\(path)"], timeout: 20)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        return (Int(lines.last ?? "") ?? 0, lines.dropLast().joined(separator: "\n"))
    }

    /// Creates a zone through the API (what an operator might have done by hand).
    public func createZone(_ name: String) throws {
        let r = try api("POST", "/servers/localhost/zones", json: #"{"name":"\#(name)","kind":"Native","nameservers":["ns1.\#(name)"]}"#)
        guard r.status == 201 else { throw DNSServerFailed(what: "zone \(name)", detail: r.body) }
    }

    public func dig(_ name: String, _ type: String) throws -> [String] {
        try DigQuery.short(port: dnsPort, name: name, type: type)
    }

    public func ttl(_ name: String, _ type: String) throws -> Int? {
        try DigQuery.ttl(port: dnsPort, name: name, type: type)
    }

    public var log: String { process.log }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit { stop() }
}
