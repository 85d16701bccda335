import Foundation
import Testing

@testable import CairnAddresses

@Suite struct AddressParsingTests {
    @Test(arguments: [
        "site", "backend[0]", "backend[12]", "backend[\"a\"]", "data.zone", "data.zone[3]", "data.zone[\"k\"]",
        "web-1_x", "_private", "module.app.file", "module.app[\"api\"].file[0]", "module.a.module.b.data.x",
        "module.a[2].module.b[\"x y\"].web[\"k\"]", "módulo", "backend[\"a\\\"b\"]", "backend[\"back\\\\slash\"]",
        "backend[\"line\\nbreak\"]", "module[0]", "data", "module",
    ])
    func instanceAddressesPrintAsParsed(text: String) throws {
        #expect(try ResourceInstanceAddress.parse(text).description == text)
    }

    @Test func partsAreWhereTheyBelong() throws {
        let a = try ResourceInstanceAddress.parse("module.app[\"api\"].file[0]")
        #expect(a.module.steps == [ModuleInstanceStep(name: "app", key: .key("api"))])
        #expect(a.resource.mode == .managed)
        #expect(a.resource.name == "file")
        #expect(a.key == .index(0))

        let d = try ResourceInstanceAddress.parse("module.a.module.b.data.x")
        #expect(d.module == ModulePath.root.child("a").child("b"))
        #expect(d.resource.mode == .data)
        #expect(d.resource.name == "x")
        #expect(d.key == .none)

        let plain = try ResourceInstanceAddress.parse("backend[\"a\"]")
        #expect(plain.module.isRoot)
        #expect(plain == ResourceAddress(name: "backend").instance(.key("a")))
        #expect(try ResourceInstanceAddress.parse("data.zone").resource == ResourceAddress(mode: .data, name: "zone"))
        // A resource may be called "module" or "data"; only "module." and "data." start something else.
        #expect(try ResourceInstanceAddress.parse("module[1]") == ResourceAddress(name: "module").instance(.index(1)))
    }

    @Test(arguments: ["a\"b", "back\\slash", "\\\"", "tab\there", "new\nline", "bell\u{7}", "ünïcode", "", "]", "[0]"])
    func stringKeysRoundTripWhateverTheyHold(key: String) throws {
        let address = ResourceAddress(name: "web").instance(.key(key))
        let parsed = try ResourceInstanceAddress.parse(address.description)
        #expect(parsed == address)
        #expect(parsed.description == address.description)
        let step = ModulePath.root.child("m", key: .key(key))
        #expect(try ModulePath.parse(step.description) == step)
    }

    @Test func quotesAndBackslashesAreEscapedWhenPrinted() {
        #expect(ResourceAddress(name: "w").instance(.key("a\"b")).description == #"w["a\"b"]"#)
        #expect(ResourceAddress(name: "w").instance(.key("a\\b")).description == #"w["a\\b"]"#)
    }

    @Test func modulePathsParseAndPrint() throws {
        #expect(try ModulePath.parse("") == .root)
        #expect(ModulePath.root.description == "")
        let path = try ModulePath.parse("module.a[\"x\"].module.b")
        #expect(path.steps == [ModuleInstanceStep(name: "a", key: .key("x")), ModuleInstanceStep(name: "b")])
        #expect(path.description == "module.a[\"x\"].module.b")
    }

    @Test func resourceAddressesRefuseAKey() throws {
        #expect(try ResourceAddress.parse("module.app.data.zone") == ResourceAddress(module: .root.child("app"), mode: .data, name: "zone"))
        let error = #expect(throws: AddressParseError.self) { try ResourceAddress.parse("web[0]") }
        #expect(error?.problem.contains("without an instance key") == true)
    }

    @Test(arguments: [
        ("", "empty"),
        ("web[", "number (0 or more) or a quoted string"),
        ("web[x]", "number (0 or more) or a quoted string"),
        ("web[-1]", "number (0 or more) or a quoted string"),
        ("web[0", "no matching ]"),
        ("web[\"a]", "no closing quote"),
        ("web[\"a\\q\"]", "unknown escape \\q"),
        ("web[0]x", "unexpected \"x\" after \"web[0]\""),
        ("web.x", "only module.NAME steps come before a resource"),
        ("data.", "must be followed by a name"),
        ("module.", "must be followed by a name"),
        ("module.app.", "ends with a dot"),
        ("module.app", "names a module, not a resource"),
        ("9lives", "expected a name"),
        ("we b", "unexpected \" b\""),
        ("data.zone.x", "unexpected \".x\" after \"data.zone\""),
        ("wéb\u{2603}", "is not a name"),
    ])
    func malformedAddressesSayWhatIsWrong(text: String, problem: String) {
        let error = #expect(throws: AddressParseError.self) { try ResourceInstanceAddress.parse(text) }
        #expect(error?.text == text)
        #expect(error?.problem.contains(problem) == true, "\(error?.problem ?? "no error")")
        #expect(error?.description.hasPrefix("\"\(text)\" is not a valid address: ") == true)
    }

    @Test func typesSplitOnceAtTheFirstDot() throws {
        let t = try ResourceType.parse("local.file")
        #expect(t.provider == "local" && t.kind == "file")
        #expect(t.description == "local.file")
        #expect(try ResourceType.parse("aws.s3.bucket") == ResourceType(provider: "aws", kind: "s3.bucket"))
        for bad in ["local", ".file", "local.", ""] {
            let error = #expect(throws: AddressParseError.self) { try ResourceType.parse(bad) }
            #expect(error?.description.contains("is not a valid type: a type is PROVIDER.KIND") == true)
        }
    }

    @Test func textCodingRoundTripsAndRefusesBadText() throws {
        let address = try ResourceInstanceAddress.parse("module.app[\"a\\\"b\"].file[3]")
        let data = try JSONEncoder().encode([address])
        #expect(String(decoding: data, as: UTF8.self) == #"["module.app[\"a\\\"b\"].file[3]"]"#)
        #expect(try JSONDecoder().decode([ResourceInstanceAddress].self, from: data) == [address])
        #expect(throws: AddressParseError.self) { try JSONDecoder().decode([ResourceInstanceAddress].self, from: Data(#"["web["]"#.utf8)) }
    }
}
