import ArgumentParser
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

/// Renders any error the way users should see it (stderr, with places and hints) and picks the exit
/// code: 3 for a held lock, 1 for everything else.
enum ErrorReport {
    static func run(_ terminal: Terminal, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let e as ExitCode {
            throw e
        } catch let e as CleanExit {
            throw e
        } catch {
            throw ExitCode(report(error, terminal))
        }
    }

    static func report(_ error: any Error, _ terminal: Terminal) -> Int32 {
        let t = terminal.forErrors
        switch error {
        case let e as StateLockedError:
            Terminal.err(t.paint("Error:", .red) + " \(e.description)")
            Terminal.err("  hint: wait for it to finish; if that process is gone, run `cairn state unlock \(e.lock.id)`")
            return 3
        case let e as DiagnosticError:
            for d in e.diagnostics { print(d, t) }
            let n = e.diagnostics.filter { $0.severity == .error }.count
            if n > 1 { Terminal.err("\(n) errors") }
        case let d as Diagnostic:
            print(d, t)
        case let e as StateError:
            Terminal.err(t.paint("Error:", .red) + " \(e.message)")
            if let h = e.hint { Terminal.err("  hint: \(h)") }
        case let e as ProviderError:
            Terminal.err(t.paint("Error:", .red) + " \(e.message)")
            if let h = e.hint { Terminal.err("  hint: \(h)") }
        default:
            Terminal.err(t.paint("Error:", .red) + " \(error)")
        }
        return 1
    }

    static func print(_ d: Diagnostic, _ terminal: Terminal) {
        let t = terminal.forErrors
        var line = ""
        if let loc = d.location { line += "\(loc): " }
        line += d.severity == .error ? t.paint("error:", .red) : t.paint("warning:", .yellow)
        line += " "
        if let a = d.address { line += "\(a): " }
        line += d.message
        Terminal.err(line)
        if let h = d.hint { Terminal.err("  hint: \(h)") }
    }
}

/// Holds the state lock for the duration of a command.
struct LockScope {
    let store: SQLiteStateStore
    let lock: LockInfo

    static func acquire(_ store: SQLiteStateStore, operation: String) throws -> LockScope {
        let scope = try take(store, operation: operation)
        scope.warnIfStale()
        return scope
    }

    /// Takes the lock without a word; `warnIfStale` says whether it replaced a dead process's.
    static func take(_ store: SQLiteStateStore, operation: String) throws -> LockScope {
        let scope = LockScope(store: store, lock: try store.acquireLock(operation: operation))
        let id = scope.lock.id
        Interrupts.shared.install { try? store.releaseLock(id: id) }
        return scope
    }

    func warnIfStale() {
        if let note = lock.replacedStale {
            Terminal.err("Warning: \(note); the next plan resolves anything it left in flight.")
        }
    }

    func release() {
        try? store.releaseLock(id: lock.id)
    }

    func run<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let v = try await body()
            release()
            return v
        } catch {
            release()
            throw error
        }
    }
}
