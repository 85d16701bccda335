import CairnProcess
import CairnProviderKit
import Foundation
import Testing

/// Helpers shared by the end-to-end suites added on the `e2e` branch. They only build on
/// `Sandbox` and `CairnBinary` from CLIHarness.swift.

enum RepoRoot {
    /// The package's root folder, found from this file's place like `CairnBinary` does.
    static let url: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

extension CLIResult {
    /// stdout and stderr together, for failure messages.
    var both: String { "stdout:\n\(stdout)\nstderr:\n\(stderr)" }

    /// stdout parsed as one JSON document (nil when it is not exactly one valid document).
    var json: Any? { try? JSONSerialization.jsonObject(with: Data(stdout.utf8), options: [.fragmentsAllowed]) }

    /// stdout's non-empty lines.
    var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
}

extension Sandbox {
    /// Writes raw bytes to `stack/NAME`.
    func writeData(_ name: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: stackDir).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// Writes `text` to a path relative to the sandbox root (creating folders), with mode 0644.
    func writeFile(_ relative: String, _ text: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relative))
    }

    func absolute(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// `state list` as an array of addresses.
    func stateList() throws -> [String] {
        try cairn(["state", "list", "--stack", "stack"]).lines
    }

    /// `state show ADDR --json` parsed (nil when the address is not in state or the output is not JSON).
    func stateRecord(_ address: String, serial: Int? = nil) throws -> [String: Any]? {
        var args = ["state", "show", address, "--json", "--stack", "stack"]
        if let serial { args += ["--serial", String(serial)] }
        let r = try cairn(args)
        guard r.status == 0 else { return nil }
        return r.json as? [String: Any]
    }

    /// One attribute of a resource in state, as a string.
    func stateAttribute(_ address: String, _ name: String, serial: Int? = nil) throws -> String? {
        let rec = try stateRecord(address, serial: serial)
        return (rec?["attributes"] as? [String: Any])?[name] as? String
    }

    /// Runs cairn with exactly `environment` (nothing from the test process is added, not even
    /// NO_COLOR), stdout and stderr going to files.
    func cairnRawEnvironment(_ args: [String], environment: [String: String]) throws -> CLIResult {
        let out = root.appendingPathComponent(".raw-out-\(UUID().uuidString)")
        let err = root.appendingPathComponent(".raw-err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        let p = try Subprocess(
            CairnBinary.path, args, environment: environment, directory: root.path,
            stdout: .file(out.path), stderr: .file(err.path))
        let status = p.wait().status
        return CLIResult(
            status: status,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

/// The outcome of a run that may have been killed by a signal or stopped by the watchdog.
struct GuardedResult {
    var result: CLIResult
    /// True when the process exited normally (not by a signal).
    var exited: Bool
    /// True when the watchdog had to stop it (it hung).
    var hung: Bool
}

extension Sandbox {
    /// Runs cairn, stopping it if it is still running after `limit` seconds. The limit is a guard
    /// against hangs taking the whole suite down, not a speed requirement: keep it generous.
    func cairnGuarded(_ args: [String], env: [String: String] = [:], limit: TimeInterval = 180) throws -> GuardedResult {
        let running = try start(args, env: env)
        let deadline = Date().addingTimeInterval(limit)
        var hung = false
        while running.process.isRunning {
            if Date() > deadline {
                hung = true
                running.process.terminate()
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let r = running.wait()
        return GuardedResult(result: r, exited: running.process.terminationReason == .exit, hung: hung)
    }
}

extension Sandbox {
    /// The test process's environment without NO_COLOR, with a colour-capable TERM.
    static var colourEnvironment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = nil
        env["TERM"] = "xterm-256color"
        return env
    }
}

/// The ESC character that starts every ANSI colour sequence.
let escapeCharacter: Character = "\u{1B}"

#if os(Linux)
    extension Sandbox {
        /// Runs `cairn ARGS` with stdout on a pseudo-terminal (through util-linux `script`) and stderr
        /// to a file. Returns what the terminal showed and what went to the file.
        func onTerminal(_ args: [String], extraEnvironment: [String: String] = [:]) throws -> (
            terminal: String, stderrFile: String, status: Int32
        ) {
            let script = "/usr/bin/script"
            try #require(FileManager.default.isExecutableFile(atPath: script), "util-linux `script` is needed to give cairn a terminal")
            let quoted = ([CairnBinary.path] + args).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(
                separator: " ")
            let errFile = absolute(".tty-err-\(UUID().uuidString)")
            let outFile = absolute(".tty-out-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: outFile, contents: nil)
            defer {
                try? FileManager.default.removeItem(atPath: errFile)
                try? FileManager.default.removeItem(atPath: outFile)
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: script)
            p.arguments = ["-qec", "\(quoted) 2>'\(errFile)'", "/dev/null"]
            p.currentDirectoryURL = root
            var env = Sandbox.colourEnvironment
            for (k, v) in extraEnvironment { env[k] = v }
            p.environment = env
            p.standardInput = FileHandle.nullDevice
            p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outFile))
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            return (
                (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? "",
                (try? String(contentsOfFile: errFile, encoding: .utf8)) ?? "", p.terminationStatus
            )
        }
    }
#endif
