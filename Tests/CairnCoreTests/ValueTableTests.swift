import CairnProviderKit
import Foundation
import Testing

@testable import CairnCore

/// A name with a slot of its own (known from the config) behaves as one in the shared dictionary.
@Suite struct ValueTableTests {
    private func tables() throws -> [ValueTable] {
        let yaml = """
            stack: t
            locals:
              l: "x"
            data:
              d:
                type: null.resource
            resources:
              a:
                type: null.resource
              b:
                type: null.resource
            """
        let config = try StackLoader.load(sources: ["stack.yaml": yaml], directory: "/tmp")
        return [ValueTable(variables: ["v": 1], config: config), ValueTable(variables: ["v": 1])]
    }

    @Test func slotsAndTheSharedDictionaryAgree() throws {
        var seen: [[Value?]] = []
        for table in try tables() {
            var got: [Value?] = []
            got.append(table.resource("a")) // undeclared: nil, not unknown
            table.declare("a", mode: .count(2))
            got.append(table.resource("a")) // [unknown, unknown]
            table.set("a", .index(1), .map(["id": "1"]))
            got.append(table.resource("a")) // the cached whole value is rebuilt
            got.append(table.instance("a", .index(1)))
            table.set("b", .none, "no declare") // a set declares a single instance
            got.append(table.resource("b"))
            got.append(table.isDeclared("data.d") ? 1 : 0)
            table.declare("data.d", mode: .forEach(["k"]))
            got.append(table.resource("data.d"))
            table.declare("a", mode: .single) // declaring again starts afresh
            got.append(table.resource("a"))
            got.append(table.local("l"))
            table.setLocal("l", "y")
            table.setLocal("other", "z")
            got.append(table.local("l"))
            got.append(table.local("other"))
            table.clearLocals()
            got.append(table.local("l"))
            got.append(table.resource("nowhere"))
            seen.append(got)
        }
        #expect(seen[0] == seen[1])
        #expect(seen[0][2] == .list([.unknown, .map(["id": "1"])]))
        #expect(seen[0][4] == "no declare")
        #expect(seen[0][6] == .map(["k": .unknown]))
        #expect(seen[0][7] == .unknown)
        #expect(seen[0][9] == "y")
    }

    @Test func concurrentWritersAndReadersOfManySlots() async throws {
        let names = (0..<200).map { "r\($0)" }
        let yaml = "stack: t\nresources:\n" + names.map { "  \($0):\n    type: null.resource\n" }.joined()
        let config = try StackLoader.load(sources: ["stack.yaml": yaml], directory: "/tmp")
        let table = ValueTable(variables: [:], config: config)
        await withTaskGroup(of: Void.self) { group in
            for w in 0..<4 {
                group.addTask {
                    for (i, n) in names.enumerated() where i % 4 == w {
                        table.declare(n, mode: .count(3))
                        for k in 0..<3 { table.set(n, .index(k), .number(Double(i * 10 + k))) }
                    }
                    for n in names { _ = table.resource(n) }
                }
            }
        }
        for (i, n) in names.enumerated() {
            #expect(table.resource(n) == .list((0..<3).map { .number(Double(i * 10 + $0)) }))
        }
    }
}
