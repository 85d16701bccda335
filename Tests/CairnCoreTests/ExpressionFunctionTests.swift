import CairnProviderKit
import Testing

@testable import CairnCore

/// String, format and collection functions.
struct ExpressionFunctionTests {
    let scope = ExprTestScope(values: [
        "var.m": ["b": 2, "a": 1, "c": 3],
        "var.u": .unknown,
        "var.s": .sensitive("pw"),
    ])

    @Test func wrongArgumentCountNamesTheFunction() {
        let d = exprDiagnostic("${join(\",\")}")
        #expect(d?.message == "join expects 2 arguments, got 1")
        #expect(d?.hint == "use join(separator, list)")
        #expect(d?.location == exprColumn(2))
        #expect(exprDiagnostic("${lookup({}, \"a\", 1, 2)}")?.message == "lookup expects 2 to 3 arguments, got 4")
        #expect(exprDiagnostic("${concat()}")?.message == "concat expects at least 1 argument, got 0")
    }

    @Test func wrongArgumentTypeNamesTheFunction() {
        let d = exprDiagnostic("${upper(1, )}")
        #expect(d?.message == "upper: argument 1 must be a string, not number")
        #expect(d?.hint == "use upper(string)")
        #expect(d?.location == exprColumn(8))
    }

    @Test func length() throws {
        #expect(try evalExpr("${length([1, 2, 3])}") == .number(3))
        #expect(try evalExpr("${length(var.m)}", scope) == .number(3))
        #expect(try evalExpr("${length(\"héllo\")}") == .number(5))
        #expect(try evalExpr("${length(var.u)}", scope) == .unknown)
        #expect(exprDiagnostic("${length(5)}")?.message == "length: argument 1 must be a list, map or string, not number")
    }

    @Test func joinAndSplit() throws {
        #expect(try evalExpr("${join(\", \", [\"a\", \"b\", 3, true])}") == .string("a, b, 3, true"))
        #expect(try evalExpr("${join(\"-\", [])}") == .string(""))
        #expect(exprDiagnostic("${join(\",\", [[1]])}")?.message == "join: element 0 of the list is list; join needs strings")
        #expect(try evalExpr("${split(\",\", \"a,b,,c\")}") == ["a", "b", "", "c"])
        #expect(try evalExpr("${split(\"::\", \"x::y\")}") == ["x", "y"])
        #expect(try evalExpr("${split(\",\", \"\")}") == [""])
        #expect(exprDiagnostic("${split(\",\", 5)}")?.message == "split: argument 2 must be a string, not number")
    }

    @Test func format() throws {
        #expect(try evalExpr("${format(\"Hello, %s!\", \"Ada\")}") == .string("Hello, Ada!"))
        #expect(try evalExpr("${format(\"%d items at %.2f = %f\", 3, 3.14159, 1.5)}") == .string("3 items at 3.14 = 1.500000"))
        #expect(try evalExpr(#"${format("%q", "a\"b")}"#) == .string(#""a\"b""#))
        #expect(try evalExpr("${format(\"100%% %s %t\", 7, false)}") == .string("100% 7 false"))
        #expect(try evalExpr("${format(\"%v %v\", [1, \"x\"], 2)}") == .string(#"[1,"x"] 2"#))
        #expect(try evalExpr("${format(\"%s\", var.s)}", scope) == .sensitive("pw"))
    }

