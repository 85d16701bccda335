import CairnProviderKit
import Testing

@testable import CairnCore

struct ExpressionParserTests {
    @Test func plainTextIsLiteral() throws {
        let t = try Template.parse("just text", at: exprOrigin)
        #expect(t.isLiteral)
        #expect(t.references.isEmpty)
        #expect(try t.evaluate(in: ExprTestScope()) == .string("just text"))
        #expect(try evalExpr("") == .string(""))
    }

    @Test func dollarDollarBraceIsAnEscape() throws {
        let t = try Template.parse("a $${var.x} $$ $b", at: exprOrigin)
        #expect(t.isLiteral)
        #expect(try t.evaluate(in: ExprTestScope()) == .string("a ${var.x} $$ $b"))
        #expect(try evalExpr("${\"$${x}\"}") == .string("${x}"))
    }

    @Test func stringLiteralEscapes() throws {
        #expect(try evalExpr(#"${"a\nb\tc\"d\\e\u00e9"}"#) == .string("a\nb\tc\"d\\e\u{e9}"))
        #expect(try evalExpr(#"${"}"}"#) == .string("}"))
    }

    @Test func referencesInOrderWithLocations() throws {
        let t = try Template.parse("a ${var.x} ${web[0].id}", at: exprOrigin)
        #expect(!t.isLiteral)
        #expect(
            t.references == [
                Reference(namespace: "var", name: "x", location: exprColumn(4)),
                Reference(namespace: nil, name: "web", location: exprColumn(13)),
            ])
    }

    @Test func everyNamespaceTakesItsName() throws {
        let t = try Template.parse("${data.db.endpoint}${each.value}${module.net.id}${path.stack}${env.HOME}", at: exprOrigin)
        #expect(t.references.map(\.description) == ["data.db", "each.value", "module.net", "path.stack", "env.HOME"])
        let splat = try Template.parse("${backend[*].address}", at: exprOrigin)
        #expect(splat.references.map(\.description) == ["backend"])
    }

    @Test func multiLineReferencesTrackLineAndColumn() throws {
        let t = try Template.parse("first ${var.a}\n  ${local.b +\ncount.index}", at: exprOrigin)
        #expect(
            t.references.map(\.location) == [
                SourceLocation(file: "stack.yaml", line: 3, column: 18),
                SourceLocation(file: "stack.yaml", line: 4, column: 14),
                SourceLocation(file: "stack.yaml", line: 5, column: 10),
            ])
    }

    @Test func referencesInsideFunctionsAndBranches() throws {
        let t = try Template.parse("${var.c ? join(\",\", web[*].id) : local.x}", at: exprOrigin)
        #expect(t.references.map(\.description) == ["var.c", "web", "local.x"])
    }

    @Test func unterminatedExpression() {
        let d = exprDiagnostic("abc ${var.x + 1")
        #expect(d?.message == "unterminated ${ … }")
        #expect(d?.location == exprColumn(4))
    }

    @Test func unterminatedString() {
        let d = exprDiagnostic(#"${"abc}"#)
        #expect(d?.message == "unterminated string")
        #expect(d?.location == exprColumn(2))
    }

    @Test func syntaxErrorsPointAtTheOffendingToken() {
        let missing = exprDiagnostic("${1 + }")
        #expect(missing?.message == "expected an expression, found the closing }")
        #expect(missing?.location == exprColumn(6))
        let extra = exprDiagnostic("${a b}")
        #expect(extra?.message == #"expected an operator or }, found "b""#)
        #expect(extra?.location == exprColumn(4))
        let ampersand = exprDiagnostic("${true & false}")
        #expect(ampersand?.message == #"unexpected character "&" in expression"#)
        #expect(ampersand?.hint == #"use && for "and""#)
        #expect(ampersand?.location == exprColumn(7))
        let escape = exprDiagnostic(#"${"a\qb"}"#)
        #expect(escape?.message == "unknown escape sequence in string")
        #expect(escape?.location == exprColumn(4))
    }

    @Test func syntaxErrorOnALaterLine() {
        let d = exprDiagnostic("line one\nx ${[1, 2}")
        #expect(d?.message == #"expected "," or "]" in the list, found the closing }"#)
        #expect(d?.location == SourceLocation(file: "stack.yaml", line: 4, column: 19))
    }

    @Test func emptyExpression() {
        let d = exprDiagnostic("a ${ }")
        #expect(d?.message == "empty ${ } expression")
        #expect(d?.location == exprColumn(2))
    }

    @Test func namespaceNeedsAName() {
        let d = exprDiagnostic("${var}")
        #expect(d?.message == #""var" must be followed by .NAME"#)
        #expect(d?.location == exprColumn(2))
    }

    @Test func interpolationInsideQuotedStringsIsRejected() {
        let d = exprDiagnostic(#"${"${var.x}"}"#)
        #expect(d?.message == "${ … } inside a quoted string is not supported")
        #expect(d?.location == exprColumn(3))
    }

    @Test func unknownFunctionSuggestsNearNames() {
        let d = exprDiagnostic("${lenght(var.x)}")
        #expect(d?.message == #"unknown function "lenght""#)
        #expect(d?.hint == #"did you mean "length"?"#)
        #expect(d?.location == exprColumn(2))
        #expect(exprDiagnostic("${nosuchthing(1)}")?.hint == nil)
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let parens = "${" + String(repeating: "(", count: 10_000) + "1" + String(repeating: ")", count: 10_000) + "}"
        #expect(exprDiagnostic(parens)?.message == "expression is nested too deeply (more than 200 levels)")
        let lists = "${" + String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000) + "}"
        #expect(exprDiagnostic(lists)?.message == "expression is nested too deeply (more than 200 levels)")
        let nots = "${" + String(repeating: "!", count: 50_000) + "true}"
        #expect(exprDiagnostic(nots)?.message == "expression is nested too deeply (more than 200 levels)")
        let chain = "${" + Array(repeating: "1", count: 5_000).joined(separator: " + ") + "}"
        #expect(exprDiagnostic(chain)?.message == "expression is nested too deeply (more than 200 levels)")
        let maps = "${" + String(repeating: "{a = ", count: 3_000) + "1" + String(repeating: "}", count: 3_000) + "}"
        #expect(exprDiagnostic(maps)?.message == "expression is nested too deeply (more than 200 levels)")
    }

    @Test func moderateNestingWorks() throws {
        let text = "${" + String(repeating: "(", count: 150) + "7" + String(repeating: ")", count: 150) + "}"
        #expect(try evalExpr(text) == .number(7))
    }

    @Test func largeInputParsesQuickly() throws {
        let items = (0..<20_000).map { "\"item\($0)\"" }.joined(separator: ", ")
        let text = String(repeating: "x ${var.a} ", count: 5_000) + "${length([\(items)])}"
        let start = ContinuousClock.now
        let t = try Template.parse(text, at: exprOrigin)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(t.references.count == 5_000)
        #expect(t.references.last?.location == exprColumn(4_999 * 11 + 4))
    }

    @Test func legacyDotIndexAndTrailingCommas() throws {
        let scope = ExprTestScope(values: ["web": [["id": "a"], ["id": "b"]]])
        #expect(try evalExpr("${web.1.id}", scope) == .string("b"))
        #expect(try evalExpr("${[1, 2,]}") == .list([1, 2]))
        #expect(try evalExpr("${ {a = 1, b: 2,} }") == .map(["a": 1, "b": 2]))
    }

    @Test func duplicateLiteralMapKey() {
        let d = exprDiagnostic("${ {a = 1, \"a\" = 2} }")
        #expect(d?.message == #"duplicate map key "a""#)
        #expect(d?.location == exprColumn(11))
    }
}
