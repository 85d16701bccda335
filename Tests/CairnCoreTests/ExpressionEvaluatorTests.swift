import CairnProviderKit
import Testing

@testable import CairnCore

struct ExpressionEvaluatorTests {
    let scope = ExprTestScope(values: [
        "var.n": 3,
        "var.name": "web",
        "var.flag": true,
        "var.list": ["a", "b", "c"],
        "var.cfg": ["port": 8080, "host": "localhost"],
        "var.none": .null,
        "var.u": .unknown,
        "var.secret": .sensitive("hunter2"),
        "var.secrets": .sensitive(["x", "y"]),
        "web": [["id": "i-1", "ip": "10.0.0.1"], ["id": "i-2", "ip": "10.0.0.2"]],
        "single": ["id": "solo"],
        "partly": [["id": "i-1"], .unknown],
        "count.index": 1,
    ])

    @Test func singleExpressionKeepsItsType() throws {
        #expect(try evalExpr("${var.list}", scope) == ["a", "b", "c"])
        #expect(try evalExpr("${var.n}", scope) == .number(3))
        #expect(try evalExpr("${var.flag}", scope) == .bool(true))
        #expect(try evalExpr("${var.none}", scope) == .null)
        #expect(try evalExpr("${ { a = [1, true], \"b c\" = null } }") == .map(["a": [1, true], "b c": .null]))
        #expect(try evalExpr("${ {(var.name) = 1} }", scope) == .map(["web": 1]))
    }

    @Test func interpolationBuildsAString() throws {
        #expect(try evalExpr("${var.name}-${count.index}", scope) == .string("web-1"))
        #expect(try evalExpr("n=${var.n} f=${var.flag} z=${var.none} x=${1.5}", scope) == .string("n=3 f=true z= x=1.5"))
        #expect(try evalExpr(" ${var.list[0]}", scope) == .string(" a"))
    }

    @Test func interpolatingACollectionIsAnError() {
        let d = exprDiagnostic("items: ${var.list}", scope)
        #expect(d?.message == "cannot insert a list into a string")
        #expect(d?.hint == "turn it into text with jsonencode(…) or join(…)")
        #expect(d?.location == exprColumn(7))
    }

    @Test func operatorPrecedence() throws {
        #expect(try evalExpr("${1 + 2 * 3}") == .number(7))
        #expect(try evalExpr("${(1 + 2) * 3}") == .number(9))
        #expect(try evalExpr("${10 - 4 - 3}") == .number(3))
        #expect(try evalExpr("${2 * 7 % 4}") == .number(2))
        #expect(try evalExpr("${-2 * -3}") == .number(6))
        #expect(try evalExpr("${7 / 2}") == .number(3.5))
        #expect(try evalExpr("${1 + 1 == 2 && 3 > 2}") == .bool(true))
        #expect(try evalExpr("${true || false && false}") == .bool(true))
        #expect(try evalExpr("${!true || 1 <= 1}") == .bool(true))
        #expect(try evalExpr("${1 < 2 == true}") == .bool(true))
        #expect(try evalExpr("${\"abc\" < \"abd\"}") == .bool(true))
        #expect(try evalExpr("${[1, \"a\"] == [1, \"a\"]}") == .bool(true))
        #expect(try evalExpr("${null != 0}") == .bool(true))
        #expect(try evalExpr("${var.n > 2 ? 1 : 0 + 10}", scope) == .number(1))
    }

    @Test func conditionalPicksABranch() throws {
        #expect(try evalExpr("${var.n > 2 ? \"big\" : \"small\"}", scope) == .string("big"))
        #expect(try evalExpr("${var.n > 5 ? \"big\" : var.n > 1 ? \"mid\" : \"small\"}", scope) == .string("mid"))
        #expect(try evalExpr("${var.flag ? var.list : var.undefined}", scope) == ["a", "b", "c"])
        let d = exprDiagnostic("${var.name ? 1 : 2}", scope)
        #expect(d?.message == "the condition must be a bool, not string")
        #expect(d?.location == exprColumn(2))
    }

    @Test func logicalOperatorsShortCircuit() throws {
        #expect(try evalExpr("${var.none != null && var.none.a == 1}", scope) == .bool(false))
        #expect(try evalExpr("${var.none == null || var.none.a == 1}", scope) == .bool(true))
        #expect(try evalExpr("${var.u && false}", scope) == .bool(false))
        #expect(try evalExpr("${var.u || true}", scope) == .bool(true))
        #expect(try evalExpr("${var.u && true}", scope) == .unknown)
        #expect(exprDiagnostic("${1 && true}")?.message == "the left side of && must be a bool, not number")
    }

