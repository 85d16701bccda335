import Testing

@testable import CairnAddresses

@Suite struct AddressOrderAndTargetTests {
    private func addresses(_ texts: [String]) throws -> [ResourceInstanceAddress] {
        try texts.map { try ResourceInstanceAddress.parse($0) }
    }

    @Test func instancesSortByModuleThenNameThenKey() throws {
        let sorted = try addresses([
            "web[10]", "module.b.x", "web[\"a\"]", "data.zone", "web[2]", "alpha", "module.a[1].x", "web",
            "module.a.x", "module.a[0].x", "module.a.module.c.x", "zeta",
        ]).sorted()
        #expect(
            sorted.map(\.description) == [
                // Root first; data.zone between alpha and web, as its text sorts; no key, then
                // numbers by value (2 before 10), then strings.
                "alpha", "data.zone", "web", "web[2]", "web[10]", "web[\"a\"]", "zeta",
                "module.a.x", "module.a.module.c.x", "module.a[0].x", "module.a[1].x", "module.b.x",
            ])
    }

    @Test func equalAddressesHashAlikeAndRootIsCheap() throws {
        let a = try ResourceInstanceAddress.parse("web[3]")
        let b = ResourceAddress(name: "web").instance(.index(3))
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(Set(try addresses(["web", "web[0]", "data.web", "module.m.web"])).count == 4)
        #expect(ModulePath.root.steps.capacity == 0)
    }

    @Test func targetsParseIntoTheirThreeKinds() throws {
        #expect(try AddressTarget.parse("module.app") == .module(.root.child("app")))
        #expect(try AddressTarget.parse("web") == .resource(ResourceAddress(name: "web")))
        #expect(try AddressTarget.parse("web[0]") == .instance(ResourceAddress(name: "web").instance(.index(0))))
        #expect(try AddressTarget.parse("module.app[\"x\"].data.z").description == "module.app[\"x\"].data.z")
        #expect(throws: AddressParseError.self) { try AddressTarget.parse("module.app[") }
    }

    @Test func aModuleTargetSelectsEverythingUnderThatCall() throws {
        let all = try addresses([
            "web", "web[0]", "module.app.file", "module.app[\"api\"].file[0]", "module.app.module.inner.data.x",
            "module.apps.file", "module.other.module.app.file", "data.app",
        ])
        func selected(_ target: String) throws -> [String] {
            let t = try AddressTarget.parse(target)
            return all.filter { t.selects($0) }.map(\.description)
        }
        #expect(try selected("module.app") == ["module.app.file", "module.app[\"api\"].file[0]", "module.app.module.inner.data.x"])
        #expect(try selected("module.app[\"api\"]") == ["module.app[\"api\"].file[0]"])
        #expect(try selected("module.app.module.inner") == ["module.app.module.inner.data.x"])
        #expect(try selected("web") == ["web", "web[0]"])
        #expect(try selected("web[0]") == ["web[0]"])
        #expect(try selected("module.app.file") == ["module.app.file"])
        #expect(try selected("data.app") == ["data.app"])
    }
}
