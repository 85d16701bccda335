import ArgumentParser
import CairnAddresses
import CairnCore
import CairnProviderKit
import CairnState
import Foundation

struct StateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Inspect and edit the state.",
        subcommands: [
            StateList.self, StateShow.self, StateMove.self, StateRemove.self, StateHistory.self, StateRollback.self,
            StateUnlock.self, StateRekey.self,
        ])
}

struct StateList: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the addresses in state.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let s = try locator.openExisting(global: global).snapshot()
            let addresses = s.resources.keys.sorted()
            if json {
                Terminal.out(Value.list(addresses.map { .string($0.description) }).jsonString())
            } else {
                for a in addresses { Terminal.out(a.description) }
            }
        }
    }
}

struct StateShow: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one resource in state.")
    @Argument(help: "The address.") var address: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Option(name: .long, help: "Show the resource as it was at the end of this version.") var serial: Int?
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        let t = global.terminal
        try await ErrorReport.run(t) {
            let typed = try AddressArguments.instance(address)
            let store = try locator.openExisting(global: global)
            let record: ResourceRecord?
            if let serial {
                record = try store.resource(address: typed, atSerial: serial)
            } else {
                record = try store.snapshot().resources[typed]
            }
            guard let record else {
                let all = try store.snapshot().resources.keys.map(\.description)
                throw DiagnosticError(
                    .error(
                        "no resource \(address) in state" + (serial.map { " at serial \($0)" } ?? ""),
                        hint: Suggestion.hint(for: address, among: all) ?? "see `cairn state list`"))
            }
            Terminal.out(json ? StateJSON.record(record).jsonString() : StateJSON.text(record, t: t))
        }
    }
}

struct StateMove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Rename a resource in state (one instance, or every instance of a bare name) without touching it.")
    @Argument(help: "The current address.") var from: String
    @Argument(help: "The new address.") var to: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let src = try AddressArguments.instance(from)
            let dst = try AddressArguments.instance(to)
            let store = try locator.openExisting(global: global)
            let moved = try await LockScope.acquire(store, operation: "state mv").run { () -> Int in
                let s = try store.snapshot()
                var pairs: [(ResourceRecord, ResourceInstanceAddress)] = []
                if let r = s.resources[src] {
                    pairs = [(r, dst)]
                } else if src.key == .none && dst.key == .none {
                    pairs = s.resources.values.compactMap { r in
                        r.address.resource == src.resource ? (r, dst.resource.instance(r.address.key)) : nil
                    }
                }
                guard !pairs.isEmpty else {
                    throw DiagnosticError(.error("no resource \(from) in state", hint: "see `cairn state list`"))
                }
                for (_, target) in pairs where s.resources[target] != nil {
                    throw DiagnosticError(
                        .error("\(target) already exists in state", hint: "remove it first with `cairn state rm \(target)`"))
                }
                try AutoBackup.run(store, locator: locator, global: global)
                let serial = try store.beginVersion(command: "state mv \(from) \(to)", user: Identity.user)
                var changes: [StateChange] = []
                for (r, target) in pairs {
                    var moved = r
                    moved.address = target
                    changes += [.remove(address: r.address), .upsert(moved)]
                }
                try store.commit(changes)
                try store.finishVersion(serial: serial, summary: ChangeSummary(changed: pairs.count), status: "complete")
                return pairs.count
            }
            Terminal.out("Moved \(moved) resource\(moved == 1 ? "" : "s") from \(from) to \(to).")
        }
    }
}

struct StateRemove: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rm",
        abstract: "Forget a resource (one instance, or every instance of a bare name) without destroying it.")
    @Argument(help: "The address.") var address: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let target = try AddressArguments.target(address)
            let store = try locator.openExisting(global: global)
            let removed = try await LockScope.acquire(store, operation: "state rm").run { () -> [ResourceInstanceAddress] in
                let s = try store.snapshot()
                let matches = s.resources.keys.filter(target.selects).sorted()
                guard !matches.isEmpty else {
                    throw DiagnosticError(.error("no resource \(address) in state", hint: "see `cairn state list`"))
                }
                try AutoBackup.run(store, locator: locator, global: global)
                let serial = try store.beginVersion(command: "state rm \(address)", user: Identity.user)
                try store.commit(matches.map { .remove(address: $0) })
                try store.finishVersion(serial: serial, summary: ChangeSummary(destroyed: matches.count), status: "complete")
                return matches
            }
            for a in removed { Terminal.out("Removed \(a) from state (the real object was not touched).") }
        }
    }
}

struct StateHistory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "List the state's versions.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator
    @Flag(name: .long, help: "Print JSON.") var json = false

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let entries = try locator.openExisting(global: global).history()
            let fmt = ISO8601DateFormatter()
            if json {
                Terminal.out(
                    Value.list(
                        entries.map { e in
                            .map([
                                "serial": .number(Double(e.serial)), "time": .string(fmt.string(from: e.time)), "user": .string(e.user),
                                "command": .string(e.command), "status": .string(e.status), "added": .number(Double(e.summary.added)),
                                "changed": .number(Double(e.summary.changed)), "destroyed": .number(Double(e.summary.destroyed)),
                            ])
                        }
                    ).jsonString())
                return
            }
            Terminal.out("SERIAL  TIME                  USER         STATUS    +/~/-        COMMAND")
            for e in entries {
                let counts = "\(e.summary.added)/\(e.summary.changed)/\(e.summary.destroyed)"
                Terminal.out(
                    [
                        String(e.serial).padding(toLength: 7, withPad: " ", startingAt: 0), fmt.string(from: e.time),
                        e.user.padding(toLength: 12, withPad: " ", startingAt: 0),
                        e.status.padding(toLength: 9, withPad: " ", startingAt: 0),
                        counts.padding(toLength: 12, withPad: " ", startingAt: 0), e.command,
                    ].joined(separator: " "))
            }
        }
    }
}

struct StateUnlock: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "unlock", abstract: "Break a stale lock by its ID.")
    @Argument(help: "The lock ID (shown when a command finds the state locked).") var id: String
    @OptionGroup var global: GlobalOptions
    @OptionGroup var locator: StateLocator

    func run() async throws {
        try await ErrorReport.run(global.terminal) {
            let store = try locator.openExisting(global: global)
            try store.forceUnlock(id: id)
            Terminal.out("Lock \(id) released.")
        }
    }
}
