import CairnProcess
import CairnProviderKit
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One `dockerd` for the whole test process, started on first use in its own short /tmp folder
/// (its own data root, exec root, pidfile and socket; no iptables, no default bridge) and stopped
/// by PID when the process exits. Each dockerd starts its own containerd and takes a second or
/// more, so the docker provider's suites and the docker end-to-end tests share this one; they
/// keep apart by unique names and labels.
public final class Dockerd: @unchecked Sendable {
    public let directory: URL
    public let server: ServerProcess
    public var socketPath: String { directory.appendingPathComponent("docker.sock").path }
    /// For the provider's `host` setting or DOCKER_HOST.
    public var host: String { "unix://" + socketPath }
    /// dockerd also listens here, on loopback only, for tests of the provider's tcp:// host.
    public let tcpPort: UInt16
    public var tcpHost: String { "tcp://127.0.0.1:\(tcpPort)" }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var instance: Dockerd?
    nonisolated(unsafe) private static var failure: Error?

    /// The shared daemon, started on first call. nil when dockerd is not installed (outside CI).
    public static func shared() throws -> Dockerd? {
        guard try TestServers.available("dockerd", "busybox", "curl") else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if let instance { return instance }
        if let failure { throw failure }
        do {
            let started = try Dockerd()
            instance = started
            atexit { Dockerd.stopShared() }
            return started
        } catch {
            failure = error
            throw error
        }
    }

    /// Stops the shared daemon (the atexit hook calls this too).
    public static func stopShared() {
        lock.lock()
        let running = instance
        instance = nil
        lock.unlock()
        running?.stop()
    }

    private init() throws {
        directory = try TestServers.makeDirectory("dk")
        let d = directory.path
        tcpPort = try TestServers.freePort()
        server = try ServerProcess(
            "dockerd",
            [
                "--data-root", "\(d)/data", "--exec-root", "\(d)/exec", "--pidfile", "\(d)/dockerd.pid",
                "-H", "unix://\(d)/docker.sock", "-H", "tcp://127.0.0.1:\(tcpPort)", "--iptables=false", "--ip6tables=false",
                "--bridge=none",
                "--storage-driver=overlay2",
            ], log: directory.appendingPathComponent("dockerd.log"))
        Self.watch(dockerdPID: server.pid, directory: d)
        let socket = "\(d)/docker.sock"
        let ready = TestServers.waitUntil(timeout: 30, interval: 0.2) {
            guard server.isRunning, FileManager.default.fileExists(atPath: socket) else { return false }
            let ping = try? TestServers.run("curl", ["-sf", "--max-time", "2", "--unix-socket", socket, "http://d/_ping"], timeout: 5)
            return ping?.stdout == "OK"
        }
        guard ready else {
            let log = server.log
            stop()
            throw StartFailure(description: "dockerd did not answer on \(socket) within 30 s:\n\(log.suffix(3000))")
        }
    }

    struct StartFailure: Error, CustomStringConvertible { var description: String }

    /// Stops dockerd by its PID, then unmounts what it leaves mounted and removes its folder.
    public func stop() {
        removeLeftovers()
        server.stop(grace: 20)
        Self.cleanUp(directory.path)
    }

    /// Containers and networks a failed test left: a network's bridge would outlive dockerd and
    /// keep its subnet from later runs.
    private func removeLeftovers() {
        guard server.isRunning else { return }
        for case let item as [String: Any] in ((try? api("GET", "/containers/json?all=1"))?.json as? [Any]) ?? [] {
            if let id = item["Id"] as? String { _ = try? api("DELETE", "/containers/\(id)?force=1&v=1") }
        }
        for case let item as [String: Any] in ((try? api("GET", "/networks"))?.json as? [Any]) ?? [] {
            guard let id = item["Id"] as? String, let name = item["Name"] as? String,
                !["bridge", "host", "none"].contains(name)
            else { continue }
            _ = try? api("DELETE", "/networks/\(id)")
        }
    }

    private static func cleanUp(_ directory: String) {
        _ = try? TestServers.run("umount", ["\(directory)/exec/netns/default"], timeout: 10)
        _ = try? TestServers.run("rm", ["-rf", "--one-file-system", directory], timeout: 30)
    }

