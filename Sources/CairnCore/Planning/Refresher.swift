import CairnAddresses
import CairnProviderKit
import CairnState

/// Reads every recorded resource from its provider, in parallel, and reports what drifted.
struct Refresher {
    let providers: ProviderSet
    let registry: ProviderRegistry
    let parallelism: Int

    struct Result {
        /// Address → refreshed record, nil when the object is gone. Only records the read changed
        /// are here: an unchanged one is the record read, so callers fall back to it.
        var records: [ResourceInstanceAddress: ResourceRecord?] = [:]
        var drift: [Drift] = []
    }

    /// What a worker found that the plan needs: records the read changed, drift, failures.
    private struct Findings: Sendable {
        var records: [(ResourceInstanceAddress, ResourceRecord?)] = []
        var drift: [Drift] = []
        var failures: [Diagnostic] = []
    }

    func refresh<Records: Collection & Sendable>(_ records: Records) async throws -> Result
    where Records.Element == ResourceRecord, Records.Index: Sendable {
        var result = Result()
        var bag = DiagnosticBag()
        // `parallelism` workers take the records in order, one read at a time each: the same bound
        // on reads in flight as a task per record, without creating and scheduling one per record.
        // On big stacks they take a few records per turn of the queue's lock.
        let workers = min(max(1, parallelism), records.count)
        let batch = max(1, min(16, records.count / (workers * 8)))
        let queue = WorkQueue(records)
        await withTaskGroup(of: Findings.self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var found = Findings()
                    var types = ProviderCache(providers)
                    while let records = queue.nextBatch(batch) {
                        for r in records {
                            switch await self.read(r, types: &types) {
                            case .unchanged:
                                break
                            case .changed(let refreshed):
                                found.records.append((r.address, refreshed))
                                if let d = Self.drift(r, refreshed) { found.drift.append(d) }
                            case .failed(let d):
                                found.failures.append(d)
                            }
                        }
                    }
                    return found
                }
            }
            var failures: [Diagnostic] = []
            for await found in group {
                for (address, record) in found.records { result.records[address] = .some(record) }
                result.drift += found.drift
                failures += found.failures
            }
            // Workers finish in any order: the report lists failed reads by address.
            failures.sort(by: Diagnostic.inReportOrder)
            bag.append(contentsOf: failures)
        }
        try bag.throwIfErrors()
        result.drift.sort { $0.address < $1.address }
        return result
    }

    /// What one read found.
    private enum Outcome {
        /// The object is as recorded.
        case unchanged
        /// The object changed, or is gone (nil).
        case changed(ResourceRecord?)
        case failed(Diagnostic)
    }

    /// `types`: this worker's providers and their schemas, kept from record to record.
    private func read(_ record: ResourceRecord, types: inout ProviderCache) async -> Outcome {
        let kind = record.type.kind
        do {
            let known = try await types.resource(key: record.provider, providerName: record.type.provider, kind: kind)
            let provider = known.provider
            let schema = known.schema ?? ResourceSchema(properties: [:])
            let current = ResourceObject(id: record.id, attributes: record.attributes.deepUnmarked)
            guard let obj = try await provider.read(ReadRequest(kind: kind, current: current)).object else { return .changed(nil) }
            let attributes = Differ.markSensitive(obj.attributes, schema: schema, proposed: record.attributes)
            // Cheap when the provider handed back the attributes it was given: the same storage.
            if obj.id == record.id && attributes == record.attributes { return .unchanged }
            var updated = record
            updated.id = obj.id
            updated.attributes = attributes
            return .changed(updated)
        } catch let d as Diagnostic {
            return .failed(Diagnostic.error("refreshing: \(d.message)", at: d.location, address: record.address, hint: d.hint))
        } catch let e as ProviderError {
            return .failed(.error("reading \(record.type) \"\(record.id)\" failed: \(e.message)", address: record.address, hint: e.hint))
        } catch {
            return .failed(.error("reading \(record.type) \"\(record.id)\" failed: \(error)", address: record.address))
        }
    }

    static func drift(_ before: ResourceRecord, _ after: ResourceRecord?) -> Drift? {
        guard let after else {
            return Drift(address: before.address, type: before.type, changed: [], deleted: true, before: before.attributes, after: nil)
        }
        // The usual case, cheap when the provider handed back the attributes it was given.
        if after.attributes == before.attributes { return nil }
        let keys = Set(before.attributes.keys).union(after.attributes.keys)
        let changed = keys.filter { k in
            let b = before.attributes[k] ?? .null
            let a = after.attributes[k] ?? .null
            return !(b.deepUnmarked == a.deepUnmarked || Differ.equivalent(b, a))
        }.sorted()
        guard !changed.isEmpty else { return nil }
        return Drift(
            address: before.address, type: before.type, changed: changed, deleted: false,
            before: before.attributes, after: after.attributes)
    }
}
