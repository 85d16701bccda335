import CairnProviderKit
import Foundation

/// Serves a provider over stdin and stdout until stdin closes. Each request runs as its own task, so
/// calls overlap; every answer is written whole, on one line, as it finishes.
public struct PluginServer: Sendable {
    let dispatcher: PluginDispatcher
    let input: Int32
    let output: Int32

    public init(provider: any Provider, input: Int32 = STDIN_FILENO, output: Int32 = STDOUT_FILENO) {
        dispatcher = PluginDispatcher(provider: provider)
        self.input = input
        self.output = output
    }

    /// Returns once stdin is closed and every call in progress has been answered.
    public func run() async {
        let input = input
        let lines = AsyncStream<LineBuffer.Item> { continuation in
            Thread {
                LineReader.run(fd: input, maxLine: PluginProtocol.maxMessageBytes) { item in
                    continuation.yield(item)
                    return true
                }
                continuation.finish()
            }.start()
        }
        let writer = LineWriter(fd: output)
        let dispatcher = dispatcher
        await withTaskGroup(of: Void.self) { group in
            for await item in lines {
                guard case .line(let bytes) = item else {
                    writer.send(
                        .response(id: .null, outcome: .failure(RPCError(code: PluginErrorCode.invalidRequest, message: "message too long")))
                    )
                    continue
                }
                let message: RPCMessage
                do throws(RPCParseError) {
                    message = try RPCMessage.parse(bytes)
                } catch {
                    let code = error == .notJSON ? PluginErrorCode.parseError : PluginErrorCode.invalidRequest
                    writer.send(.response(id: .null, outcome: .failure(RPCError(code: code, message: error.description))))
                    continue
                }
                // Answers from the host are never expected; they are dropped.
                guard case .request(let id, let method, let params) = message else { continue }
                group.addTask {
                    let outcome = await dispatcher.handle(method: method, params: params)
                    if let id { writer.send(.response(id: id, outcome: outcome)) }
                }
            }
        }
    }
}

/// Writes whole lines to a file descriptor, one writer at a time.
final class LineWriter: Sendable {
    private let fd: Locked<Int32>

    init(fd: Int32) { self.fd = Locked(fd) }

    func send(_ message: RPCMessage) {
        let bytes = Array((message.line + "\n").utf8)
        fd.withLock { fd in
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }
}
