import CairnPluginProtocol
import CairnProcess
import CairnProviderKit
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One running plugin process and the calls waiting on it.
///
/// Calls may overlap: each gets its own id and its answer is matched by id, in whatever order the
/// plugin sends them. Anything that breaks the protocol — the process ending, a line that is not a
/// message, an answer to an id nobody asked, a call taking longer than the timeout — makes the
/// connection unusable: every waiting call fails with a message naming the plugin and the call,
/// and the process is stopped.
final class PluginConnection: Sendable {
    let label: PluginLabel
    let options: PluginHostOptions
    private let child: Subprocess
    private let logger: Logger
    private let state = Locked(State())

    private struct State {
        var nextID = 1
        var pending: [Int: Pending] = [:]
        var failure: PluginFailure?
        var logTail: [String] = []
        var logClosed = false
    }

    private struct Pending: Sendable {
        let context: CallContext
        let complete: @Sendable (Result<Value, any Error>) -> Void
    }

    private init(label: PluginLabel, child: Subprocess, options: PluginHostOptions) {
        self.label = label
        self.child = child
        self.options = options
        logger = Logger(label: "cairn.plugin.\(label.name)")
    }

    static func start(_ label: PluginLabel, arguments: [String], options: PluginHostOptions) throws(ProviderError) -> PluginConnection {
        let child: Subprocess
        do {
            child = try ChildTable.spawn(label.path, arguments: arguments)
        } catch {
            let code = (error as? POSIXError)?.code.rawValue ?? EIO
            throw ProviderError(
                "cannot start \(label) (\(label.path)): \(String(cString: strerror(code)))",
                hint: code == ENOEXEC ? "a script needs a #! line naming its interpreter" : nil)
        }
        ChildTable.setExitGrace(options.grace)
        let connection = PluginConnection(label: label, child: child, options: options)
        connection.logger.debug("plugin started", metadata: ["plugin": "\(label.name)", "pid": "\(child.pid)", "path": "\(label.path)"])
        Thread { connection.readAnswers() }.start()
        Thread { connection.readLog() }.start()
        return connection
    }

    var pid: Int32 { child.pid }
    var isUsable: Bool { state.withLock { $0.failure == nil } }

