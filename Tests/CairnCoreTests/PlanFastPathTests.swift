import CairnAddresses
import CairnProviderKit
import CairnState
import Testing

@testable import CairnCore

/// The shortcuts an in-sync plan takes must give the same answers as the long way.
@Suite struct PlanFastPathTests {
    @Test func deepUnmarkedStripsNestedMarksAndKeepsUnmarkedValues() {
        let marked: Value = .map(["a": .list([.sensitive("s"), 1]), "b": .map(["c": .sensitive(.sensitive(true))]), "d": "x"])
        let plain: Value = .map(["a": .list(["s", 1]), "b": .map(["c": true]), "d": "x"])
        #expect(marked.deepUnmarked == plain)
        #expect(plain.deepUnmarked == plain)
        #expect(!marked.deepUnmarked.containsSensitive)
        #expect(marked.containsSensitive && !plain.containsSensitive)
        #expect(Value.list([1, .map(["x": .list([.sensitive("deep")])])]).containsSensitive)
        #expect(!Value.list([1, .map(["x": .list(["shallow"])])]).containsSensitive)
        let dict: [String: Value] = ["k": .sensitive(.map(["n": .sensitive(2)])), "p": "q"]
        #expect(dict.deepUnmarked == ["k": .map(["n": 2]), "p": "q"])
        #expect(["p": "q"].deepUnmarked == ["p": "q"] as [String: Value])
    }

    @Test func mapsCompareWithMissingKeysAsNull() {
        #expect(Differ.equivalent(.map(["a": 1]), .map(["a": 1, "b": .null])))
        #expect(Differ.equivalent(.map(["a": 1, "b": .map([:])]), .map(["a": 1])))
        #expect(Differ.equivalent(.map(["a": 1]), .map(["a": .sensitive(1), "b": .list([])])))
        #expect(!Differ.equivalent(.map(["a": 1]), .map(["a": 1, "b": 2])))
        #expect(!Differ.equivalent(.map(["a": 1, "b": 2]), .map(["a": 1])))
        #expect(!Differ.equivalent(.map(["a": 1]), .map(["a": 2])))
        #expect(!Differ.equivalent(.map(["a": .unknown]), .map(["a": .unknown])))
    }

    private func record(_ attributes: [String: Value]) -> ResourceRecord {
        ResourceRecord(
            address: "r", type: "null.resource", provider: "null", id: "1", inputs: [:],
            attributes: attributes, dependencies: [])
    }

    @Test func driftIsNilForUnchangedAttributesAndNamesChangedOnes() {
        let before = record(["id": "1", "t": .map(["i": "0"]), "s": .sensitive("x")])
        #expect(Refresher.drift(before, before) == nil)
        #expect(Refresher.drift(before, record(["id": "1", "t": .map(["i": "0"]), "s": "x"])) == nil)
        let d = Refresher.drift(before, record(["id": "1", "t": .map(["i": "1"]), "s": .sensitive("x"), "n": 3]))
        #expect(d?.changed == ["n", "t"])
        #expect(Refresher.drift(before, nil)?.deleted == true)
    }

    @Test func typeSplitsAtTheFirstDotLikeSplit() {
        for type in ["null.resource", "a.b.c", "x", "", ".x", "x.", "a..b", "aws.s3.bucket"] {
            let parts = type.split(separator: ".", maxSplits: 1).map(String.init)
            let got = try? ResourceType.parse(type)
            if parts.count == 2 {
                #expect(got?.provider == parts[0] && got?.kind == parts[1], "\(type)")
            } else {
                #expect(got == nil, "\(type)") // no provider or no kind: refused where the type is read
            }
        }
    }

