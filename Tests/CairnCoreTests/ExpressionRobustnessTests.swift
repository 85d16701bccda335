import CairnProviderKit
import Testing

@testable import CairnCore

/// Random inputs built from the language's own pieces: each must evaluate or fail with a located
/// diagnostic, never crash or hang.
struct ExpressionRobustnessTests {
    static let pieces = [
        "${", "}", "$${", "$", "{", "[", "]", "(", ")", "[*]", ".", "...", ",", " ", "\n", "\"", "\\", "\\n",
        "+", "-", "*", "/", "%", "==", "!=", "<", ">=", "&&", "||", "!", "?", ":", "=", "&", "|",
        "0", "1", "2.5", "1e3", "var.n", "var.l", "var.m", "var.u", "var.s", "web", "count.index", "x",
        "true", "null", "\"a\"", "length(", "join(\",\", ", "format(\"%s%d\", ", "cidrhost(\"10.0.0.0/30\", ",
        "element(", "range(", "jsondecode(", "flatten(", "lookup(", "tonumber(", "merge(", "keys(",
    ]

    let scope = ExprTestScope(values: [
        "var.n": 2, "var.l": [1, [2], "x"], "var.m": ["a": ["b": 1]], "var.u": .unknown,
        "var.s": .sensitive("s"), "web": [["id": "a"], ["id": .unknown]], "count.index": 0,
    ])

    @Test func randomInputsFailCleanly() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var succeeded = 0
        var failed = 0
        for _ in 0..<4_000 {
            let text = (0..<(1 + next(14))).map { _ in Self.pieces[next(Self.pieces.count)] }.joined()
            do {
                _ = try Template.parse("${" + text + "}", at: exprOrigin).evaluate(in: scope)
                succeeded += 1
            } catch let d as Diagnostic {
                #expect(d.location != nil, "no location for \(text): \(d.message)")
                #expect(!d.message.isEmpty)
                failed += 1
            } catch {
                Issue.record("\(text) threw a non-diagnostic: \(error)")
            }
        }
        #expect(succeeded + failed == 4_000)
        #expect(succeeded > 0)
    }
}
