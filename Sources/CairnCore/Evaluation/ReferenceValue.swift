import CairnProviderKit
import CairnState

/// What a reference to a resource instance sees: its attributes plus `id`.
enum ReferenceValue {
    /// A recorded object; `id` comes from the record when the attributes lack it.
    static func of(_ record: ResourceRecord) -> Value {
        if record.attributes["id"] != nil { return .map(record.attributes) } // shares the record's storage
        var attrs = record.attributes
        attrs["id"] = attrs["id"] ?? .string(record.id)
        return .map(attrs)
    }

    /// A planned change: an update keeps its id; a create or replace gets one only after apply.
    static func of(_ change: PlannedChange) -> Value {
        var attrs = change.after ?? [:]
        attrs["id"] = change.action == .update ? .string(change.priorID ?? "") : (attrs["id"] ?? .unknown)
        return .map(attrs)
    }
}
