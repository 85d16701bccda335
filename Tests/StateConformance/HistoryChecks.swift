import CairnAddresses
import CairnState

extension StateConformance {
    static let historyChecks: [ConformanceCheck] = [
        ConformanceCheck("resources are kept as each version left them") { stores in
            let opened = try stores.new()
            let store = opened.store
            let one = Samples.record("a", content: "one")
            let two = Samples.record("a", content: "two")
            let four = Samples.record("a", content: "four")
            let other = Samples.record("b")

            _ = try store.beginVersion(command: "apply", user: "ana") // 1: a=one, b created
            try store.commit([.upsert(one)])
            try store.commit([.upsert(other)])
            _ = try store.beginVersion(command: "apply", user: "ana") // 2: a=two (after an interim value)
            try store.commit([.upsert(Samples.record("a", content: "interim"))])
            try store.commit([.upsert(two)])
            _ = try store.beginVersion(command: "apply", user: "ana") // 3: a removed
            try store.commit([.remove(address: "a")])
            _ = try store.beginVersion(command: "apply", user: "ana") // 4: a recreated
            try store.commit([.upsert(four)])

            let past = try opened.reopen()
            let expected: [(Int, ResourceRecord?)] = [(0, nil), (1, one), (2, two), (3, nil), (4, four), (99, four)]
            for (serial, record) in expected {
                try expectEqual(try past.resource(address: "a", atSerial: serial), record, "a at serial \(serial)")
            }
            try expectEqual(try past.resource(address: "b", atSerial: 3), other, "b at serial 3")
            try expectEqual(try past.resource(address: "missing", atSerial: 4), nil, "an address never written")

            try expectEqual(try past.resources(atSerial: 0), [:], "resources at serial 0")
            try expectEqual(try past.resources(atSerial: 1), ["a": one, "b": other], "resources at serial 1")
            try expectEqual(try past.resources(atSerial: 2), ["a": two, "b": other], "resources at serial 2")
            try expectEqual(try past.resources(atSerial: 3), ["b": other], "resources at serial 3")
            try expectEqual(try past.resources(atSerial: 4), ["a": four, "b": other], "resources at serial 4")
        },

        ConformanceCheck("a record added and removed in one version was never there") { stores in
            let store = try stores.new().store
            _ = try store.beginVersion(command: "apply", user: "ana")
            try store.commit([.upsert(Samples.record("a")), .remove(address: "a")])
            try expectEqual(try store.snapshot().resources, [:], "resources")
            try expectEqual(try store.resource(address: "a", atSerial: 1), nil, "a at serial 1")
            try expectEqual(try store.resources(atSerial: 1), [:], "resources at serial 1")
        },
    ]
}
