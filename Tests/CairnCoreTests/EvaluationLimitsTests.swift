import CairnProviderKit
import Foundation
import Testing

@testable import CairnCore

/// Every function that can build more than it was given stops at the limits, before building,
/// with a located error naming the limit's variable.
struct EvaluationLimitsTests {
    static let small = EvaluationLimits(
        maxStringBytes: 1000, maxCollectionElements: 100,
        maxExpressionWork: 5000, maxRunWork: 2000)

    func scope(_ values: [String: Value] = [:]) -> ExprTestScope {
        var s = ExprTestScope(values: values)
        s.evaluationLimits = Self.small
        return s
    }

    static func strings(_ n: Int, of text: String) -> Value { .list(Array(repeating: .string(text), count: n)) }

    /// Evaluates `text`, expecting the limit `kind` at offset `column` of the template.
    func expectLimit(
        _ text: String, _ kind: EvaluationLimits.Kind, at column: Int, _ values: [String: Value] = [:],
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        guard let d = exprDiagnostic(text, scope(values)) else {
            Issue.record("\(text) succeeded", sourceLocation: sourceLocation)
            return
        }
        #expect(d.hint?.contains(kind.rawValue) == true, "\(d.message) / \(d.hint ?? "")", sourceLocation: sourceLocation)
        #expect(d.location == exprColumn(column), "\(String(describing: d.location))", sourceLocation: sourceLocation)
    }

    @Test func joinStopsBeforeBuildingAStringOverTheLimit() throws {
        let values: [String: Value] = ["var.sep": .string(String(repeating: "-", count: 100)), "var.l": Self.strings(20, of: "x")]
        expectLimit("${join(var.sep, var.l)}", .stringBytes, at: 2, values)
        let d = exprDiagnostic("${join(var.sep, var.l)}", scope(values))
        #expect(d?.message.contains("join() would build a string of 1920 bytes") == true, "\(d?.message ?? "")")
        #expect(try evalExpr("${length(join(var.sep, [1, 2]))}", scope(values)) == .number(102))
    }

    @Test func splitStopsAtTheCollectionLimit() throws {
        let values: [String: Value] = ["var.s": .string(String(repeating: "ab,", count: 150))]
        expectLimit("${split(\"\", var.s)}", .collectionElements, at: 2, values)
        expectLimit("${split(\",\", var.s)}", .collectionElements, at: 2, values)
        #expect(try evalExpr("${length(split(\",\", \"a,b,c\"))}", scope()) == .number(3))
    }

    @Test func replaceStopsWhenTheReplacementsWouldGrowPastTheLimit() throws {
        let values: [String: Value] = ["var.s": .string(String(repeating: "a", count: 500))]
        expectLimit("${replace(var.s, \"a\", \"xyz\")}", .stringBytes, at: 2, values)
        #expect(try evalExpr("${replace(var.s, \"a\", \"b\")}", scope(values)) == .string(String(repeating: "b", count: 500)))
    }

    @Test func formatStopsAsTheValuesItInsertsPassTheLimit() {
        let values: [String: Value] = ["var.s": .string(String(repeating: "a", count: 400))]
        expectLimit("${format(\"%s%s%s\", var.s, var.s, var.s)}", .stringBytes, at: 2, values)
    }

    @Test func concatFlattenAndListLiteralsCountEveryElement() {
        let l = Value.list((0..<60).map { .number(Double($0)) })
        let values: [String: Value] = ["var.l": l, "var.nested": .list([l, l])]
        expectLimit("${concat(var.l, var.l)}", .collectionElements, at: 2, values)
        expectLimit("${flatten(var.nested)}", .collectionElements, at: 2, values)
        // A list holding the same list twice is as big as the two copies it stands for.
        expectLimit("${[var.l, var.l]}", .collectionElements, at: 2, values)
        expectLimit("${{a = var.l, b = var.l}}", .collectionElements, at: 2, values)
    }

    @Test func encodingFunctionsCheckTheSizeOfWhatTheyWrite() {
        let values: [String: Value] = [
            "var.l": Self.strings(60, of: String(repeating: "x", count: 20)),
            "var.s": .string(String(repeating: "x", count: 800)),
            "var.json": .string("[" + Array(repeating: "1", count: 150).joined(separator: ",") + "]"),
        ]
        expectLimit("${jsonencode(var.l)}", .stringBytes, at: 2, values)
        expectLimit("${base64encode(var.s)}", .stringBytes, at: 2, values)
        expectLimit("${jsondecode(var.json)}", .collectionElements, at: 2, values)
    }

    @Test func interpolationStopsAtTheStringLimit() {
        let values: [String: Value] = ["var.s": .string(String(repeating: "a", count: 600))]
        expectLimit("x${var.s}${var.s}", .stringBytes, at: 9, values)
    }

