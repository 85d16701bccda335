import CairnAddresses
import CairnProviderKit
import CairnState
import Foundation
import Testing

@testable import CairnCore

/// The saved-plan format: every field survives a round trip, secrets are sealed, and a file of
/// another format or a damaged one is refused with a message that says what to do.
@Suite struct PlanFileFormatTests {
    static let secret = "s3cret-token-Kq81"
    static let password = "pw-Zt5hWqP0xL"

    /// A plan with something in every field, secrets in each place a value can be.
    static func fullPlan() -> Plan {
        func at(_ text: String) -> ResourceInstanceAddress { try! ResourceInstanceAddress.parse(text) }
        let web = at("web[\"a\"]")
        let record = ResourceRecord(
            address: web, type: try! ResourceType.parse("local.file"), provider: "local",
            id: "id-1", inputs: ["content": .sensitive(.string(password))],
            attributes: ["content": .sensitive(.string(password)), "size": 3],
            dependencies: [try! ResourceAddress.parse("db")], status: .tainted)
        let change = PlannedChange(
            action: .replace, address: web, type: try! ResourceType.parse("local.file"), providerKey: "local.alt",
            priorID: "id-1", before: ["content": .sensitive(.string(password))],
            after: ["content": .sensitive(.string(secret)), "id": .unknown, "list": [1, .sensitive(.string(secret))]],
            inputs: ["content": .sensitive(.string(secret))], changed: ["content"], forcedBy: ["path"],
            dependencies: [try! ResourceAddress.parse("db")], createBeforeDestroy: true, reason: nil)
        let delete = PlannedChange(
            action: .delete, address: at("module.app.old[2]"), type: try! ResourceType.parse("null.resource"), providerKey: "null",
            priorID: "x", before: [:], after: nil, inputs: nil, changed: [], forcedBy: [], dependencies: [],
            createBeforeDestroy: false, reason: "no longer in configuration")
        var plan = Plan(
            cairnVersion: "9.9.9", createdAt: Date(timeIntervalSince1970: 1_780_000_000), stack: "demo", directory: "/tmp/demo",
            sources: ["stack.yaml": "stack: demo\n"],
            variables: ["token": .sensitive(.string(secret)), "name": "plain"],
            lineage: "lin-1", serial: 7, destroy: false, targets: [try! AddressTarget.parse("web")], changes: [change, delete],
            drift: [
                Drift(
                    address: at("data.zone"), type: try! ResourceType.parse("dns.zone"), changed: ["ttl"], deleted: false,
                    before: ["ttl": 60, "key": .sensitive(.string(password))], after: ["ttl": 30])
            ],
            outputs: [
                "token": OutputChange(before: nil, after: .sensitive(.string(secret)), sensitive: true),
                "count": OutputChange(before: 1, after: 2, sensitive: false),
            ],
            data: [at("data.zone"): ["ttl": 30, "secret": .sensitive(.string(secret))]],
            refreshed: [record])
        plan.recovered = [RecoveredOperation(intentID: "i-1", address: web, action: "create", outcome: .adopted, record: record)]
        plan.moves = [PlannedMove(from: at("a"), to: at("b[0]"))]
        plan.forgotten = [at("gone")]
        return plan
    }

    static let box = try! SecretBox(key: Data(repeating: 7, count: 32))

