import CairnAddresses
import CairnProviderKit
import GRDB
import StateConformance
import Testing

@testable import CairnState

/// Addresses are text in the state file and typed once read: module paths and awkward keys come
/// back exactly, and a column that does not parse is reported as damage.
@Suite struct StateAddressColumnTests {
    @Test func aRecordInsideAModuleLoadsAndPrintsAsWritten() throws {
        try withStore { store, folder in
            let address = try ResourceInstanceAddress.parse(#"module.app["api"].module.db[0].file["a\"b"]"#)
            #expect(address.module.steps.count == 2)
            let record = sampleRecord(address, dependencies: [try ResourceAddress.parse("module.app.data.zone"), "site"])
            let serial = try store.beginVersion(command: "apply", user: "ana")
            try store.recordIntent(
                PendingOperation(
                    serial: serial, address: address, action: .update, type: "local.file",
                    provider: "local", priorID: "id-1", inputs: [:], dependencies: record.dependencies))
            try store.commit([.upsert(record)])

            let reopened = try SQLiteStateStore(path: folder.path("state/cairn.db"), key: testStateKey)
            let snapshot = try reopened.snapshot()
            #expect(snapshot.resources[address] == record)
            #expect(snapshot.resources.keys.map(\.description) == [#"module.app["api"].module.db[0].file["a\"b"]"#])
            #expect(snapshot.pending.first?.address == address)
            #expect(snapshot.pending.first?.dependencies.map(\.description) == ["module.app.data.zone", "site"])
            #expect(try reopened.resource(address: address, atSerial: serial) == record)
            #expect(try reopened.resources(atSerial: serial)[address] == record)

            // The column holds the text, so other tools (and older readers) see the address as printed.
            let text = try DatabaseQueue(path: folder.path("state/cairn.db")).read { db in
                try String.fetchOne(db, sql: "SELECT address FROM resources")
            }
            #expect(text == address.description)
        }
    }

    @Test func aMalformedAddressColumnIsReportedAsDamage() throws {
        try withStore { store, folder in
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(sampleRecord("site"))])
            try DatabaseQueue(path: folder.path("state/cairn.db")).write { db in
                try db.execute(sql: "UPDATE resources SET address = 'site[' WHERE address = 'site'")
            }
            let error = #expect(throws: StateError.self) { try store.snapshot() }
            #expect(error?.message.contains("is damaged") == true)
            #expect(error?.message.contains(#""site[" is not a valid address"#) == true)
        }
    }

    @Test func aMalformedTypeColumnIsReportedAsDamage() throws {
        try withStore { store, folder in
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(sampleRecord("site"))])
            try DatabaseQueue(path: folder.path("state/cairn.db")).write { db in
                try db.execute(sql: "UPDATE resources SET type = 'nodot'")
            }
            let error = #expect(throws: StateError.self) { try store.snapshot() }
            #expect(error?.message.contains("resource site has a malformed type") == true)
        }
    }
}
