import CairnAddresses
import CairnProviderKit
import Foundation
import StateConformance
import Testing

@testable import CairnState

@Suite struct StateEncryptionTests {
    func record(_ secret: String) -> ResourceRecord {
        ResourceRecord(
            address: "pw", type: "random.password", provider: "random", id: "none",
            inputs: ["length": 16, "note": .sensitive(.string(secret + "-input"))],
            attributes: ["result": .sensitive(.string(secret)), "nested": ["k": .sensitive(.list([.string(secret + "-nested")]))]],
            dependencies: [])
    }

    @Test func secretsNeverReachTheFileInPlainText() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("s.db")
        let secret = "hunter2-\(UUID().uuidString)"
        do {
            let store = try SQLiteStateStore(path: path, key: testStateKey)
            _ = try store.beginVersion(command: "apply", user: "t")
            try store.recordIntent(
                PendingOperation(
                    serial: 1, address: "pw2", action: .create, type: "random.password", provider: "random",
                    priorID: nil, inputs: ["x": .sensitive(.string(secret + "-intent"))], dependencies: []))
            try store.commit([.upsert(record(secret))])
            try store.setOutputs(["token": .sensitive(.string(secret + "-output"))])
        }
        var bytes = Data()
        for suffix in ["", "-wal"] {
            if let d = FileManager.default.contents(atPath: path + suffix) { bytes.append(d) }
        }
        #expect(!bytes.isEmpty)
        #expect(bytes.range(of: Data("hunter2".utf8)) == nil)

        let reopened = try SQLiteStateStore(path: path, key: testStateKey)
        let snap = try reopened.snapshot()
        #expect(snap.resources["pw"] == record(secret))
        #expect(snap.outputs["token"] == .sensitive(.string(secret + "-output")))
        #expect(snap.pending.first?.inputs["x"] == .sensitive(.string(secret + "-intent")))
        #expect(try reopened.resource(address: "pw", atSerial: 1) == record(secret))
    }

    @Test func wrongKeyIsRefusedAndChangesNothing() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("s.db")
        do {
            let store = try SQLiteStateStore(path: path, key: testStateKey)
            _ = try store.beginVersion(command: "apply", user: "t")
            try store.commit([.upsert(record("x"))])
        }
        let before = FileManager.default.contents(atPath: path)
        let error = try #require(throws: StateError.self) {
            try SQLiteStateStore(path: path, key: Data(repeating: 1, count: 32))
        }
        #expect(error.message.contains("does not match"))
        #expect(FileManager.default.contents(atPath: path) == before)
        #expect(throws: StateError.self) { try SQLiteStateStore(path: path, key: Data(repeating: 1, count: 7)) }
        #expect(SQLiteStateStore.hasKeyCheck(path: path))
    }

    @Test func secretBoxDetectsTampering() throws {
        let box = try SecretBox(key: testStateKey)
        var sealed = try box.seal(Data("payload".utf8))
        #expect(try box.open(sealed) == Data("payload".utf8))
        sealed[sealed.count / 2] ^= 0x01
        #expect(throws: SecretBoxError.self) { try box.open(sealed) }
        let other = try SecretBox(key: Data(repeating: 9, count: 32))
        #expect(throws: SecretBoxError.self) { try other.open(try box.seal(Data("x".utf8))) }
        #expect(try box.open(try box.seal(Data())) == Data())
    }
}