    @Test func unknownPropagates() throws {
        #expect(try evalExpr("${var.u + 1}", scope) == .unknown)
        #expect(try evalExpr("${-var.u}", scope) == .unknown)
        #expect(try evalExpr("prefix-${var.u}-${var.n}", scope) == .unknown)
        #expect(try evalExpr("${var.u.attr[0]}", scope) == .unknown)
        #expect(try evalExpr("${var.list[var.u]}", scope) == .unknown)
        #expect(try evalExpr("${var.u ? 1 : 2}", scope) == .unknown)
        #expect(try evalExpr("${true ? 1 : var.u}", scope) == .number(1))
        #expect(try evalExpr("${length([var.u, 1])}", scope) == .number(2))
        #expect(try evalExpr("${upper(var.u)}", scope) == .unknown)
        #expect(try evalExpr("${join(\",\", [\"a\", var.u])}", scope) == .unknown)
        #expect(try evalExpr("${[var.u, 1] == [2, 1]}", scope) == .unknown)
        #expect(try evalExpr("${partly[*].id}", scope) == ["i-1", .unknown])
        #expect(try evalExpr("${ {a = var.u} }", scope) == .map(["a": .unknown]))
    }

    @Test func sensitivePropagates() throws {
        #expect(try evalExpr("${var.secret}", scope) == .sensitive("hunter2"))
        #expect(try evalExpr("pw=${var.secret}", scope) == .sensitive("pw=hunter2"))
        #expect(try evalExpr("${upper(var.secret)}", scope) == .sensitive("HUNTER2"))
        #expect(try evalExpr("${var.secret == \"x\"}", scope) == .sensitive(false))
        #expect(try evalExpr("${var.secrets[1]}", scope) == .sensitive("y"))
        #expect(try evalExpr("${var.secrets[*]}", scope) == .sensitive(["x", "y"]))
        #expect(try evalExpr("${jsonencode({a = var.secret})}", scope) == .sensitive(#"{"a":"hunter2"}"#))
        #expect(try evalExpr("${[var.secret, \"b\"]}", scope) == .list([.sensitive("hunter2"), "b"]))
        #expect(try evalExpr("${length([var.secret])}", scope) == .number(1))
        #expect(try evalExpr("${var.flag ? var.secret : \"\"}", scope) == .sensitive("hunter2"))
        #expect(try evalExpr("${var.u == var.secret}", scope) == .sensitive(.unknown))
    }

    @Test func errorsNeverShowSensitiveValues() {
        let secrets = ExprTestScope(values: [
            "var.i": .sensitive(7), "var.k": .sensitive("tok"), "var.m": .sensitive(["apikey": 1]), "var.l": [1],
        ])
        let index = exprDiagnostic("${var.l[var.i]}", secrets)
        #expect(index?.message == "index (sensitive value) out of range (list has 1 element)")
        let key = exprDiagnostic("${ {a = 1}[var.k] }", secrets)
        #expect(key?.message == #"value has no attribute "(sensitive value)""#)
        #expect(key?.hint == nil)
        let attribute = exprDiagnostic("${var.m.apikye}", secrets)
        #expect(attribute?.message == #"var.m has no attribute "apikye""#)
        #expect(attribute?.hint == nil)
        let function = exprDiagnostic("${tonumber(var.k)}", secrets)
        #expect(function?.message == #"tonumber: "(sensitive value)" is not a number"#)
    }

    @Test func attributesAndIndexes() throws {
        #expect(try evalExpr("${web[1].ip}", scope) == .string("10.0.0.2"))
        #expect(try evalExpr("${var.cfg.port}", scope) == .number(8080))
        #expect(try evalExpr("${var.cfg[\"host\"]}", scope) == .string("localhost"))
        #expect(try evalExpr("${[10, 20, 30][count.index + 1]}", scope) == .number(30))
    }

    @Test func missingAttributeNamesIt() {
        let d = exprDiagnostic("${web[0].ipp}", scope)
        #expect(d?.message == #"web[0] has no attribute "ipp""#)
        #expect(d?.hint == #"did you mean "ip"?"#)
        #expect(d?.location == exprColumn(9))
        let key = exprDiagnostic("${var.cfg[\"zzz\"]}", scope)
        #expect(key?.message == #"var.cfg has no attribute "zzz""#)
        #expect(key?.hint == "it has host, port")
    }

