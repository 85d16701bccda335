import CairnProviderKit
import Dispatch
import Foundation

/// Ctrl-C and SIGTERM. While an apply walks, the first signal stops new steps from starting (running
/// ones finish and are committed, the lock is released, and the command exits non-zero); a second
/// one, or any signal outside an apply, releases the lock and exits at once. Either way the state
/// holds every step that finished.
final class Interrupts: Sendable {
    static let shared = Interrupts()

    private let state = Locked<(applying: Bool, stop: Bool, release: (@Sendable () -> Void)?)>((false, false, nil))
    private let sources = Locked<[DispatchSourceSignal]>([])

    var stopRequested: Bool { state.withLock { $0.stop } }

    /// Starts handling signals; `release` gives up the lock on an immediate exit.
    func install(release: @escaping @Sendable () -> Void) {
        state.withLock { $0.release = release }
        sources.withLock { list in
            guard list.isEmpty else { return }
            for sig in [SIGINT, SIGTERM] {
                signal(sig, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
                source.setEventHandler { [weak self] in self?.received(sig) }
                source.resume()
                list.append(source)
            }
        }
    }

    func setApplying(_ on: Bool) { state.withLock { $0.applying = on } }

    private func received(_ sig: Int32) {
        let (graceful, release) = state.withLock { s -> (Bool, (@Sendable () -> Void)?) in
            let graceful = s.applying && !s.stop
            s.stop = true
            return (graceful, s.release)
        }
        if graceful {
            Terminal.err(
                "\nInterrupt received: no new steps will start; waiting for running ones to finish and be recorded. Press Ctrl-C again to stop now."
            )
            return
        }
        release?()
        Terminal.err("\nInterrupted.")
        exit(130)
    }
}