    /// A crash of the test process skips atexit; a small shell keeps watch and stops dockerd then.
    private static func watch(dockerdPID: Int32, directory: String) {
        let script = """
            while kill -0 \(getpid()) 2>/dev/null && kill -0 \(dockerdPID) 2>/dev/null; do sleep 1; done
            if kill -0 \(dockerdPID) 2>/dev/null; then
              kill \(dockerdPID); for i in $(seq 1 20); do kill -0 \(dockerdPID) 2>/dev/null || break; sleep 1; done
              kill -9 \(dockerdPID) 2>/dev/null
              umount '\(directory)/exec/netns/default' 2>/dev/null; rm -rf --one-file-system '\(directory)'
            fi
            """
        // Through Subprocess: a long-lived child must not inherit other children's pipes and sockets.
        _ = try? Subprocess("/bin/sh", ["-c", script], stdout: .null, stderr: .null)
    }

    private let imageLock = NSLock()
    private var importedBase: String?

    /// A busybox image imported once into this daemon (straight through the Engine API, not the
    /// provider), for tests that need an image to run but are not about images.
    public func baseImage() throws -> String {
        imageLock.lock()
        defer { imageLock.unlock() }
        if let importedBase { return importedBase }
        let tarball = try Self.busyboxRootfs()
        let r = try TestServers.run(
            "curl",
            [
                "-sf", "--max-time", "120", "--unix-socket", socketPath, "-X", "POST",
                "http://d/images/create?fromSrc=-&repo=cairn-test/busybox&tag=base",
                "-H", "Content-Type: application/x-tar", "--data-binary", "@\(tarball.path)",
            ], timeout: 150)
        guard r.status == 0, r.stdout.contains("sha256:") else { throw StartFailure(description: "importing busybox failed: \(r.both)") }
        try? FileManager.default.removeItem(at: tarball.deletingLastPathComponent())
        importedBase = "cairn-test/busybox:base"
        return importedBase!
    }

    /// One Engine API call through curl (unversioned path): status and parsed JSON body.
    public func api(_ method: String, _ path: String, json body: String? = nil) throws -> (status: Int, json: Any?) {
        var args = ["-s", "--max-time", "60", "--unix-socket", socketPath, "-X", method, "-w", "\n%{http_code}", "http://d" + path]
        if let body { args += ["-H", "Content-Type: application/json", "--data-binary", body] }
        let r = try TestServers.run("curl", args, timeout: 70)
        let lines = r.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        let status = Int(lines.last ?? "") ?? 0
        let text = lines.dropLast().joined(separator: "\n")
        return (status, try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }

    /// Names of containers, networks or volumes (`kind`) carrying the label `key=value`.
    public func names(_ kind: String, label: String) throws -> [String] {
        let filter = "{\"label\":[\"\(label)\"]}".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let path = kind == "containers" ? "/containers/json?all=1&filters=\(filter)" : "/\(kind)?filters=\(filter)"
        let (_, json) = try api("GET", path)
        let items: [[String: Any]]
        if kind == "volumes" {
            items = ((json as? [String: Any])?["Volumes"] as? [[String: Any]]) ?? []
        } else {
            items = (json as? [[String: Any]]) ?? []
        }
        return items.compactMap { item in
            (item["Name"] as? String) ?? ((item["Names"] as? [String])?.first.map { String($0.dropFirst()) })
        }
    }

    /// A busybox root filesystem as a tar (every applet linked in /bin, and /www/index.html
    /// saying `page`), for importing as an image: there is no registry here.
    public static func busyboxRootfs(page: String = "hello from busybox\n") throws -> URL {
        let folder = try TestServers.makeDirectory("bbfs")
        let root = folder.appendingPathComponent("rootfs")
        for sub in ["bin", "etc", "proc", "sys", "dev", "tmp", "www"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(atPath: "/bin/busybox", toPath: root.appendingPathComponent("bin/busybox").path)
        try page.write(to: root.appendingPathComponent("www/index.html"), atomically: true, encoding: .utf8)
        let install = try TestServers.run("chroot", [root.path, "/bin/busybox", "--install", "-s", "/bin"], timeout: 30)
        guard install.status == 0 else { throw StartFailure(description: "busybox --install failed: \(install.both)") }
        let tarball = folder.appendingPathComponent("busybox.tar")
        let tar = try TestServers.run("tar", ["-C", root.path, "-cf", tarball.path, "."], timeout: 30)
        guard tar.status == 0 else { throw StartFailure(description: "tar failed: \(tar.both)") }
        return tarball
    }
}
