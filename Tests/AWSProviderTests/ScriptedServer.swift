import Foundation
import TestServers
import Testing

/// A tiny HTTP server (Python's http.server) that answers requests from a script of status
/// codes and bodies, in order, repeating the last. For retry logic that moto cannot provoke
/// (throttling, 5xx); it counts the requests it saw.
final class ScriptedServer: @unchecked Sendable {
    let url: String
    let directory: URL
    private let server: ServerProcess

    /// Starts one off the cooperative threads (starting blocks until the server answers). It
    /// takes one of the slots the moto servers share, given back when it goes away.
    static func start(_ answers: [(Int, String)]) async throws -> ScriptedServer {
        await MotoSlots.shared.acquire()
        do {
            return try await offPool { try ScriptedServer(answers) }
        } catch {
            await MotoSlots.shared.release()
            throw error
        }
    }

    /// `answers`: (status, body) pairs.
    private init(_ answers: [(Int, String)]) throws {
        directory = try TestServers.makeDirectory("scripted")
        let port = try TestServers.freePort()
        url = "http://127.0.0.1:\(port)"
        let script = directory.appendingPathComponent("server.py")
        let data = try JSONSerialization.data(withJSONObject: answers.map { [$0.0, $0.1] as [Any] })
        try data.write(to: directory.appendingPathComponent("answers.json"))
        try """
        import http.server, json, os, sys
        here = os.path.dirname(os.path.abspath(__file__))
        answers = json.load(open(os.path.join(here, "answers.json")))
        count = 0
        class H(http.server.BaseHTTPRequestHandler):
            def handle_any(self):
                global count
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode(errors="replace")
                with open(os.path.join(here, "requests.log"), "a") as log:
                    log.write(self.command + " " + self.path + " " + body.replace("\\n", " ") + "\\n")
                status, body = answers[min(count, len(answers) - 1)]
                count += 1
                open(os.path.join(here, "count"), "w").write(str(count))
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/xml")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            do_GET = do_POST = do_PUT = do_DELETE = handle_any
            def log_message(self, *args): pass
        http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
        """.write(to: script, atomically: true, encoding: .utf8)
        server = try ServerProcess(
            "bash", LowPriority.server("python3", [script.path, String(port)]), log: directory.appendingPathComponent("server.log"))
        let ready = TestServers.waitUntil(timeout: 15, interval: 0.05) {
            (try? TestServers.run("curl", ["-s", "-o", "/dev/null", "-I", "--max-time", "1", "http://127.0.0.1:\(port)/"], timeout: 5))?
                .status != 7
        }
        try #require(ready, "scripted server did not start: \(server.log)")
        // The readiness probe counted as a request: start from zero.
        try? FileManager.default.removeItem(at: directory.appendingPathComponent("count"))
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(at: directory)
        Task { await MotoSlots.shared.release() }
    }

    /// One line per request: method, path with query, body.
    var requestLog: [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// Requests answered since start (the readiness probe excluded).
    var requests: Int {
        let text = (try? String(contentsOf: directory.appendingPathComponent("count"), encoding: .utf8)) ?? "0"
        return Int(text) ?? 0
    }
}
