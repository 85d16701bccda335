import CairnCore
import CairnProviderKit
import CairnState
import Foundation

/// Where a command's stack comes from: a folder, or the files saved in a plan.
enum StackOrigin {
    case folder(String)
    case saved(StackSources)

    func sources() throws -> StackSources {
        switch self {
        case .folder(let dir): return try StackLoader.read(directory: dir)
        case .saved(let sources): return sources
        }
    }
}

/// A stack's state, opened, locked for one operation, and read.
struct LockedState: Sendable {
    let store: SQLiteStateStore
    let lock: LockScope
    let snapshot: StateSnapshot

    /// Takes the lock without a word (the caller says `warnIfStale` once the stack is known valid).
    static func take(_ path: String, operation: String) throws -> LockedState {
        let store = try SQLiteStateStore.open(path)
        let lock = try LockScope.take(store, operation: operation)
        do {
            return LockedState(store: store, lock: lock, snapshot: try store.snapshot())
        } catch {
            lock.release()
            throw error
        }
    }

    /// Runs `body` and gives the lock back, whatever happens. Anything that can fail after the
    /// lock is taken belongs in here.
    func run<T>(_ body: () async throws -> T) async throws -> T {
        try await lock.run(body)
    }
}

/// A command's stack, loaded and validated, with its state when the command works on one.
struct StackSession {
    let workspace: Workspace
    /// Set when opened with `lockingStateFor:`.
    let state: LockedState?
}

extension StackSession {
    /// The one way commands load a stack and its state.
    ///
    /// With `lockingStateFor`, the state is opened, locked and read on another thread while the
    /// stack is built and validated, as soon as it is certain which state is the stack's: the
    /// one `--state` names, or the one the stack's name and `backend:` give after the loader's
    /// first pass (`ParsedStack.identity`, the same trees and builder the stack is built from).
    /// No other state is ever opened. A state that does not exist yet is created only once the
    /// stack is known valid; an invalid stack gets its errors, and the state its lock back.
    static func open(_ origin: StackOrigin, global: GlobalOptions, lockingStateFor operation: String? = nil) async throws -> StackSession {
        let sources = try origin.sources()
        guard let operation else {
            let parsed = StackLoader.parse(sources)
            KeepUntilExit.keep(parsed)
            return StackSession(workspace: try await Workspace.validate(try parsed.build(), global: global), state: nil)
        }
        let session = try await withThrowingTaskGroup(of: LockedState.self) { group in
            var reading: String?
            func startReading(_ path: String) {
                guard reading == nil, FileManager.default.fileExists(atPath: path) else { return }
                reading = path
                group.addTask { try LockedState.take(path, operation: operation) }
            }
            if let named = global.state { startReading(named) }
            let parsed = StackLoader.parse(sources)
            KeepUntilExit.keep(parsed)
            if let identity = parsed.identity { startReading(Workspace.statePath(global: global, identity: identity)) }
            let workspace: Workspace
            do {
                workspace = try await Workspace.validate(try parsed.build(), global: global)
            } catch {
                if reading != nil, let read = try? await group.next() { read.lock.release() }
                throw error
            }
            // The identity is read by the builder that built the stack, so it names the same state.
            precondition(
                reading == nil || reading == workspace.statePath, "read \(reading ?? "") for a stack whose state is \(workspace.statePath)")
            let state = reading == nil ? try LockedState.take(workspace.statePath, operation: operation) : try await group.next()!
            state.lock.warnIfStale()
            return StackSession(workspace: workspace, state: state)
        }
        KeepUntilExit.keep(session.workspace)
        if let state = session.state { KeepUntilExit.keep(state.snapshot) }
        return session
    }

    /// Which state is the stack's, for commands that work on the state alone (`show`, `output`,
    /// `state …`, backups, and reading a saved plan's secrets): `--state`, or the loaded stack's
    /// name and `backend:`. The stack is loaded, not validated.
    static func statePath(_ origin: StackOrigin, global: GlobalOptions) throws -> (path: String, stack: String) {
        let config = try StackLoader.parse(try origin.sources()).build()
        return (Workspace.statePath(global: global, config: config), config.name)
    }
}
