import CairnAddresses
import CairnProviderKit
import Foundation
import StateConformance
import Testing

@testable import CairnState

@Suite struct SQLiteStateStoreVersionTests {
    @Test func commitsSurviveReopen() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("cairn.db")
        let site = sampleRecord("site", dependencies: ["backend"])
        var backend = sampleRecord("backend[0]", id: "b-1")
        backend.status = .tainted
        do {
            let store = try SQLiteStateStore(path: path, key: testStateKey)
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(site), .upsert(backend), .upsert(sampleRecord("old"))])
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.remove(address: "old"), .remove(address: "never-existed")])
        }
        let snapshot = try SQLiteStateStore(path: path, key: testStateKey).snapshot()
        #expect(snapshot.serial == 2)
        #expect(snapshot.resources == ["site": site, "backend[0]": backend])
        #expect(snapshot.resources["backend[0]"]?.status == .tainted)
        #expect(snapshot.resources["site"]?.attributes["token"] == .sensitive("s3cret"))
        #expect(snapshot.resources["site"]?.dependencies == ["backend"])
    }

    @Test func upsertReplacesTheWholeRecord() throws {
        try withStore { store, _ in
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(sampleRecord("a", content: "one"))])
            let replacement = ResourceRecord(
                address: "a", type: "local.file", provider: "local.alt", id: "id-2",
                inputs: [:], attributes: ["only": true], dependencies: ["z"])
            try store.commit([.upsert(replacement)])
            #expect(try store.snapshot().resources == ["a": replacement])
        }
    }

    @Test func recordsWithAwkwardValuesRoundTrip() throws {
        try withStore { store, _ in
            let record = ResourceRecord(
                address: #"backend["eu \"west\""]"#, type: "null.thing", provider: "null", id: "",
                inputs: ["$sensitive": "a key that looks like a wrapper", "pending": .unknown],
                attributes: ["nested": [["deep": [.sensitive(1.5), nil, false]]], "unicode": "é🪨\n\t\u{1}"],
                dependencies: [])
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(record)])
            #expect(try store.snapshot().resources[record.address] == record)
            #expect(try store.resource(address: record.address, atSerial: 1) == record)
        }
    }

    @Test func historyListsVersionsOldestFirstWithSummaryAndStatus() throws {
        try withStore { store, _ in
            let start = Date()
            let first = try store.beginVersion(command: "apply", user: "ana")
            #expect(try store.history().map(\.status) == ["running"])
            try store.finishVersion(serial: first, summary: ChangeSummary(added: 3), status: "complete")
            let second = try store.beginVersion(command: "destroy", user: "bo")
            try store.finishVersion(serial: second, summary: ChangeSummary(changed: 1, destroyed: 2), status: "failed")
            _ = try store.beginVersion(command: "apply --target site", user: "ana")

            let history = try store.history()
            #expect(history.map(\.serial) == [1, 2, 3])
            #expect(history.map(\.command) == ["apply", "destroy", "apply --target site"])
            #expect(history.map(\.user) == ["ana", "bo", "ana"])
            #expect(history.map(\.status) == ["complete", "failed", "running"])
            #expect(history[0].summary == ChangeSummary(added: 3, changed: 0, destroyed: 0))
            #expect(history[1].summary == ChangeSummary(added: 0, changed: 1, destroyed: 2))
            #expect(history[2].summary == ChangeSummary())
            for entry in history {
                #expect(abs(entry.time.timeIntervalSince(start)) < 60)
            }
        }
    }

    @Test func finishingAnUnknownVersionThrows() throws {
        try withStore { store, _ in
            let error = try #require(throws: StateError.self) {
                try store.finishVersion(serial: 42, summary: ChangeSummary(), status: "complete")
            }
            #expect(error.message.contains("no version 42"))
        }
    }

    @Test func resourceAtSerialReconstructsPastVersions() throws {
        try withStore { store, _ in
            let one = sampleRecord("a", content: "one")
            let two = sampleRecord("a", content: "two")
            let four = sampleRecord("a", content: "four")
            let other = sampleRecord("b")

            _ = try store.beginVersion(command: "apply", user: "ana") // 1: a=one, b created
            try store.commit([.upsert(one)])
            try store.commit([.upsert(other)])
            _ = try store.beginVersion(command: "apply", user: "ana") // 2: a=two
            try store.commit([.upsert(sampleRecord("a", content: "interim"))])
            try store.commit([.upsert(two)])
            _ = try store.beginVersion(command: "apply", user: "ana") // 3: a removed
            try store.commit([.remove(address: "a")])
            _ = try store.beginVersion(command: "apply", user: "ana") // 4: a recreated
            try store.commit([.upsert(four)])

            #expect(try store.resource(address: "a", atSerial: 0) == nil)
            #expect(try store.resource(address: "a", atSerial: 1) == one)
            #expect(try store.resource(address: "a", atSerial: 2) == two)
            #expect(try store.resource(address: "a", atSerial: 3) == nil)
            #expect(try store.resource(address: "a", atSerial: 4) == four)
            #expect(try store.resource(address: "a", atSerial: 99) == four)
            #expect(try store.resource(address: "b", atSerial: 3) == other)
            #expect(try store.resource(address: "missing", atSerial: 4) == nil)
        }
    }

    @Test func removeAfterUpsertInOneVersionLeavesNothing() throws {
        try withStore { store, _ in
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(sampleRecord("a")), .remove(address: "a")])
            #expect(try store.snapshot().resources.isEmpty)
            #expect(try store.resource(address: "a", atSerial: 1) == nil)
        }
    }

    @Test func outputsRoundTripAndAreReplacedWhole() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("cairn.db")
        let outputs: [String: Value] = [
            "url": "https://example.test/a?b=\"c\"",
            "password": .sensitive("hunter2"),
            "servers": [["name": "a", "ports": [80, 443]], ["name": "b", "secret": .sensitive(["k": 1.25])]],
            "nothing": nil,
            "count": 3,
            "ratio": 0.1,
            "later": .unknown,
            "flag": false,
        ]
        do {
            let store = try SQLiteStateStore(path: path, key: testStateKey)
            try store.setOutputs(["stale": "gone soon"])
            try store.setOutputs(outputs)
        }
        let store = try SQLiteStateStore(path: path, key: testStateKey)
        #expect(try store.snapshot().outputs == outputs)
        try store.setOutputs([:])
        #expect(try store.snapshot().outputs == [:])
    }

    @Test func finishingWithOutputsWritesBothOrNeither() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let store = try SQLiteStateStore(path: folder.path("cairn.db"), key: testStateKey)
        let serial = try store.beginVersion(command: "apply", user: "ana")
        try store.finishVersion(
            serial: serial, summary: ChangeSummary(added: 2), status: "complete",
            outputs: ["url": "https://example.test", "key": .sensitive("k")])
        #expect(try store.snapshot().outputs == ["url": "https://example.test", "key": .sensitive("k")])
        #expect(try store.history().last?.status == "complete")
        #expect(try store.history().last?.summary == ChangeSummary(added: 2))
        // A version that does not exist fails the whole transaction: the outputs stay as they were.
        #expect(throws: StateError.self) {
            try store.finishVersion(serial: serial + 5, summary: ChangeSummary(), status: "complete", outputs: ["url": "changed"])
        }
        #expect(try store.snapshot().outputs == ["url": "https://example.test", "key": .sensitive("k")])
    }

    @Test func tenThousandResourcesRoundTrip() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path("cairn.db")
        var expected: [ResourceInstanceAddress: ResourceRecord] = [:]
        for index in 0..<10_000 {
            let address: ResourceInstanceAddress = "file[\(index)]"
            var record = sampleRecord(
                address, id: "id-\(index)", content: .string("content \(index)"),
                dependencies: index > 0 ? ["file_\(index - 1)", "module.m[\"k\"].data.d"] : [])
            record.attributes["index"] = .number(Double(index))
            expected[address] = record
        }
        do {
            let store = try SQLiteStateStore(path: path, key: testStateKey)
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit(expected.values.map(StateChange.upsert))
        }
        let store = try SQLiteStateStore(path: path, key: testStateKey)
        let snapshot = try store.snapshot()
        #expect(snapshot.resources.count == 10_000)
        #expect(snapshot.resources["file[9999]"]?.attributes["index"] == 9999)
        #expect(snapshot.resources["file[5000]"]?.dependencies == ["file_4999", "module.m[\"k\"].data.d"])
        #expect(snapshot.resources == expected)
        #expect(try store.resource(address: "file[1234]", atSerial: 1) == expected["file[1234]"])
    }
}
