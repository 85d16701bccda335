import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Python HTTP servers on 127.0.0.1, each serving an index.html that says "backend N".
public final class HTTPBackends: @unchecked Sendable {
    public let ports: [UInt16]
    private let processes: [ServerProcess]

    public init(count: Int, in dir: URL) throws {
        var ports: [UInt16] = []
        var processes: [ServerProcess] = []
        for i in 1...count {
            let www = dir.appendingPathComponent("www\(i)")
            try FileManager.default.createDirectory(at: www, withIntermediateDirectories: true)
            try "backend \(i)\n".write(to: www.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
            let port = try TestServers.freePort()
            processes.append(
                try ServerProcess(
                    "python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", www.path],
                    log: dir.appendingPathComponent("backend\(i).log")))
            ports.append(port)
        }
        self.ports = ports
        self.processes = processes
        for port in ports where !TestServers.waitUntil(timeout: 10, { HTTPProbe.get(port: port) != nil }) {
            stop()
            throw ServerStartFailure(what: "python http.server on port \(port)")
        }
    }

    public func address(_ i: Int) -> String { "127.0.0.1:\(ports[i])" }

    /// SIGKILL: the servers hold nothing worth a clean exit, and a test process may start them with
    /// SIGTERM blocked (the mask is inherited), which would cost ServerProcess's whole grace period.
    public func stop() { processes.forEach { $0.stop(signal: SIGKILL) } }
    deinit { stop() }
}

public struct ServerStartFailure: Error, CustomStringConvertible {
    public var what: String
    public var log: String = ""
    public var description: String { "\(what) did not become ready\n\(log)" }
}

/// nginx in the foreground (`daemon off`) with everything under one folder; its http block includes
/// conf.d/*.conf, where the provider writes.
public final class NginxServer: @unchecked Sendable {
    public let dir: URL
    public var confDir: String { dir.appendingPathComponent("conf.d").path }
    public var configPath: String { dir.appendingPathComponent("nginx.conf").path }
    public var errorLog: String { dir.appendingPathComponent("error.log").path }
    public var pidFile: String { dir.appendingPathComponent("nginx.pid").path }
    private let process: ServerProcess

    public init(dir: URL) throws {
        self.dir = dir
        let d = dir.path
        let configPath = d + "/nginx.conf"
        let errorLog = d + "/error.log"
        let pidFile = d + "/nginx.pid"
        for sub in ["conf.d", "tmp"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try """
        daemon off; pid \(d)/nginx.pid; error_log \(d)/error.log info;
        events { worker_connections 64; }
        http { access_log \(d)/access.log;
          client_body_temp_path \(d)/tmp/body; proxy_temp_path \(d)/tmp/proxy; fastcgi_temp_path \(d)/tmp/fcgi;
          uwsgi_temp_path \(d)/tmp/uwsgi; scgi_temp_path \(d)/tmp/scgi;
          include \(d)/conf.d/*.conf; }

        """.write(toFile: configPath, atomically: true, encoding: .utf8)
        process = try ServerProcess("nginx", ["-p", d, "-e", errorLog, "-c", configPath], log: dir.appendingPathComponent("nginx.out"))
        guard TestServers.waitUntil(timeout: 10, { Self.livePID(pidFile) != nil }) else {
            process.stop()
            throw ServerStartFailure(what: "nginx", log: process.log)
        }
    }

    public var masterPID: Int32? { Self.livePID(pidFile) }

    /// The provider settings that point at this nginx.
    public var providerSettings: [String: String] {
        ["prefix": dir.path, "config": configPath, "conf_dir": confDir, "error_log": errorLog]
    }

    /// Stops nginx gracefully (QUIT) by its PID.
    public func stop() { process.stop(signal: SIGQUIT) }
    deinit { stop() }

    static func livePID(_ path: String) -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), kill(pid, 0) == 0
        else { return nil }
        return pid
    }
}

/// HAProxy in master-worker mode (`-W -db`) reading the folder conf/, whose 00-global.cfg has an admin
/// stats socket, a pidfile and a server-state file.
public final class HAProxyServer: @unchecked Sendable {
    public let dir: URL
    public var confDir: String { dir.appendingPathComponent("conf").path }
    public var socket: String { dir.appendingPathComponent("admin.sock").path }
    public var pidFile: String { dir.appendingPathComponent("haproxy.pid").path }
    public var stateFile: String { dir.appendingPathComponent("servers.state").path }
    private let process: ServerProcess

    public init(dir: URL) throws {
        self.dir = dir
        let confDir = dir.appendingPathComponent("conf").path
        try FileManager.default.createDirectory(atPath: confDir, withIntermediateDirectories: true)
        try """
        global
            stats socket \(dir.path)/admin.sock mode 600 level admin expose-fd listeners
            pidfile \(dir.path)/haproxy.pid
            server-state-file \(dir.path)/servers.state
        defaults
            mode http
            timeout connect 2s
            timeout client 10s
            timeout server 10s
            load-server-state-from-file global

        """.write(toFile: confDir + "/00-global.cfg", atomically: true, encoding: .utf8)
        process = try ServerProcess("haproxy", ["-W", "-db", "-f", confDir], log: dir.appendingPathComponent("haproxy.log"))
        let socket = dir.appendingPathComponent("admin.sock").path
        let answers = { Self.command("show info", socket: socket).contains("Pid: ") }
        guard TestServers.waitUntil(timeout: 10, answers) else {
            process.stop()
            throw ServerStartFailure(what: "haproxy", log: process.log)
        }
    }

    /// One runtime API command (empty answer when the socket cannot be reached).
    public func command(_ line: String) -> String { Self.command(line, socket: socket) }

    /// One runtime API command through socat, as an operator would type it. Only once HAProxy
    /// answers: socat exiting before it reads its input would raise SIGPIPE in the test process.
    public func socat(_ line: String) throws -> CommandResult {
        try TestServers.run("socat", ["-", "UNIX-CONNECT:\(socket)"], stdin: line + "\n", timeout: 5)
    }

    static func command(_ line: String, socket: String) -> String {
        UnixSocketCommand.send(line, to: socket)
    }

    /// The master's PID as its pidfile says (nil when the file is missing or the process is gone).
    public var masterPID: Int32? { NginxServer.livePID(pidFile) }

    /// The worker answering the runtime API (`show info` → Pid).
    public var workerPID: Int32? {
        command("show info").split(separator: "\n").first { $0.hasPrefix("Pid: ") }.flatMap { Int32($0.dropFirst(5)) }
    }

    public var log: String { process.log }

    /// The provider settings that point at this HAProxy.
    public var providerSettings: [String: String] {
        ["conf_dir": confDir, "socket": socket, "master_pid_file": pidFile, "server_state_file": stateFile]
    }

    public func stop() { process.stop() }
    deinit { stop() }
}