    @Test func formatErrors() {
        #expect(exprDiagnostic("${format(\"%d\", 1.5)}")?.message == "format: %d needs a whole number, but value 1 is 1.5")
        #expect(
            exprDiagnostic("${format(\"%s %s\", \"a\")}")?.message
                == "format: not enough values for the format string (it has more verbs than values)")
        #expect(
            exprDiagnostic("${format(\"%s\", \"a\", \"b\")}")?.message
                == "format: too many values for the format string (2 given, 1 used)")
        #expect(exprDiagnostic("${format(\"%x\", 1)}")?.message == "format: unsupported verb %x")
        #expect(
            exprDiagnostic("${format(\"%s\", [1])}")?.message
                == "format: %s needs a string, number or bool, but value 1 is list")
        #expect(exprDiagnostic("${format(\"50%\")}")?.message == "format: the format string ends in the middle of a % verb")
    }

    @Test func caseAndReplace() throws {
        #expect(try evalExpr("${lower(\"HeLLo\")}") == .string("hello"))
        #expect(try evalExpr("${upper(\"HeLLo\")}") == .string("HELLO"))
        #expect(try evalExpr("${replace(\"a-b-c\", \"-\", \"_\")}") == .string("a_b_c"))
        #expect(try evalExpr("${replace(\"aaa\", \"aa\", \"b\")}") == .string("ba"))
        #expect(exprDiagnostic("${replace(\"a\", \"\", \"b\")}")?.message == "replace: the substring to replace is empty")
    }

    @Test func trimAndAffixes() throws {
        #expect(try evalExpr("${trimspace(\"  hi\\n\\t\")}") == .string("hi"))
        #expect(try evalExpr("${startswith(\"hello\", \"he\")}") == .bool(true))
        #expect(try evalExpr("${startswith(\"hello\", \"lo\")}") == .bool(false))
        #expect(try evalExpr("${endswith(\"hello\", \"lo\")}") == .bool(true))
        #expect(exprDiagnostic("${endswith(1, \"lo\")}")?.message == "endswith: argument 1 must be a string, not number")
    }

    @Test func tostringAndTonumber() throws {
        #expect(try evalExpr("${tostring(12)}") == .string("12"))
        #expect(try evalExpr("${tostring(true)}") == .string("true"))
        #expect(try evalExpr("${tostring(null)}") == .null)
        #expect(exprDiagnostic("${tostring([1])}")?.message == "tostring: cannot convert a list to a string")
        #expect(try evalExpr("${tonumber(\"-12.5e1\")}") == .number(-125))
        #expect(try evalExpr("${tonumber(7)}") == .number(7))
        #expect(exprDiagnostic("${tonumber(\"12a\")}")?.message == "tonumber: \"12a\" is not a number")
        #expect(exprDiagnostic("${tonumber(\"inf\")}")?.message == "tonumber: \"inf\" is not a number")
        #expect(exprDiagnostic("${tonumber(true)}")?.message == "tonumber: cannot convert a bool to a number")
    }

    @Test func concatAndMerge() throws {
        #expect(try evalExpr("${concat([1], [], [2, 3])}") == [1, 2, 3])
        #expect(exprDiagnostic("${concat([1], 2)}")?.message == "concat: argument 2 must be a list, not number")
        #expect(try evalExpr("${merge({a = 1, b = 1}, null, {b = 2})}") == .map(["a": 1, "b": 2]))
        #expect(try evalExpr("${merge()}") == .map([:]))
        #expect(exprDiagnostic("${merge({}, [1])}")?.message == "merge: argument 2 must be a map, not list")
    }

    @Test func keysAndValuesAreSortedByKey() throws {
        #expect(try evalExpr("${keys(var.m)}", scope) == ["a", "b", "c"])
        #expect(try evalExpr("${values(var.m)}", scope) == [1, 2, 3])
        #expect(try evalExpr("${values({x = var.u})}", scope) == [.unknown])
        #expect(exprDiagnostic("${keys([1])}")?.message == "keys: argument 1 must be a map, not list")
    }

    @Test func lookup() throws {
        #expect(try evalExpr("${lookup(var.m, \"b\")}", scope) == .number(2))
        #expect(try evalExpr("${lookup(var.m, \"z\", 0)}", scope) == .number(0))
        let d = exprDiagnostic("${lookup(var.m, \"bb\")}", scope)
        #expect(d?.message == "lookup: the map has no key \"bb\"")
        #expect(d?.hint == "did you mean \"b\"?")
    }

    @Test func containsAndCoalesce() throws {
        #expect(try evalExpr("${contains([\"a\", 1], 1)}") == .bool(true))
        #expect(try evalExpr("${contains([\"a\", 1], \"1\")}") == .bool(false))
        #expect(exprDiagnostic("${contains(\"abc\", \"a\")}")?.message == "contains: argument 1 must be a list, not string")
        #expect(try evalExpr("${coalesce(null, \"\", \"x\", \"y\")}") == .string("x"))
        #expect(try evalExpr("${coalesce(null, 0)}") == .number(0))
        #expect(exprDiagnostic("${coalesce(null, \"\")}")?.message == "coalesce: every argument is null or an empty string")
    }

    @Test func tosetAndDistinctKeepFirstSeenOrder() throws {
        #expect(try evalExpr("${toset([\"b\", \"a\", \"b\", \"c\", \"a\"])}") == ["b", "a", "c"])
        #expect(try evalExpr("${distinct([3, 1, 3])}") == [3, 1])
        #expect(exprDiagnostic("${toset(1)}")?.message == "toset: argument 1 must be a list, not number")
    }

    @Test func elementWrapsAround() throws {
        #expect(try evalExpr("${element([\"a\", \"b\", \"c\"], 4)}") == .string("b"))
        #expect(exprDiagnostic("${element([], 0)}")?.message == "element: cannot take an element of an empty list")
        #expect(exprDiagnostic("${element([1], 0.5)}")?.message == "element: argument 2 must be a whole number, not 0.5")
    }

    @Test func flatten() throws {
        #expect(try evalExpr("${flatten([[1, [2]], [], 3])}") == [1, 2, 3])
        #expect(try evalExpr("${flatten([[1], var.u])}", scope) == .unknown)
        #expect(try evalExpr("${flatten([[var.s]])}", scope) == [.sensitive("pw")])
        #expect(exprDiagnostic("${flatten(1)}")?.message == "flatten: argument 1 must be a list, not number")
    }

    @Test func range() throws {
        #expect(try evalExpr("${range(3)}") == [0, 1, 2])
        #expect(try evalExpr("${range(1, 4)}") == [1, 2, 3])
        #expect(try evalExpr("${range(3, 0)}") == [3, 2, 1])
        #expect(try evalExpr("${range(0, 1, 0.25)}") == [0, 0.25, 0.5, 0.75])
        #expect(exprDiagnostic("${range(0, 5, 0)}")?.message == "range: the step must not be zero")
        #expect(exprDiagnostic("${range(0, 5, -1)}")?.message == "range: a step of -1 never reaches the limit")
        #expect(exprDiagnostic("${range(1e9)}")?.message == "range: the range has more than 1024 elements")
    }

    @Test func tolistAndTomapPassThrough() throws {
        #expect(try evalExpr("${tolist([1, var.s])}", scope) == [1, .sensitive("pw")])
        #expect(try evalExpr("${tomap({a = 1})}") == .map(["a": 1]))
        #expect(exprDiagnostic("${tomap([1])}")?.message == "tomap: argument 1 must be a map, not list")
    }
}
