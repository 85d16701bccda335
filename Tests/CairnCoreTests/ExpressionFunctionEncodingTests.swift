import CairnProviderKit
import Foundation
import Testing

@testable import CairnCore

/// Numeric, encoding, hashing, CIDR and file functions.
struct ExpressionFunctionEncodingTests {
    @Test func minMaxAbsFloorCeil() throws {
        #expect(try evalExpr("${min(3, -1, 2)}") == .number(-1))
        #expect(try evalExpr("${max(3, -1, 2)}") == .number(3))
        #expect(try evalExpr("${abs(-2.5)}") == .number(2.5))
        #expect(try evalExpr("${floor(-2.5)}") == .number(-3))
        #expect(try evalExpr("${ceil(2.1)}") == .number(3))
        #expect(exprDiagnostic("${max(1, \"2\")}")?.message == "max: argument 2 must be a number, not string")
        #expect(exprDiagnostic("${min()}")?.message == "min expects at least 1 argument, got 0")
    }

    @Test func jsonencode() throws {
        #expect(try evalExpr("${jsonencode({b = [1, true, null], a = \"x\"})}") == .string(#"{"a":"x","b":[1,true,null]}"#))
        #expect(try evalExpr("${jsonencode(\"q\\\"\")}") == .string(#""q\"""#))
        #expect(try evalExpr("${jsonencode(var.u)}", ExprTestScope(values: ["var.u": .unknown])) == .unknown)
    }

