import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation

/// Records, intents and outputs with the values a store must keep exactly: sensitive marks,
/// unknowns, nesting, awkward text.
enum Samples {
    static func record(
        _ address: ResourceInstanceAddress, content: Value = "hello", id: String = "id-1",
        dependencies: [ResourceAddress] = []
    ) -> ResourceRecord {
        ResourceRecord(
            address: address, type: "local.file", provider: "local", id: id,
            inputs: ["path": .string("/tmp/\(address)"), "content": content, "later": .unknown],
            attributes: [
                "path": .string("/tmp/\(address)"), "content": content, "size": 5,
                "token": .sensitive("s3cret"), "nested": [["deep": [.sensitive(1.5), nil, false]]],
                "unicode": "é🪨\n\t\u{1}",
            ],
            dependencies: dependencies)
    }

    /// An intent started at a whole millisecond (the precision stores keep).
    static func intent(
        _ address: ResourceInstanceAddress, id: String, serial: Int, action: PendingOperation.Action = .create,
        startedAtMillisecond ms: Int64 = 1_700_000_000_123
    ) -> PendingOperation {
        PendingOperation(
            id: id, serial: serial, address: address, action: action, type: "local.file", provider: "local",
            priorID: action == .create ? nil : "prior-\(address)",
            inputs: ["path": .string("/tmp/\(address)"), "secret": .sensitive("pw")],
            dependencies: ["dep"], startedAt: Date(timeIntervalSince1970: Double(ms) / 1000))
    }

    static let outputs: [String: Value] = [
        "url": "https://example.test/a?b=\"c\"",
        "password": .sensitive("hunter2"),
        "servers": [["name": "a", "ports": [80, 443]], ["name": "b", "secret": .sensitive(["k": 1.25])]],
        "nothing": nil,
        "count": 3,
        "later": .unknown,
        "flag": false,
    ]
}