    /// Sends one call and suspends until its answer (or the connection's failure) arrives; the
    /// reading thread resumes it, so no thread waits for the plugin.
    func call(_ method: PluginProtocol.Method, _ params: Value, _ context: CallContext) async throws -> Value {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Value, any Error>) in
            send(method, params, context) { continuation.resume(with: $0) }
        }
    }

    /// Stops the process (in the background); calls still waiting fail.
    func shutdown() {
        fail(.shutDown, culprit: nil)
    }

    private func send(
        _ method: PluginProtocol.Method, _ params: Value, _ context: CallContext,
        complete: @escaping @Sendable (Result<Value, any Error>) -> Void
    ) {
        let (id, refusal) = state.withLock { s -> (Int?, ProviderError?) in
            if let f = s.failure { return (nil, f.error(label, context, culprit: false, lastLog: Self.lastLine(s.logTail))) }
            let id = s.nextID
            s.nextID += 1
            s.pending[id] = Pending(context: context, complete: complete)
            return (id, nil)
        }
        guard let id else { return complete(.failure(refusal!)) }
        DeadlineTimer.shared.schedule(after: options.timeout) { [weak self] in self?.timedOut(id) }
        logger.trace("call", metadata: ["plugin": "\(label.name)", "id": "\(id)", "method": "\(method.rawValue)"])
        let line = RPCMessage.request(id: .number(Double(id)), method: method.rawValue, params: params).line + "\n"
        if writeRequest(Array(line.utf8), deadline: Date().addingTimeInterval(options.timeout)) == .stuck {
            fail(.notReading, culprit: id)
        }
        // A plugin that is gone shows up on its output (end of file, exit status), so a failed
        // write needs nothing more here.
    }

    private enum WriteOutcome { case written, gone, stuck }

    private func writeRequest(_ bytes: [UInt8], deadline: Date) -> WriteOutcome {
        child.withStandardInput { fd -> WriteOutcome in
            // Writing to a plugin that has died raises SIGPIPE, which would kill Cairn. It is blocked
            // on this thread for the write, and one it raised is taken back before unblocking.
            // (Ignoring SIGPIPE process-wide would instead make `cairn plan | head` crash.)
            var pipeSignal = sigset_t()
            var previous = sigset_t()
            sigemptyset(&pipeSignal)
            sigaddset(&pipeSignal, SIGPIPE)
            pthread_sigmask(SIG_BLOCK, &pipeSignal, &previous)
            defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n >= 0 {
                    offset += n
                    continue
                }
                switch errno {
                case EINTR: continue
                case EAGAIN:
                    // The pipe is full. Wait for room in short slices, so a failure elsewhere (which
                    // needs stdin to close it) is not held up.
                    if Date() >= deadline { return .stuck }
                    if !isUsable { return .gone }
                    var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, 50)
                case EPIPE:
                    var none = timespec(tv_sec: 0, tv_nsec: 0)
                    _ = sigtimedwait(&pipeSignal, nil, &none)
                    return .gone
                default:
                    return .gone
                }
            }
            return .written
        } ?? .gone
    }

    private func timedOut(_ id: Int) {
        guard let context = state.withLock({ s in s.failure == nil ? s.pending[id]?.context : nil }) else { return }
        fail(.timedOut(context, seconds: options.timeout), culprit: id)
    }

    private func fail(_ failure: PluginFailure, culprit: Int?) {
        let taken = state.withLock { s -> ([Int: Pending], String?)? in
            guard s.failure == nil else { return nil }
            s.failure = failure
            defer { s.pending = [:] }
            return (s.pending, Self.lastLine(s.logTail))
        }
        guard let (waiting, lastLog) = taken else { return }
        if case .shutDown = failure {
        } else {
            logger.debug("plugin failed", metadata: ["plugin": "\(label.name)", "reason": "\(failure.reason(culprit: true))"])
        }
        for (id, call) in waiting {
            call.complete(.failure(failure.error(label, call.context, culprit: id == culprit, lastLog: lastLog)))
        }
        let child = child
        let grace = options.grace
        let logger = logger
        let name = label.name
        Thread {
            let exit = child.stop(grace: grace)
            logger.debug("plugin stopped", metadata: ["plugin": "\(name)", "pid": "\(child.pid)", "exit": "\(exit)"])
        }.start()
    }

    // MARK: Reading

    private func readAnswers() {
        LineReader.run(fd: child.standardOutput, maxLine: PluginProtocol.maxMessageBytes) { item in
            switch item {
            case .overlong:
                fail(.overlong, culprit: nil)
                return false
            case .line(let bytes):
                return handle(bytes)
            }
        }
        if isUsable {
            // End of output: the process has ended or is about to; give its exit status and its last
            // log lines a moment to arrive, for the message.
            let exit = child.waitForExit(seconds: 1)
            let until = Date().addingTimeInterval(0.5)
            while !state.withLock({ $0.logClosed }) && Date() < until { usleep(5_000) }
            fail(exit.map { .exited($0) } ?? .closedOutput, culprit: nil)
        }
        close(child.standardOutput)
    }

    /// Handles one line from the plugin; false stops reading.
    private func handle(_ bytes: [UInt8]) -> Bool {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }) { return true }
        let message: RPCMessage
        do throws(RPCParseError) {
            message = try RPCMessage.parse(bytes)
        } catch {
            let preview = String(decoding: bytes.prefix(400), as: UTF8.self).quotedPreview()
            fail(.garbage(preview: preview, why: error.description), culprit: nil)
            return false
        }
        switch message {
        case .request(_, let method, _):
            logger.debug("ignoring a request from the plugin", metadata: ["plugin": "\(label.name)", "method": "\(method)"])
            return true
        case .response(let id, let outcome):
            let call = id.intValue.flatMap { n in state.withLock { $0.pending.removeValue(forKey: n) } }
            guard let call else {
                if id.isNull, case .failure(let e) = outcome {
                    fail(.rejected(e.message.quotedPreview()), culprit: nil)
                } else {
                    fail(.unexpectedID(id.jsonString()), culprit: nil)
                }
                return false
            }
            call.complete(outcome.mapError { $0 })
            return true
        }
    }

    private func readLog() {
        LineReader.run(fd: child.standardError, maxLine: 8192) { item in
            let text: String
            switch item {
            case .line(let bytes): text = String(decoding: bytes, as: UTF8.self)
            case .overlong(let prefix): text = String(decoding: prefix, as: UTF8.self) + "…"
            }
            logger.debug("\(text)", metadata: ["plugin": "\(label.name)"])
            state.withLock { s in
                s.logTail.append(text)
                if s.logTail.count > 20 { s.logTail.removeFirst() }
            }
            return true
        }
        state.withLock { $0.logClosed = true }
        close(child.standardError)
    }

    private static func lastLine(_ tail: [String]) -> String? {
        tail.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.trimmingCharacters(in: .whitespaces).quotedPreview(200) }
    }
}
