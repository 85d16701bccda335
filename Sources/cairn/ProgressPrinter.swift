import CairnCore
import CairnProviderKit
import Foundation

/// Prints apply progress as it happens: one line per start and finish with elapsed time, or one
/// JSON event a line.
final class ProgressPrinter: Sendable {
    let t: Terminal
    let json: Bool
    /// Held while a line is written, so lines from concurrent steps never interleave.
    private let writing = Locked(())

    init(t: Terminal, json: Bool) {
        self.t = t
        self.json = json
    }

    func handle(_ e: ApplyEvent) {
        let line: String
        if json {
            line = Self.event(e).jsonString()
        } else {
            switch e {
            case .started(let a, let action):
                line = "\(a): \(Self.progressive(action))..."
            case .finished(let a, let action, let elapsed, let id):
                line = "\(a): " + t.paint("\(Self.done(action)) after \(Self.seconds(elapsed))", .green) + (id.map { " [id=\($0)]" } ?? "")
            case .failed(let a, let action, let elapsed, let message):
                line = "\(a): " + t.paint("\(action) failed after \(Self.seconds(elapsed))", .red) + ": \(message)"
            case .skipped(let a, let action, let reason):
                line = "\(a): " + t.paint("\(action) skipped", .yellow) + " (\(reason))"
            }
        }
        writing.withLock { _ in Terminal.out(line) }
    }

    func summary(_ r: ApplyResult, destroy: Bool) {
        if json {
            var m: [String: Value] = [
                "type": "summary", "added": .number(Double(r.added)), "changed": .number(Double(r.changed)),
                "destroyed": .number(Double(r.destroyed)), "failed": .number(Double(r.failures.count)),
                "skipped": .number(Double(r.skipped.count)), "succeeded": .bool(r.succeeded),
            ]
            if let s = r.serial { m["serial"] = .number(Double(s)) }
            Terminal.out(Value.map(m).jsonString())
            return
        }
        let counts = destroy ? "\(r.destroyed) destroyed" : "\(r.added) added, \(r.changed) changed, \(r.destroyed) destroyed"
        if r.succeeded {
            Terminal.out("\n" + t.paint("\(destroy ? "Destroy" : "Apply") complete!", .green) + " Resources: \(counts).")
        } else {
            var parts = ["Resources: \(counts)", "\(r.failures.count) failed"]
            if !r.skipped.isEmpty { parts.append("\(r.skipped.count) skipped") }
            if !r.notStarted.isEmpty {
                parts.append(
                    "\(r.notStarted.count) not started (interrupted): \(r.notStarted.prefix(5).map(\.description).joined(separator: ", "))\(r.notStarted.count > 5 ? ", …" : "")"
                )
            }
            Terminal.out(
                "\n" + t.paint("\(destroy ? "Destroy" : "Apply") finished with errors.", .red) + " " + parts.joined(separator: ", ") + ".")
        }
    }

    static func event(_ e: ApplyEvent) -> Value {
        switch e {
        case .started(let a, let action): return ["type": "start", "address": .string(a.description), "action": .string(action)]
        case .finished(let a, let action, let elapsed, let id):
            return [
                "type": "done", "address": .string(a.description), "action": .string(action),
                "elapsed": .number((elapsed * 1000).rounded() / 1000),
                "id": id.map { .string($0) } ?? .null,
            ]
        case .failed(let a, let action, let elapsed, let message):
            return [
                "type": "error", "address": .string(a.description), "action": .string(action),
                "elapsed": .number((elapsed * 1000).rounded() / 1000),
                "message": .string(message),
            ]
        case .skipped(let a, let action, let reason):
            return ["type": "skipped", "address": .string(a.description), "action": .string(action), "reason": .string(reason)]
        }
    }

    static func progressive(_ action: String) -> String {
        switch action {
        case "create": return "Creating"
        case "update": return "Updating"
        case "destroy": return "Destroying"
        default: return action.capitalized
        }
    }

    static func done(_ action: String) -> String {
        switch action {
        case "create": return "Created"
        case "update": return "Updated"
        case "destroy": return "Destroyed"
        default: return action.capitalized + "d"
        }
    }

    static func seconds(_ s: Double) -> String { TwoDecimals.format(s) + "s" }
}