    @Test func workQueueHandsOutEveryElementOnce() async {
        let queue = WorkQueue(Array(0..<1000))
        let taken = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var mine: [Int] = []
                    while let b = queue.nextBatch(1) { mine += b }
                    return mine
                }
            }
            var all: [Int] = []
            for await part in group { all += part }
            return all
        }
        #expect(taken.sorted() == Array(0..<1000))
    }

    @Test func depthCheckAgreesWithNestingDepth() {
        var values: [Value] = [.null, 1, "s", .unknown, .list([]), .map([:]), .sensitive(.list([]))]
        for _ in 0..<3 {
            values +=
                values.map { Value.list([$0, 1]) } + values.map { Value.map(["k": $0, "n": .map([:])]) }
                + values.map { Value.sensitive($0) }
        }
        for v in values {
            for limit in 0...5 {
                #expect(DepthCheck.nests(v, deeperThan: limit) == (v.nestingDepth > limit), "\(v) \(limit)")
            }
        }
        var deep: Value = 1
        for _ in 0..<(Value.maxStoredDepth + 1) { deep = .list([deep]) }
        #expect(throws: Diagnostic.self) {
            try DepthCheck.check(deep, what: "x", at: SourceLocation(file: "f", line: 1, column: 1), address: nil)
        }
        #expect(throws: Never.self) {
            try DepthCheck.check(deep.listValue![0], what: "x", at: SourceLocation(file: "f", line: 1, column: 1), address: nil)
        }
    }

    @Test func workQueueBatchesCoverEveryElementOnceInOrder() async {
        let queue = WorkQueue(Array(0..<1003))
        let batches = await withTaskGroup(of: [[Int]].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var mine: [[Int]] = []
                    while let b = queue.nextBatch(16) { mine.append(Array(b)) }
                    return mine
                }
            }
            var all: [[Int]] = []
            for await part in group { all += part }
            return all
        }
        #expect(batches.allSatisfy { !$0.isEmpty && $0.count <= 16 && $0 == Array($0[0]..<$0[0] + $0.count) })
        #expect(batches.flatMap { $0 }.sorted() == Array(0..<1003))
        #expect(WorkQueue([1, 2]).nextBatch(0).map(Array.init) == [1])
        #expect(WorkQueue([Int]()).nextBatch(4) == nil)
    }

    /// The refresh hands out a state's records straight from its dictionary.
    @Test func workQueueHandsOutADictionarysValuesOnceEach() async {
        var table: [String: Int] = [:]
        for i in 0..<500 { table["r\(i)"] = i }
        let queue = WorkQueue(table.values)
        let taken = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<3 {
                group.addTask {
                    var mine: [Int] = []
                    while let batch = queue.nextBatch(7) { mine += batch }
                    return mine
                }
            }
            var all: [Int] = []
            for await part in group { all += part }
            return all
        }
        #expect(taken.sorted() == Array(0..<500))
        #expect(WorkQueue([String: Int]().values).nextBatch(3) == nil)
    }
}

@Suite struct PlanFastPathHelperTests {
    let schema = ResourceSchema(properties: [
        "password": .optional(.string, sensitive: true),
        "name": .optional(.string, default: "n"),
        "size": .optional(.number, default: 1),
        "tags": .optional(.map(.string)),
        "id": .computed(.string),
    ])

    @Test func marksSchemaSensitiveAndConfiguredSensitiveNonNullAttributes() {
        let attrs: [String: Value] = ["password": "p", "name": "x", "tags": .map(["a": "b"]), "id": "1", "size": .null]
        let proposed: [String: Value] = ["tags": .map(["a": .sensitive("b")]), "size": .sensitive(.null)]
        let out = Differ.markSensitive(attrs, schema: schema, proposed: proposed)
        #expect(out == ["password": .sensitive("p"), "name": "x", "tags": .sensitive(.map(["a": "b"])), "id": "1", "size": .null])
        #expect(Differ.markSensitive(["password": .null], schema: schema, proposed: [:]) == ["password": .null])
        #expect(Differ.markSensitive(["password": .sensitive("p")], schema: schema, proposed: [:]) == ["password": .sensitive("p")])
    }

    @Test func defaultsFillUnsetAndNullPropertiesOnly() {
        let out = Differ.withDefaults(["name": .null, "size": 5, "tags": .null], schema: schema)
        #expect(out == ["name": "n", "size": 5, "tags": .null])
        #expect(Differ.withDefaults([:], schema: schema) == ["name": "n", "size": 1])
    }
}
