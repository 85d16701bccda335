import Foundation

/// A throwaway HTTP server (python3) on 127.0.0.1 and on a Unix socket, one per test.
///
/// Endpoints: `/hello` (200, fixed body and header), `/echo` (method, path, headers and body as
/// JSON), `/flaky/<key>` (503 twice per key, then 200), anything else 404.
final class TestHTTPServer {
    let port: Int
    let socketPath: String
    private let process: Process
    /// Closing it (or the test process dying) makes the server exit.
    private let lifeline = Pipe()
    private let scriptURL: URL

    var baseURL: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let tag = UUID().uuidString.prefix(8)
        socketPath = "/tmp/cairn-test-\(tag).sock"
        scriptURL = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-http-\(tag).py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)

        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, socketPath]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = lifeline
        process.standardError = FileHandle.nullDevice
        try process.run()

        // The script prints its port once both listeners are bound.
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestServerError(message: "test HTTP server did not report a port: \(String(decoding: line, as: UTF8.self))")
        }
        self.port = port
    }

    func stop() {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: socketPath)
        try? FileManager.default.removeItem(at: scriptURL)
    }

    deinit { stop() }

    private static let script = #"""
        import http.server, json, os, signal, socketserver, sys, threading

        # Children of a Swift test inherit a signal mask with SIGTERM blocked; undo it so terminate() works.
        signal.pthread_sigmask(signal.SIG_SETMASK, [])

        def exit_when_parent_goes():
            sys.stdin.read()
            os._exit(0)

        threading.Thread(target=exit_when_parent_goes, daemon=True).start()

        flaky_counts = {}
        lock = threading.Lock()

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def reply(self, status, body, content_type="text/plain", extra=()):
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                for name, value in extra:
                    self.send_header(name, value)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                if self.path == "/hello":
                    self.reply(200, "hello world", extra=[("X-Test", "yes"), ("X-Multi", "a"), ("X-Multi", "b")])
                elif self.path == "/echo":
                    echo = {"method": self.command, "path": self.path, "body": body,
                            "headers": {k.lower(): v for k, v in self.headers.items()}}
                    self.reply(200, json.dumps(echo), "application/json")
                elif self.path.startswith("/flaky/"):
                    with lock:
                        count = flaky_counts.get(self.path, 0) + 1
                        flaky_counts[self.path] = count
                    if count <= 2:
                        self.reply(503, "try again")
                    else:
                        self.reply(200, "recovered after %d attempts" % count)
                else:
                    self.reply(404, "not found")

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_any

        class UnixServer(socketserver.ThreadingUnixStreamServer):
            daemon_threads = True

            def get_request(self):
                conn, _ = super().get_request()
                # BaseHTTPRequestHandler expects a (host, port) style address.
                return conn, ("unix", 0)

        tcp = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        unix = UnixServer(sys.argv[1], Handler)
        threading.Thread(target=unix.serve_forever, daemon=True).start()
        print(tcp.server_address[1], flush=True)
        tcp.serve_forever()
        """#
}

struct TestServerError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
