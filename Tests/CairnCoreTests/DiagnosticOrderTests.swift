import CairnAddresses
import Testing

@testable import CairnCore

/// Diagnostics are reported by file, line and column, not by their text (where "50" sorts before "6").
@Suite struct DiagnosticOrderTests {
    @Test func twelveLoaderErrorsComeOutByLineNumber() throws {
        // One resource per line from line 3; the ones on these twelve lines have a type without a dot.
        let broken: Set<Int> = [50, 6, 61, 7, 12, 58, 9, 18, 25, 44, 33, 41]
        var lines = ["stack: ordered", "resources:"]
        for line in 3...62 {
            lines.append("  r\(line): { type: \(broken.contains(line) ? "nodot\(line)" : "null.resource") }")
        }
        let error = #expect(throws: DiagnosticError.self) {
            try StackLoader.load(sources: ["stack.yaml": lines.joined(separator: "\n")], directory: "/tmp/ordered")
        }
        let diagnostics = try #require(error?.diagnostics)
        #expect(diagnostics.count == 12)
        #expect(diagnostics.compactMap(\.location?.line) == broken.sorted())
        #expect(diagnostics.first?.message == "type \"nodot6\" must be PROVIDER.KIND")
        // As printed: line 6 before line 50.
        let text = try #require(error?.description)
        let six = try #require(text.range(of: "stack.yaml:6:"))
        let fifty = try #require(text.range(of: "stack.yaml:50:"))
        #expect(six.lowerBound < fifty.lowerBound)
    }

    @Test func orderIsFileThenLineThenColumnThenAddressThenMessage() throws {
        func at(_ file: String, _ line: Int, _ column: Int) -> CairnCore.SourceLocation {
            CairnCore.SourceLocation(file: file, line: line, column: column)
        }
        var bag = DiagnosticBag()
        bag.append(.error("z", at: at("b.yaml", 2, 1)))
        bag.append(.error("y", at: at("a.yaml", 10, 3)))
        bag.append(.error("x", at: at("a.yaml", 10, 12)))
        bag.append(.error("w", at: at("a.yaml", 9, 40)))
        bag.append(.error("b", at: at("a.yaml", 9, 40)))
        bag.append(.error("v", at: at("a.yaml", 9, 40), address: "web[10]"))
        bag.append(.error("u", at: at("a.yaml", 9, 40), address: "web[2]"))
        bag.append(.error("no place"))
        bag.append(.error("also no place", address: "db"))
        let error = #expect(throws: DiagnosticError.self) { try bag.throwIfErrors() }
        #expect(error?.diagnostics.map(\.message) == ["no place", "also no place", "b", "w", "u", "v", "y", "x", "z"])
    }
}