    func refusal(_ data: Data, path: String = "/tmp/x.plan") -> String? {
        do {
            _ = try PlanFileFormat.decode(data, path: path).plan(openingWith: Self.box)
            return nil
        } catch let e as DiagnosticError {
            return e.diagnostics.map { "\($0.message) | \($0.hint ?? "")" }.joined(separator: "\n")
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func everyFieldSurvivesARoundTripWithSecretsSealed() throws {
        let plan = Self.fullPlan()
        let data = try PlanFileFormat.encode(plan, sealingWith: Self.box)
        #expect(try PlanFileFormat.decode(data, path: "p").holdsSealedValues)
        #expect(data.range(of: Data(Self.secret.utf8)) == nil)
        #expect(data.range(of: Data(Self.password.utf8)) == nil)
        #expect(data.range(of: Data(#""format_version":2"#.utf8)) != nil)
        let back = try PlanFileFormat.decode(data, path: "p").plan(openingWith: Self.box)
        #expect(back == plan)
        #expect(back.changes[0].address.key == .key("a") && back.changes[0].address.resource.name == "web")
    }

    @Test func aPlanWithoutSecretsNeedsNoUnsealing() throws {
        var plan = Self.fullPlan()
        plan.changes = [plan.changes[1]]
        plan.variables = ["name": "plain"]
        plan.outputs = [:]
        plan.drift = []
        plan.data = [:]
        plan.refreshed = []
        plan.recovered = []
        let data = try PlanFileFormat.encode(plan, sealingWith: Self.box)
        #expect(data.range(of: Data("$sealed".utf8)) == nil)
        let sealed = try PlanFileFormat.decode(data, path: "p")
        #expect(!sealed.holdsSealedValues)
        #expect(try sealed.plan(openingWith: nil) == plan)
        #expect(try sealed.plan(openingWith: try SecretBox(key: Data(repeating: 9, count: 32))) == plan)
    }

    @Test func anotherFormatIsRefusedNamingFileVersionsAndTheFix() throws {
        let data = try PlanFileFormat.encode(Self.fullPlan(), sealingWith: Self.box)
        let newer = String(decoding: data, as: UTF8.self).replacingOccurrences(of: #""format_version":2"#, with: #""format_version":7"#)
        let message = try #require(refusal(Data(newer.utf8), path: "/tmp/x.plan"))
        #expect(message.contains("plan file /tmp/x.plan has format 7, which a newer Cairn wrote"))
        #expect(message.contains("reads plan format 2 only"))
        #expect(message.contains("make the plan again with this cairn: `cairn plan -o /tmp/x.plan`"))

        // Format 1: the in-memory plan as it was, keyed `formatVersion`.
        let legacy = #"{"formatVersion":1,"stack":"demo","variables":{"token":"plain text"}}"#
        let old = try #require(refusal(Data(legacy.utf8)))
        #expect(old.contains("has format 1;"))
        #expect(old.contains("reads plan format 2 only"))
    }

    @Test func aDamagedFileIsRefused() throws {
        let data = try PlanFileFormat.encode(Self.fullPlan(), sealingWith: Self.box)
        let truncated = try #require(refusal(data.prefix(data.count / 2)))
        #expect(truncated.contains("/tmp/x.plan is not a Cairn plan file, or it is damaged"))
        #expect(try #require(refusal(Data("not json".utf8))).contains("is not a Cairn plan file"))

        let text = String(decoding: data, as: UTF8.self)
        let badAction = text.replacingOccurrences(of: #""action":"replace""#, with: #""action":"explode""#)
        #expect(
            try #require(refusal(Data(badAction.utf8))).contains("plan file /tmp/x.plan is damaged: \"explode\" is not a change action"))
        let noChanges = text.replacingOccurrences(of: #""changes":"#, with: #""chonges":"#)
        #expect(try #require(refusal(Data(noChanges.utf8))).contains("plan file /tmp/x.plan is damaged: changes is missing"))
        let badAddress = text.replacingOccurrences(of: #""forgotten":["gone"]"#, with: #""forgotten":["no good!"]"#)
        #expect(try #require(refusal(Data(badAddress.utf8))).contains("is damaged: \"no good!\" is not a valid address"))
    }

    @Test func secretsDoNotOpenWithAnotherKey() throws {
        let data = try PlanFileFormat.encode(Self.fullPlan(), sealingWith: Self.box)
        let other = try SecretBox(key: Data(repeating: 8, count: 32))
        #expect(throws: DiagnosticError.self) { try PlanFileFormat.decode(data, path: "p").plan(openingWith: other) }
        do {
            _ = try PlanFileFormat.decode(data, path: "p").plan(openingWith: other)
        } catch let e as DiagnosticError {
            #expect(e.diagnostics.first?.message == "the secrets in plan file p do not open with this state's key")
        }
    }
}
