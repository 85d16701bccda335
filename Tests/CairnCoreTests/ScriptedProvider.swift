import CairnProviderKit
import Foundation

/// A provider for engine tests whose objects live in memory (its "cloud"): `script.thing`, named by
/// its `name` property. What a call does is scripted per name — fail, fail without knowing whether
/// it happened, take a while — and every call is logged with how many provider calls ran at once.
final class ScriptedProvider: Provider {
    enum Call: String, Sendable { case create, read, update, delete, adopt }

    struct Script: Sendable {
        /// Calls that report failure; nothing happens.
        var failing: Set<Call> = []
        /// Calls that happen, then report that their outcome is unknown (a timeout after the fact).
        var unknownOutcome: Set<Call> = []
        var delay: Duration = .zero
    }

    private struct World {
        var objects: [String: ResourceObject] = [:] // by id
        var scripts: [String: Script] = [:] // by name
        var log: [(call: Call, name: String)] = []
        var running = 0
        var mostRunning = 0
        var created = 0
    }

    private let world = Locked(World())
    /// Called as each create, update or delete starts, before it has any effect.
    private let observer: @Sendable (Call, String) -> Void

    init(observer: @escaping @Sendable (Call, String) -> Void = { _, _ in }) {
        self.observer = observer
    }

    var schema: ProviderSchema {
        ProviderSchema(
            name: "script", version: "1",
            resources: [
                "thing": ResourceSchema(properties: [
                    "name": .required(.string), "up": .optional(.string), "size": .optional(.number), "id": .computed(.string),
                ])
            ])
    }

    // MARK: What tests set and look at

    func script(_ name: String, _ script: Script) {
        world.withLock { $0.scripts[name] = script }
    }

    /// The objects that exist, by name; a name made twice shows up twice.
    var objectsByName: [String: [ResourceObject]] {
        world.withLock { w in Dictionary(grouping: w.objects.values) { $0.attributes["name"]?.stringValue ?? "" } }
    }

    var calls: [(call: Call, name: String)] { world.withLock { $0.log } }
    /// The most provider calls that were running at the same moment.
    var mostAtOnce: Int { world.withLock { $0.mostRunning } }

    // MARK: Provider

    func create(_ request: CreateRequest) async throws -> CreateResponse {
        let properties = request.properties
        return CreateResponse(
            object: try await perform(.create, name(properties)) { w in
                w.created += 1
                var attributes = properties
                let id = "\(properties["name"]?.stringValue ?? "?")-\(w.created)"
                attributes["id"] = .string(id)
                let object = ResourceObject(id: id, attributes: attributes)
                w.objects[id] = object
                return object
            })
    }

    func read(_ request: ReadRequest) async throws -> ReadResponse {
        let current = request.current
        return ReadResponse(object: try await perform(.read, name(current.attributes)) { w in w.objects[current.id] })
    }

    func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        let (prior, properties) = (request.prior, request.properties)
        return UpdateResponse(
            object: try await perform(.update, name(properties)) { w in
                guard w.objects[prior.id] != nil else { throw ProviderError("\(prior.id) does not exist") }
                var attributes = properties
                attributes["id"] = .string(prior.id)
                let object = ResourceObject(id: prior.id, attributes: attributes)
                w.objects[prior.id] = object
                return object
            })
    }

    func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        let current = request.current
        try await perform(.delete, name(current.attributes)) { w in w.objects[current.id] = nil }
        return DeleteResponse()
    }

    /// Finds what an interrupted create made, by its name.
    func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        let name = name(request.properties)
        return AdoptResponse(
            object: try await perform(.adopt, name) { w in
                w.objects.values.first { $0.attributes["name"]?.stringValue == name }
            })
    }

    private func name(_ properties: [String: Value]) -> String {
        properties["name"]?.stringValue ?? "?"
    }

    private func perform<T: Sendable>(
        _ call: Call, _ name: String,
        _ effect: @Sendable (inout World) throws -> T
    ) async throws -> T {
        let script = world.withLock { w in
            w.log.append((call, name))
            w.running += 1
            w.mostRunning = max(w.mostRunning, w.running)
            return w.scripts[name] ?? Script()
        }
        defer { world.withLock { $0.running -= 1 } }
        if call != .read && call != .adopt { observer(call, name) }
        if script.delay > .zero { try await Task.sleep(for: script.delay) }
        if script.failing.contains(call) { throw ProviderError("scripted \(call.rawValue) failure of \(name)") }
        let result = try world.withLock { try effect(&$0) }
        if script.unknownOutcome.contains(call) {
            var error = ProviderError("scripted \(call.rawValue) of \(name) timed out")
            error.outcomeUnknown = true
            throw error
        }
        return result
    }
}
