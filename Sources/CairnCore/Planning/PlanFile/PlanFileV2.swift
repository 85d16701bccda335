import CairnProviderKit
import Foundation

/// Format 2 of the plan file, as it is written to disk: its own types with explicit keys, so the
/// in-memory `Plan` can change shape without changing what a file says. Values are stored with
/// every sensitive part sealed (`{"$sealed": …}`); addresses are stored as text.
///
/// Changing anything here changes the format: add a `PlanFileV3` instead and bump
/// `PlanFileFormat.current`.
struct PlanFileV2: Codable {
    var formatVersion: Int
    var cairnVersion: String
    var createdAt: String
    var stack: String
    var directory: String
    var sources: [String: String]
    var variables: [String: Value]
    var state: StateVersion
    var destroy: Bool
    var targets: [String]
    var changes: [Change]
    var drift: [DriftEntry]
    var outputs: [String: Output]
    var data: [String: [String: Value]]
    var refreshed: [Record]
    var recovered: [Recovered]
    var moves: [Move]
    var forgotten: [String]

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version"
        case cairnVersion = "cairn_version"
        case createdAt = "created_at"
        case stack, directory, sources, variables, state, destroy, targets, changes, drift, outputs, data
        case refreshed, recovered, moves, forgotten
    }

    /// The state version the plan was made against; applying it elsewhere is refused as stale.
    struct StateVersion: Codable {
        var lineage: String
        var serial: Int
    }

    struct Change: Codable {
        var action: String
        var address: String
        var type: String
        var provider: String
        var priorID: String?
        var before: [String: Value]?
        var after: [String: Value]?
        var inputs: [String: Value]?
        var changed: [String]
        var forcedBy: [String]
        var dependencies: [String]
        var createBeforeDestroy: Bool
        var reason: String?

        enum CodingKeys: String, CodingKey {
            case action, address, type, provider
            case priorID = "prior_id"
            case before, after, inputs, changed
            case forcedBy = "forced_by"
            case dependencies
            case createBeforeDestroy = "create_before_destroy"
            case reason
        }
    }

    struct DriftEntry: Codable {
        var address: String
        var type: String
        var changed: [String]
        var deleted: Bool
        var before: [String: Value]
        var after: [String: Value]?

        enum CodingKeys: String, CodingKey { case address, type, changed, deleted, before, after }
    }

    struct Output: Codable {
        var before: Value?
        var after: Value?
        var sensitive: Bool

        enum CodingKeys: String, CodingKey { case before, after, sensitive }
    }

    struct Record: Codable {
        var address: String
        var type: String
        var provider: String
        var id: String
        var inputs: [String: Value]
        var attributes: [String: Value]
        var dependencies: [String]
        var status: String

        enum CodingKeys: String, CodingKey { case address, type, provider, id, inputs, attributes, dependencies, status }
    }

    struct Recovered: Codable {
        var intentID: String
        var address: String
        var action: String
        var outcome: String
        var record: Record?

        enum CodingKeys: String, CodingKey {
            case intentID = "intent_id"
            case address, action, outcome, record
        }
    }

    struct Move: Codable {
        var from: String
        var to: String

        enum CodingKeys: String, CodingKey { case from, to }
    }
}