    @Test func jsondecode() throws {
        #expect(try evalExpr(#"${jsondecode("{\"a\": [1, 2.5, false, null]}")}"#) == .map(["a": [1, 2.5, false, .null]]))
        #expect(try evalExpr(#"${jsondecode("\"s\"")}"#) == .string("s"))
        #expect(try evalExpr(#"${jsondecode("{\"$unknown\": true}")}"#) == .map(["$unknown": true]))
        let d = exprDiagnostic(#"${jsondecode("{oops")}"#)
        #expect(d?.message == "jsondecode: the text is not valid JSON")
        #expect(d?.location == exprColumn(13))
    }

    @Test func deeplyNestedJSONDoesNotCrash() throws {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let scope = ExprTestScope(values: ["var.j": .string(deep)])
        #expect(exprDiagnostic("${jsondecode(var.j)}", scope)?.message == "jsondecode: the text is not valid JSON")
    }

    @Test func base64() throws {
        #expect(try evalExpr("${base64encode(\"Hello World\")}") == .string("SGVsbG8gV29ybGQ="))
        #expect(try evalExpr("${base64decode(\"SGVsbG8gV29ybGQ=\")}") == .string("Hello World"))
        #expect(exprDiagnostic("${base64decode(\"***\")}")?.message == "base64decode: the text is not valid base64")
        #expect(exprDiagnostic("${base64decode(\"/w==\")}")?.message == "base64decode: the decoded bytes are not UTF-8 text")
    }

    @Test func sha256() throws {
        #expect(
            try evalExpr("${sha256(\"hello\")}")
                == .string("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))
        #expect(exprDiagnostic("${sha256(1)}")?.message == "sha256: argument 1 must be a string, not number")
    }

    @Test func cidrsubnetIPv4() throws {
        #expect(try evalExpr("${cidrsubnet(\"10.0.0.0/16\", 8, 2)}") == .string("10.0.2.0/24"))
        #expect(try evalExpr("${cidrsubnet(\"172.16.0.0/12\", 4, 2)}") == .string("172.18.0.0/16"))
        #expect(try evalExpr("${cidrsubnet(\"10.1.2.0/24\", 4, 15)}") == .string("10.1.2.240/28"))
        #expect(try evalExpr("${cidrsubnet(\"10.1.2.3/16\", 0, 0)}") == .string("10.1.0.0/16"))
    }

    @Test func cidrsubnetErrors() {
        #expect(
            exprDiagnostic("${cidrsubnet(\"10.0.0.0/16\", 8, 256)}")?.message
                == "cidrsubnet: prefix extension of 8 does not accommodate a subnet numbered 256")
        #expect(
            exprDiagnostic("${cidrsubnet(\"10.0.0.0/30\", 4, 0)}")?.message
                == "cidrsubnet: insufficient address space to extend prefix of 30 by 4")
        #expect(
            exprDiagnostic("${cidrsubnet(\"10.0.0.0/16\", 8, -1)}")?.message
                == "cidrsubnet: prefix extension of 8 does not accommodate a subnet numbered -1")
        let bad = exprDiagnostic("${cidrsubnet(\"10.0.0/16\", 8, 1)}")
        #expect(bad?.message == "cidrsubnet: \"10.0.0/16\" is not a CIDR prefix")
        #expect(bad?.location == exprColumn(13))
        #expect(
            exprDiagnostic("${cidrsubnet(\"10.0.0.0/33\", 1, 1)}")?.message
                == "cidrsubnet: \"10.0.0.0/33\" is not a CIDR prefix")
    }

    @Test func cidrsubnetIPv6() throws {
        #expect(try evalExpr("${cidrsubnet(\"fd00:fd12:3456:7890::/56\", 16, 162)}") == .string("fd00:fd12:3456:7800:a200::/72"))
        #expect(try evalExpr("${cidrsubnet(\"2001:db8::/32\", 16, 1)}") == .string("2001:db8:1::/48"))
        #expect(try evalExpr("${cidrsubnet(\"2001:db8::/32\", 64, 3)}") == .string("2001:db8::3:0:0/96"))
    }

    @Test func cidrhost() throws {
        #expect(try evalExpr("${cidrhost(\"10.0.0.0/24\", 5)}") == .string("10.0.0.5"))
        #expect(try evalExpr("${cidrhost(\"10.12.112.0/20\", 268)}") == .string("10.12.113.12"))
        #expect(try evalExpr("${cidrhost(\"10.0.0.0/24\", -1)}") == .string("10.0.0.255"))
        #expect(try evalExpr("${cidrhost(\"10.0.0.0/24\", -256)}") == .string("10.0.0.0"))
        #expect(try evalExpr("${cidrhost(\"fd00:fd12:3456:7890:00a2::/72\", 34)}") == .string("fd00:fd12:3456:7890::22"))
        #expect(try evalExpr("${cidrhost(\"::/0\", -1)}") == .string("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"))
        #expect(try evalExpr("${cidrhost(\"::ffff:10.0.0.0/120\", 1)}") == .string("::ffff:a00:1"))
        #expect(
            exprDiagnostic("${cidrhost(\"10.0.0.0/24\", 256)}")?.message
                == "cidrhost: prefix of 24 does not accommodate a host numbered 256")
        #expect(
            exprDiagnostic("${cidrhost(\"10.0.0.0/24\", -257)}")?.message
                == "cidrhost: prefix of 24 does not accommodate a host numbered -257")
        #expect(
            exprDiagnostic("${cidrhost(\"1:2:3:4:5:6:7::8/64\", 1)}")?.message
                == "cidrhost: \"1:2:3:4:5:6:7::8/64\" is not a CIDR prefix")
    }

    @Test func cidrnetmask() throws {
        #expect(try evalExpr("${cidrnetmask(\"172.16.0.0/12\")}") == .string("255.240.0.0"))
        #expect(try evalExpr("${cidrnetmask(\"10.0.0.0/32\")}") == .string("255.255.255.255"))
        #expect(exprDiagnostic("${cidrnetmask(\"::/64\")}")?.message == "cidrnetmask: only IPv4 prefixes have a netmask")
    }

    @Test func fileReadsRelativeToTheStackFolder() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-expr-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "hello file\n".write(to: dir.appendingPathComponent("sub/a.txt"), atomically: true, encoding: .utf8)
        let scope = ExprTestScope(baseDirectory: dir.path)
        #expect(try evalExpr("${file(\"sub/a.txt\")}", scope) == .string("hello file\n"))
        #expect(try evalExpr("${file(\"\(dir.path)/sub/a.txt\")}", ExprTestScope()) == .string("hello file\n"))

        let missing = exprDiagnostic("${file(\"nope.txt\")}", scope)
        #expect(missing?.message == "file: cannot read \"nope.txt\": there is no file at \(dir.path)/nope.txt")
        #expect(missing?.location == exprColumn(7))
        #expect(
            exprDiagnostic("${file(\"sub\")}", scope)?.message
                == "file: cannot read \"sub\": \(dir.path)/sub is not a regular file")
    }
}
