import CairnAddresses
import CairnProviderKit
import Foundation
import StateConformance

@testable import CairnState

/// A fresh folder per test, so tests can run in parallel.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("cairn-state-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Runs `body` with a store in a new temporary folder, removing the folder afterwards.
func withStore<T>(_ body: (SQLiteStateStore, TemporaryFolder) throws -> T) throws -> T {
    let folder = try TemporaryFolder()
    defer { folder.remove() }
    let store = try SQLiteStateStore(path: folder.path("state/cairn.db"), key: testStateKey)
    return try body(store, folder)
}

func permissions(of path: String) throws -> Int {
    let attributes = try FileManager.default.attributesOfItem(atPath: path)
    return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

func sampleRecord(
    _ address: ResourceInstanceAddress, id: String = "id-1", content: Value = "hello",
    dependencies: [ResourceAddress] = []
) -> ResourceRecord {
    ResourceRecord(
        address: address,
        type: "local.file",
        provider: "local",
        id: id,
        inputs: ["path": .string("/tmp/\(address)"), "content": content],
        attributes: [
            "path": .string("/tmp/\(address)"), "content": content, "size": 5,
            "token": .sensitive("s3cret"),
        ],
        dependencies: dependencies
    )
}

/// A fixed key for test databases.
let testStateKey = Data(repeating: 0x5a, count: 32)
