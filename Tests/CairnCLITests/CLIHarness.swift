import CairnProcess
import CairnProviderKit
import Foundation
import Testing

/// Runs the built `cairn` binary in a throwaway folder.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

final class Sandbox {
    let root: URL

    init(_ name: String = #function) throws {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-e2e-\(safe)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    var path: String { root.path }
    var stackDir: String { root.appendingPathComponent("stack").path }
    var statePath: String { root.appendingPathComponent("state/test.sqlite").path }

    /// Writes `stack/NAME` (creating the folder).
    func write(_ name: String, _ text: String) throws {
        let url = URL(fileURLWithPath: stackDir).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func file(_ relative: String) -> String? {
        try? String(contentsOfFile: root.appendingPathComponent(relative).path, encoding: .utf8)
    }

    func exists(_ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: root.appendingPathComponent(relative).path)
    }

    /// Runs cairn with the sandbox as the current folder.
    @discardableResult
    func cairn(_ args: [String], env: [String: String] = [:], stdin: String? = nil) throws -> CLIResult {
        let p = try start(args, env: env, stdin: stdin)
        return p.wait()
    }

    func start(_ args: [String], env: [String: String] = [:], stdin: String? = nil) throws -> RunningCLI {
        try RunningCLI(args: args, cwd: root, env: env, stdin: stdin)
    }

    /// Starts a 4-second apply that holds the lock, then runs `args` until one answers exit 3
    /// (the lock is held). Returns that answer (nil if it never came) and the apply's own result.
    func whileLockedByASlowApply(_ args: [String]) throws -> (locked: CLIResult?, apply: CLIResult, pid: Int32) {
        try write(
            "stack.yaml",
            """
            stack: test
            resources:
              slow:
                type: null.resource
                properties: { delay_ms: 4000 }
            """)
        let running = try start(["apply", "stack", "--auto-approve"])
        var locked: CLIResult?
        for _ in 0..<60 {
            Thread.sleep(forTimeInterval: 0.1)
            guard FileManager.default.fileExists(atPath: statePath) else { continue }
            let r = try cairn(args)
            if r.status == 3 {
                locked = r
                break
            }
        }
        return (locked, running.wait(), running.process.processIdentifier)
    }

    /// Bytes of the state database (to prove a command left it untouched).
    func stateBytes() -> Data? { FileManager.default.contents(atPath: statePath) }
}

final class RunningCLI: @unchecked Sendable {
    let process: Subprocess
    private let outFile: URL
    private let errFile: URL

    init(args: [String], cwd: URL, env: [String: String], stdin: String?) throws {
        outFile = cwd.appendingPathComponent(".out-\(UUID().uuidString)")
        errFile = cwd.appendingPathComponent(".err-\(UUID().uuidString)")
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (k, v) in env { environment[k] = v }
        process = try Subprocess(
            CairnBinary.path, args, environment: environment, directory: cwd.path,
            stdin: stdin.map { .bytes(Data($0.utf8)) } ?? .null, stdout: .file(outFile.path), stderr: .file(errFile.path))
    }

    func wait() -> CLIResult {
        let status = process.wait().status
        let out = (try? String(contentsOf: outFile, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(at: outFile)
        try? FileManager.default.removeItem(at: errFile)
        return CLIResult(status: status, stdout: out, stderr: err)
    }
}

enum CairnBinary {
    /// `CAIRN_BIN`, else the debug build of this package.
    static let path: String = {
        if let p = ProcessInfo.processInfo.environment["CAIRN_BIN"] { return p }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for candidate in [".build/debug/cairn", ".build/release/cairn"] {
            let p = root.appendingPathComponent(candidate).path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return root.appendingPathComponent(".build/debug/cairn").path
    }()
}
