import CairnProviderKit
import Foundation
import LoadBalancerKit

#if canImport(Glibc)
    import Glibc
#endif

/// Changes nginx's configuration safely: write the files, `nginx -T`, put the old files back if
/// nginx rejects them, else `nginx -s reload` and wait for the new workers. One change at a time
/// per provider instance.
final class NginxControl: Sendable {
    let settings: NginxSettings
    private let queue = SerialQueue(label: "cairn.nginx")
    static let reloadTimeout = 15.0

    init(settings: NginxSettings) {
        self.settings = settings
    }

    /// Writes `writes` (path → content, nil removes) for the resource `label` and makes nginx use them.
    func commit(_ label: String, _ writes: [String: String?]) async throws {
        try await queue.run { try self.commitNow(label, writes) }
    }

    private func commitNow(_ label: String, _ writes: [String: String?]) throws {
        try FileManager.default.createDirectory(atPath: settings.confDir, withIntermediateDirectories: true)
        let change = try FileChange.apply(writes)
        // -T tests like -t and also lists every file it read, which shows whether conf_dir is included.
        let test = try CommandRunner.run(settings.binary, ["-T", "-q"] + settings.commandArguments)
        guard test.succeeded else {
            change.restore()
            throw ProviderError(
                "nginx rejected the configuration for \(label): \(Self.emerg(test))",
                hint: "fix what nginx names; the previous files were put back and nginx keeps serving its current configuration")
        }
        let read = Self.filesRead(test.output)
        for (path, content) in writes where content != nil && !read.contains(Self.realPath(path)) {
            change.restore()
            throw ProviderError(
                "nginx does not read \(path): its configuration \(settings.config) does not include conf_dir \(settings.confDir)",
                hint: "add `include \(settings.confDir)/*.conf;` inside the http block of \(settings.config)")
        }
        do {
            try reload()
        } catch {
            change.restore()
            throw error
        }
    }

    /// Signals the master and waits until it has started workers with the new configuration. The old
    /// workers finish the requests they hold, so no request is dropped.
    private func reload() throws {
        let pidFile = settings.resolvedPidFile
        guard let master = ProcessTable.pid(fromFile: pidFile) else {
            throw ProviderError(
                "nginx is not running: no live process in its pid file \(pidFile)",
                hint: "start nginx with the same -p/-c as the provider, or set pid_file")
        }
        let before = ProcessTable.children(of: master)
        let logBefore = errorLogSize()
        let signal = try CommandRunner.run(settings.binary, ["-s", "reload"] + settings.commandArguments)
        guard signal.succeeded else {
            throw ProviderError(
                "nginx -s reload failed: \(Self.emerg(signal))", hint: "check that nginx runs with the provider's prefix and config")
        }
        // Either new workers appear, or the master logs why it kept the old configuration
        // (a port it cannot bind, say: `nginx -t` does not bind).
        var complaints: [String] = []
        let started = ProcessTable.waitUntil(timeout: Self.reloadTimeout) {
            if !ProcessTable.children(of: master).subtracting(before).isEmpty { return true }
            complaints = errorLogLines(since: logBefore).filter { $0.contains("[emerg]") || $0.contains("[alert]") }
            return !complaints.isEmpty
        }
        if !complaints.isEmpty {
            // nginx retries a bind a few times before giving up: let it finish, so its last words
            // are in this error and not in the next reload's.
            var size = errorLogSize()
            _ = ProcessTable.waitUntil(timeout: Self.reloadTimeout) {
                usleep(500_000)
                let now = errorLogSize()
                defer { size = now }
                return now == size
            }
            complaints = errorLogLines(since: logBefore).filter { $0.contains("[emerg]") || $0.contains("[alert]") }
        }
        guard started, complaints.isEmpty else {
            var seen: Set<String> = []
            let messages = complaints.map(Self.logMessage).filter { seen.insert($0).inserted }
            var error = ProviderError(
                "nginx did not load the new configuration"
                    + (complaints.isEmpty ? " within \(Int(Self.reloadTimeout)) s" : ": " + messages.joined(separator: "; ")),
                hint: "the previous files were put back and nginx keeps its current configuration; see nginx's error log")
            // Without a complaint the master may still be loading the files: the next plan must look.
            error.outcomeUnknown = complaints.isEmpty
            throw error
        }
        // Old workers keep accepting until they receive QUIT; once they are gone every new
        // connection meets the new configuration. One busy with a long request may outlive this wait.
        _ = ProcessTable.waitUntil(timeout: Self.reloadTimeout) {
            ProcessTable.children(of: master).isDisjoint(with: before)
        }
    }

    private var errorLog: String? {
        settings.errorLog ?? settings.prefix.map { URL(fileURLWithPath: $0).appendingPathComponent("logs/error.log").path }
    }

    private func errorLogSize() -> UInt64 {
        guard let path = errorLog, let attrs = try? FileManager.default.attributesOfItem(atPath: path) else { return 0 }
        return (attrs[.size] as? NSNumber)?.uint64Value ?? 0
    }

    private func errorLogLines(since offset: UInt64) -> [String] {
        guard let path = errorLog, let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        let data = (try? handle.readToEnd()) ?? Data()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The files `nginx -T` says it read, with symlinks resolved.
    static func filesRead(_ dump: String) -> Set<String> {
        let marker = "# configuration file "
        return Set(
            dump.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix(marker), line.hasSuffix(":") else { return nil }
                return realPath(String(line.dropFirst(marker.count).dropLast()))
            })
    }

    static func realPath(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    /// "2024/01/01 10:00:00 [emerg] 123#123: bind() … failed" → "[emerg] bind() … failed".
    static func logMessage(_ line: String) -> String {
        guard let level = line.range(of: "[") else { return line }
        let rest = line[level.lowerBound...]
        guard let close = rest.firstIndex(of: "]") else { return String(rest) }
        let afterLevel = rest[rest.index(after: close)...].drop { $0 == " " }
        if let colon = afterLevel.range(of: ": "), afterLevel[..<colon.lowerBound].allSatisfy({ $0.isNumber || $0 == "#" }) {
            return String(rest[...close]) + " " + afterLevel[colon.upperBound...]
        }
        return String(rest)
    }

    /// nginx's own complaint: its [emerg] lines, else everything it printed.
    static func emerg(_ output: CommandOutput) -> String {
        if output.timedOut { return "nginx did not answer within the timeout" }
        let lines = output.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let emerg = lines.filter { $0.contains("[emerg]") }.map { line in
            line.hasPrefix("nginx: ") ? String(line.dropFirst("nginx: ".count)) : line
        }
        let chosen = emerg.isEmpty ? lines.filter { !$0.isEmpty } : emerg
        return chosen.isEmpty ? "exit status \(output.status)" : chosen.joined(separator: "; ")
    }
}
