import CairnAddresses
import CairnProviderKit
import Foundation

/// State kept in memory, with the same guarantees as the SQLite store except surviving the
/// process: what the engine's tests run against.
///
/// Safe to share between threads: every call runs under one lock, and a `write` either applies
/// its whole batch or (when it throws) none of it. Times are kept to the millisecond, as the
/// SQLite store keeps them. All holders of a lock live in this process, so a lock is never stale.
public final class InMemoryStateStore: StateStore {
    private let contents: Locked<Contents>

    public init(lineage: String = UUID().uuidString.lowercased()) {
        contents = Locked(Contents(lineage: lineage))
    }

    private struct Contents {
        var lineage: String
        var serial = 0
        var resources: [ResourceInstanceAddress: ResourceRecord] = [:]
        var outputs: [String: Value] = [:]
        var intents: [String: PendingOperation] = [:]
        var versions: [HistoryEntry] = []
        /// Per address, the record at the end of each version that touched it (nil: removed), by serial.
        var past: [ResourceInstanceAddress: [PastRecord]] = [:]
        var lock: LockInfo?
    }

    private struct PastRecord {
        var serial: Int
        var record: ResourceRecord?
    }

    // MARK: StateReader

    public func snapshot() throws -> StateSnapshot {
        contents.withLock { c in
            let pending = c.intents.values.sorted { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }
            return StateSnapshot(lineage: c.lineage, serial: c.serial, resources: c.resources, outputs: c.outputs, pending: pending)
        }
    }

    // MARK: StateWriter

    public func beginVersion(command: String, user: String) throws -> Int {
        contents.withLock { c in
            for i in c.versions.indices where c.versions[i].status == "running" { c.versions[i].status = "interrupted" }
            c.serial += 1
            c.versions.append(
                HistoryEntry(
                    serial: c.serial, time: StoredTime.now(), user: user, command: command,
                    summary: ChangeSummary(), status: "running"))
            return c.serial
        }
    }

    public func write(_ batch: [StateWrite]) throws {
        try contents.withLock { c in
            try Self.checkIntentIDs(batch, pending: Set(c.intents.keys))
            for w in batch {
                switch w {
                case .intent(var op):
                    op.startedAt = StoredTime.rounded(op.startedAt)
                    c.intents[op.id] = op
                case .commit(let changes, let resolved):
                    for id in resolved { c.intents[id] = nil }
                    for change in changes { Self.apply(change, to: &c) }
                }
            }
        }
    }

    /// Refuses, before anything is applied, a batch that would record an intent ID already pending.
    private static func checkIntentIDs(_ batch: [StateWrite], pending: Set<String>) throws {
        var pending = pending
        for w in batch {
            switch w {
            case .intent(let op):
                guard pending.insert(op.id).inserted else {
                    throw StateError("cannot record the intent for \(op.address): intent \(op.id) is already recorded")
                }
            case .commit(_, let resolved):
                pending.subtract(resolved)
            }
        }
    }

    private static func apply(_ change: StateChange, to c: inout Contents) {
        switch change {
        case .upsert(let record):
            c.resources[record.address] = record
            remember(record, at: record.address, in: &c)
        case .remove(let address):
            // Removing what is not there changes nothing, so history has nothing to say.
            guard c.resources.removeValue(forKey: address) != nil else { return }
            remember(nil, at: address, in: &c)
        }
    }

    private static func remember(_ record: ResourceRecord?, at address: ResourceInstanceAddress, in c: inout Contents) {
        // One entry per version: a later change in the same version replaces the earlier one.
        if c.past[address]?.last?.serial == c.serial { c.past[address]?.removeLast() }
        c.past[address, default: []].append(PastRecord(serial: c.serial, record: record))
    }

    public func setOutputs(_ outputs: [String: Value]) throws {
        contents.withLock { $0.outputs = outputs }
    }

    public func finishVersion(serial: Int, summary: ChangeSummary, status: String, outputs: [String: Value]?) throws {
        try contents.withLock { c in
            guard let i = c.versions.firstIndex(where: { $0.serial == serial }) else {
                throw StateError("state has no version \(serial) to finish")
            }
            c.versions[i].summary = summary
            c.versions[i].status = status
            if let outputs { c.outputs = outputs }
        }
    }

    // MARK: StateLocker

    public func acquireLock(operation: String) throws -> LockInfo {
        try contents.withLock { c in
            if let existing = c.lock { throw StateLockedError(lock: existing) }
            let lock = LockInfo.takenByThisProcess(operation: operation)
            c.lock = lock
            return lock
        }
    }

    public func releaseLock(id: String) throws {
        contents.withLock { c in
            if c.lock?.id == id { c.lock = nil }
        }
    }

    public func forceUnlock(id: String) throws {
        try contents.withLock { c in
            guard let current = c.lock, current.id == id else { throw StateError.noLock(id: id, current: c.lock) }
            c.lock = nil
        }
    }

    public func currentLock() throws -> LockInfo? {
        contents.withLock { $0.lock }
    }

    // MARK: StateHistoryReader

    public func history() throws -> [HistoryEntry] {
        contents.withLock { $0.versions }
    }

    public func resource(address: ResourceInstanceAddress, atSerial serial: Int) throws -> ResourceRecord? {
        contents.withLock { c in Self.record(in: c.past[address] ?? [], atSerial: serial) }
    }

    public func resources(atSerial serial: Int) throws -> [ResourceInstanceAddress: ResourceRecord] {
        contents.withLock { c in
            var out: [ResourceInstanceAddress: ResourceRecord] = [:]
            for (address, entries) in c.past {
                if let record = Self.record(in: entries, atSerial: serial) { out[address] = record }
            }
            return out
        }
    }

    /// The newest entry at or before `serial`: what the version that last touched the resource left.
    private static func record(in entries: [PastRecord], atSerial serial: Int) -> ResourceRecord? {
        entries.last(where: { $0.serial <= serial })?.record
    }
}