    @Test func indexOutOfRange() {
        let d = exprDiagnostic("${var.list[5]}", scope)
        #expect(d?.message == "index 5 out of range (list has 3 elements)")
        #expect(d?.location == exprColumn(10))
        #expect(exprDiagnostic("${var.list[-1]}", scope)?.message == "index -1 out of range (list has 3 elements)")
        #expect(exprDiagnostic("${var.list[0.5]}", scope)?.message == "a list index must be a whole number, not 0.5")
        #expect(exprDiagnostic("${var.list[\"a\"]}", scope)?.message == "a list index must be a number, not string")
        #expect(exprDiagnostic("${var.name[0]}", scope)?.message == "cannot index var.name: it is a string")
    }

    @Test func attributeOnAListHintsAtSplat() {
        let d = exprDiagnostic("${web.id}", scope)
        #expect(d?.message == #"cannot read attribute "id" of web: it is a list"#)
        #expect(d?.hint == "pick one element with [N].id, or all of them with [*].id")
        #expect(exprDiagnostic("${var.none.a}", scope)?.message == #"cannot read attribute "a" of var.none: it is null"#)
    }

    @Test func splatMapsOverAList() throws {
        #expect(try evalExpr("${web[*].id}", scope) == ["i-1", "i-2"])
        #expect(try evalExpr("${web[*]}", scope) == scope.values["web"])
        #expect(try evalExpr("${single[*].id}", scope) == ["solo"])
        #expect(try evalExpr("${var.none[*]}", scope) == [])
        #expect(try evalExpr("${var.u[*].id}", scope) == .unknown)
        #expect(try evalExpr("${length(web[*].ip)}", scope) == .number(2))
        let nested: Value = [["disks": [["size": 1], ["size": 2]]], ["disks": [["size": 3]]]]
        #expect(try evalExpr("${vm[*].disks[*].size}", ExprTestScope(values: ["vm": nested])) == [[1, 2], [3]])
        #expect(exprDiagnostic("${web[*].nope}", scope)?.message == #"list element has no attribute "nope""#)
    }

    @Test func arithmeticTypeErrorsNameTheTypes() {
        let d = exprDiagnostic("${var.name + 1}", scope)
        #expect(d?.message == "cannot add string and number")
        #expect(d?.hint == "+ adds numbers only; join strings by interpolation (\"${a}${b}\") or format()")
        #expect(d?.location == exprColumn(11))
        #expect(exprDiagnostic("${true * 2}")?.message == "cannot multiply bool and number")
        #expect(exprDiagnostic("${1 < \"a\"}")?.message == "cannot compare number and string with <")
        #expect(exprDiagnostic("${-\"a\"}")?.message == "cannot negate string; - needs a number")
        #expect(exprDiagnostic("${!1}")?.message == "cannot apply ! to number; ! needs a bool")
    }

    @Test func divisionByZero() {
        let d = exprDiagnostic("${var.n / (count.index - 1)}", scope)
        #expect(d?.message == "division by zero")
        #expect(d?.location == exprColumn(8))
        #expect(exprDiagnostic("${5 % 0}")?.message == "remainder of division by zero")
        #expect(exprDiagnostic("${1e308 * 10}")?.message == "the result of * is too large")
    }

    @Test func undefinedReferenceComesFromTheScope() {
        let d = exprDiagnostic("ok ${var.missing}", scope)
        #expect(d?.message == "undefined reference var.missing")
        #expect(d?.location == exprColumn(5))
    }

    @Test func scopeErrorsGetTheReferenceLocation() {
        struct Silent: ExpressionScope {
            var baseDirectory: String { "/" }
            func value(of reference: Reference) throws -> Value { throw Diagnostic.error("no such thing") }
        }
        let d1 = try? Template.parse("${count.index-1}", at: exprOrigin)
        #expect(d1?.references.map(\.description) == ["count.index-1"])
        do {
            _ = try d1?.evaluate(in: Silent())
            Issue.record("expected an error")
        } catch let d as Diagnostic {
            #expect(d.location == exprColumn(2))
            #expect(d.hint == "\"-\" can be part of a name; to subtract, put spaces around it: a - 1")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func computedMapKeys() throws {
        #expect(try evalExpr("${ {(var.u) = 1} }", scope) == .unknown)
        #expect(exprDiagnostic("${ {(var.list) = 1} }", scope)?.message == "a map key must be a string, not list")
        #expect(exprDiagnostic("${ {a = 1, (\"a\") = 2} }")?.message == #"duplicate map key "a""#)
    }

    @Test func expandingTheLastArgument() throws {
        let lists = ExprTestScope(values: ["var.ls": [[1], [2, 3]]])
        #expect(try evalExpr("${concat(var.ls...)}", lists) == [1, 2, 3])
        #expect(try evalExpr("${min([4, 2, 8]...)}") == .number(2))
        #expect(exprDiagnostic("${min(3...)}")?.message == "the argument before ... must be a list, not number")
    }
}