    @Test func oneExpressionMayOnlyDoSoMuchWork() {
        // Each join is within the string limit; six of them are more work than one expression may do.
        let values: [String: Value] = ["var.l": Self.strings(450, of: "x")]
        let six = Array(repeating: "join(\",\", var.l)", count: 6).joined(separator: ", ")
        expectLimit("${[\(six)]}", .expressionWork, at: 2 + six.count - "join(\",\", var.l)".count + 1, values)
    }

    @Test func formatHasNoWidthThatRepeatsAndCapsPrecision() {
        // There are no field widths: "%999999999d" is an unknown verb, not a billion spaces.
        let wide = exprDiagnostic("${format(\"%999999999d\", 1)}")
        #expect(wide?.message.contains("unsupported verb %9") == true, "\(wide?.message ?? "succeeded")")
        let precise = exprDiagnostic("${format(\"%.999999999f\", 1)}")
        #expect(precise?.message.contains("too many decimals") == true, "\(precise?.message ?? "succeeded")")
    }

    @Test func fileRefusesAFileLargerThanAString() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-limits-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try String(repeating: "z", count: 2000).write(to: dir.appendingPathComponent("big.txt"), atomically: true, encoding: .utf8)
        var s = scope()
        s.baseDirectory = dir.path
        let d = exprDiagnostic("${file(\"big.txt\")}", s)
        #expect(d?.message.contains("cannot read \"big.txt\"") == true, "\(d?.message ?? "")")
        #expect(d?.hint?.contains("CAIRN_MAX_STRING_BYTES") == true)
        s.evaluationLimits.maxStringBytes = 4000
        #expect(try evalExpr("${length(file(\"big.txt\"))}", s) == .number(2000))
    }

    /// The expression from the report that made the process die asking for 64 GB: now an error
    /// at the outer join, with the default limits.
    @Test func theReportedExpressionFailsAtTheOuterJoin() {
        let json = "jsonencode(range(1024))"
        let text = "${length(join(join(\(json), split(\"\", \(json))), split(\"\", \(json))))}"
        guard let d = exprDiagnostic(text) else {
            Issue.record("it succeeded")
            return
        }
        #expect(d.location == exprColumn(9), "\(String(describing: d.location))")
        #expect(d.message.contains("join() would build a string of"), "\(d.message)")
        #expect(d.hint?.contains("CAIRN_MAX_STRING_BYTES") == true)
    }

    @Test func aYAMLListCountsTheValuesOfItsExpressions() throws {
        let here = CairnCore.SourceLocation(file: "stack.yaml", line: 7, column: 5)
        let item = ConfigExpr(.template(try Template.parse("${var.l}", at: here)), at: here)
        let list = ConfigExpr(.list([item, item]), at: here)
        let values: [String: Value] = ["var.l": .list((0..<60).map { .number(Double($0)) })]
        #expect(throws: Diagnostic.self) { try list.evaluate(in: scope(values)) }
        do {
            _ = try list.evaluate(in: scope(values))
        } catch let d as Diagnostic {
            #expect(d.location == here)
            #expect(d.hint?.contains("CAIRN_MAX_COLLECTION_ELEMENTS") == true)
        }
        var roomy = scope(values)
        roomy.evaluationLimits.maxCollectionElements = 200
        #expect(try list.evaluate(in: roomy).listValue?.count == 2)
    }

    @Test func theLocalsOfARunShareOneBudget() throws {
        let budget = LocalsBudget(limits: Self.small)
        let here = CairnCore.SourceLocation(file: "stack.yaml", line: 4, column: 3)
        try budget.charge(.string(String(repeating: "a", count: 900)), local: "one", at: here)
        try budget.charge(.string(String(repeating: "a", count: 900)), local: "two", at: here)
        #expect {
            try budget.charge(.string(String(repeating: "a", count: 900)), local: "three", at: here)
        } throws: { error in
            let d = error as? Diagnostic
            return d?.location == here && d?.message.contains("local.three") == true
                && d?.hint?.contains("CAIRN_MAX_LOCALS_WORK") == true
        }
    }

    @Test func limitsComeFromTheEnvironment() {
        let env = [
            "CAIRN_MAX_STRING_BYTES": "5000", "CAIRN_MAX_COLLECTION_ELEMENTS": "many",
            "CAIRN_MAX_EXPRESSION_WORK": "0",
        ]
        let limits = EvaluationLimits(environment: env)
        #expect(limits.maxStringBytes == 5000)
        #expect(limits.maxCollectionElements == EvaluationLimits.defaults.maxCollectionElements)
        #expect(limits.maxExpressionWork == EvaluationLimits.defaults.maxExpressionWork)
        let problems = EvaluationLimits.problems(in: env)
        #expect(problems.count == 2)
        #expect(problems.contains { $0.contains("CAIRN_MAX_COLLECTION_ELEMENTS") && $0.contains("\"many\"") })
        #expect(EvaluationLimits.problems(in: [:]).isEmpty)
    }
}
