import CairnProviderKit

/// Checks a loaded stack against the providers' schemas: types exist, properties are known and
/// required ones present, literal values have the right type, provider instances exist.
public struct StackValidator: Sendable {
    public let registry: ProviderRegistry

    public init(registry: ProviderRegistry) { self.registry = registry }

    /// Below this many resources and data sources, handing work to other threads costs more CPU than
    /// it saves time (at 1,000: 0.3 ms less wall, 1.3 ms more CPU).
    static let concurrentFrom = 2000

    /// Returns the stack's dependency graph when everything checks out.
    @discardableResult
    public func validate(_ config: StackConfig) async throws -> ConfigGraph {
        let declarations = config.resources.count + config.dataSources.count
        let cores = ConcurrentWork.cores
        let (bag, graph) = await diagnose(config, checkRanges: declarations < Self.concurrentFrom || cores < 2 ? 0 : 2 * cores)
        try bag.throwIfErrors()
        return graph!
    }

    /// Every diagnostic in the order found (providers', then each block's in source order, then the
    /// graph's), and the graph when it could be built. With `checkRanges` > 0 the graph is built on
    /// a thread of its own while the blocks, cut into that many ranges, are checked as child tasks;
    /// with 0 everything runs here, one after the other. Both give the same diagnostics in the same order.
    func diagnose(_ config: StackConfig, checkRanges: Int) async -> (DiagnosticBag, ConfigGraph?) {
        guard checkRanges > 0 else {
            var bag = await checks(config, ranges: 1)
            let graph = bag.capture { try ConfigGraph.build(config) }
            return (bag, graph)
        }
        // The graph needs nothing the checks prepare: it starts at once.
        let graph = ConcurrentWork.start { () -> (bag: DiagnosticBag, graph: ConfigGraph?) in
            var graphBag = DiagnosticBag()
            let graph = graphBag.capture { try ConfigGraph.build(config) }
            return (graphBag, graph)
        }
        var bag = await checks(config, ranges: checkRanges)
        let built = await graph.value()
        bag.append(contentsOf: built.bag.items)
        return (bag, built.graph)
    }

    /// The provider instances' checks, then each block's in source order; with `ranges` > 1 the
    /// blocks are cut into that many ranges, checked on the cores at the same time.
    private func checks(_ config: StackConfig, ranges: Int) async -> DiagnosticBag {
        var bag = DiagnosticBag()
        for p in config.providers.values.sorted(by: { $0.location < $1.location }) {
            bag.capture { try checkProvider(p) }
        }
        // One provider object per provider for its own checks, not one per resource block.
        var providers: [String: any Provider] = [:]
        var blocks: [ResourceDecl] = []
        blocks.reserveCapacity(config.resources.count + config.dataSources.count)
        for decls in [config.resources, config.dataSources] {
            var last = "" // the table is asked only when the provider changes from one block to the next
            for d in decls.values {
                blocks.append(d)
                if d.providerName != last {
                    last = d.providerName
                    if providers[last] == nil, let p = registry.make(last) { providers[last] = p }
                }
            }
        }
        // Checked in memory order: the blocks were allocated one after another, so that stays in
        // cache where the tables' hash order jumps all over the heap (a third less time at 10,000
        // blocks). Their diagnostics are put back in the files' order afterwards.
        blocks.sort { ObjectIdentifier($0) < ObjectIdentifier($1) }
        var found: [BlockDiagnostics]
        if ranges > 1 {
            let cut = ConcurrentWork.ranges(count: blocks.count, parts: ranges)
            let lookup = providers
            let inMemoryOrder = blocks
            found = await withTaskGroup(of: (Int, [BlockDiagnostics]).self) { group in
                for i in cut.indices {
                    group.addTask { (i, await checkBlocks(inMemoryOrder[cut[i]], config, providers: lookup)) }
                }
                var parts = [[BlockDiagnostics]](repeating: [], count: cut.count)
                for await (i, part) in group { parts[i] = part }
                return parts.flatMap { $0 }
            }
        } else {
            found = await checkBlocks(blocks[...], config, providers: providers)
        }
        found.sort { $0.location < $1.location }
        for f in found { bag.append(contentsOf: f.diagnostics) }
        return bag
    }

    /// One block's diagnostics, with the block's place.
    struct BlockDiagnostics: Sendable {
        let location: SourceLocation
        let diagnostics: [Diagnostic]
    }

    /// The checks of each block, with their own caches of type facts and provider settings; lists
    /// the blocks that have something to report.
    private func checkBlocks(
        _ blocks: ArraySlice<ResourceDecl>, _ config: StackConfig,
        providers: [String: any Provider]
    ) async -> [BlockDiagnostics] {
        var found: [BlockDiagnostics] = []
        var bag = DiagnosticBag()
        var types = BlockTypeFacts.Cache()
        var settingsByInstance: [String: [String: Value]] = [:]
        for decl in blocks {
            bag.capture { try checkProviderKey(decl, config) }
            bag.capture { try checkLiteralCount(decl) }
            if let facts = types.facts(for: decl, resolve: { resourceSchema(for: decl, bag: &bag) }) {
                let settings: [String: Value]
                if let known = settingsByInstance[decl.providerKey] {
                    settings = known
                } else {
                    settings = Self.literalSettings(config.providers[decl.providerKey])
                    settingsByInstance[decl.providerKey] = settings
                }
                await checkProperties(decl, facts: facts, provider: providers[decl.providerName], settings: settings, bag: &bag)
            }
            if !bag.items.isEmpty {
                found.append(BlockDiagnostics(location: decl.location, diagnostics: bag.items))
                bag = DiagnosticBag()
            }
        }
        return found
    }

    private func checkProvider(_ p: ProviderDecl) throws {
        guard let schema = registry.schema(named: p.providerName) else {
            throw Diagnostic.error(
                "unknown provider \"\(p.providerName)\" for provider instance \"\(p.key)\"", at: p.location,
                hint: Suggestion.hint(for: p.providerName, among: registry.names)
                    ?? "available providers: \(registry.names.joined(separator: ", ")); a second instance needs `type: PROVIDER`")
        }
        var bag = DiagnosticBag()
        for (k, kl, v) in p.config {
            guard let prop = schema.config[k] else {
                bag.append(
                    .error(
                        "unknown setting \"\(k)\" for provider \(p.providerName)", at: kl,
                        hint: Suggestion.hint(for: k, among: schema.config.keys) ?? settingsHint(schema.config)))
                continue
            }
            if let lit = v.literalValue, case .failure(let e) = TypeCheck.conform(lit, to: prop.type) {
                bag.append(.error("setting \"\(k)\(e.path)\" \(e.message)", at: v.location, hint: e.hint))
            }
        }
        for (k, prop) in schema.config where prop.required && !p.config.contains(where: { $0.key == k }) {
            bag.append(.error("provider \"\(p.key)\" is missing required setting \"\(k)\"", at: p.location))
        }
        try bag.throwIfErrors()
    }

    private func settingsHint(_ props: [String: PropertySchema]) -> String {
        props.isEmpty ? "this provider takes no settings" : "settings are: \(props.keys.sorted().joined(separator: ", "))"
    }

    /// A count written as a literal is checked here; computed ones when planning.
    private func checkLiteralCount(_ decl: ResourceDecl) throws {
        guard let c = decl.count, let v = c.literalValue else { return }
        guard let n = v.intValue, n >= 0, n <= InstanceExpansion.maxInstances else {
            throw Diagnostic.error(
                "count must be a whole number from 0 to \(InstanceExpansion.maxInstances), not \(v.jsonString())",
                at: c.location, address: decl.address.instance())
        }
    }

    private func checkProviderKey(_ decl: ResourceDecl, _ config: StackConfig) throws {
        if decl.providerKey == decl.providerName { return }
        guard let p = config.providers[decl.providerKey] else {
            throw Diagnostic.error(
                "provider instance \"\(decl.providerKey)\" is not declared", at: decl.providerKeyLocation ?? decl.location,
                hint: "declare it under `providers:` with `type: \(decl.providerName)`")
        }
        guard p.providerName == decl.providerName else {
            throw Diagnostic.error(
                "provider instance \"\(decl.providerKey)\" is a \(p.providerName) provider, but \(decl.type) needs \(decl.providerName)",
                at: decl.providerKeyLocation ?? decl.location)
        }
    }

    private func resourceSchema(for decl: ResourceDecl, bag: inout DiagnosticBag) -> ResourceSchema? {
        let what = decl.isData ? "data source" : "resource"
        guard let ps = registry.schema(named: decl.providerName) else {
            bag.append(
                .error(
                    "unknown \(what) type \"\(decl.type)\": there is no provider \"\(decl.providerName)\"", at: decl.typeLocation,
                    hint: Suggestion.hint(for: decl.type.description, among: allTypes(data: decl.isData))
                        ?? "available providers: \(registry.names.joined(separator: ", "))"))
            return nil
        }
        let kinds = decl.isData ? ps.dataSources : ps.resources
        guard let rs = kinds[decl.kind] else {
            bag.append(
                .error(
                    "unknown \(what) type \"\(decl.type)\"", at: decl.typeLocation,
                    hint: Suggestion.hint(for: decl.type.description, among: allTypes(data: decl.isData))
                        ?? (kinds.isEmpty
                            ? "provider \(ps.name) has no \(what) types"
                            : "\(ps.name) has: \(kinds.keys.sorted().map { "\(ps.name).\($0)" }.joined(separator: ", "))")))
            return nil
        }
        return rs
    }

    private func allTypes(data: Bool) -> [String] {
        registry.names.flatMap { n -> [String] in
            let s = registry.schema(named: n)!
            return (data ? s.dataSources : s.resources).keys.map { "\(n).\($0)" }
        }
    }

    private func checkProperties(
        _ decl: ResourceDecl, facts: BlockTypeFacts, provider: (any Provider)?,
        settings: [String: Value], bag: inout DiagnosticBag
    ) async {
        let schema = facts.schema
        // The values known without planning, type-checked once here for the provider's own checks too.
        var literal: [String: Value] = [:]
        var allLiteral = true
        for (k, kl, v) in decl.properties {
            guard let prop = schema.properties[k] else {
                bag.append(
                    .error(
                        "unknown property \"\(k)\" for \(decl.type)", at: kl, address: decl.address.instance(),
                        hint: Suggestion.hint(for: k, among: schema.settableNames)
                            ?? "\(decl.type) takes: \(schema.settableNames.joined(separator: ", "))"))
                continue
            }
            let conformed = v.literalValue.map { TypeCheck.conform($0, to: prop.type) }
            if case .success(let c)? = conformed { literal[k] = c } else { allLiteral = false }
            guard prop.isSettable else {
                bag.append(
                    .error(
                        "property \"\(k)\" of \(decl.type) is computed by the provider and cannot be set", at: kl,
                        address: decl.address.instance(), hint: "refer to it as ${\(decl.name).\(k)} instead"))
                continue
            }
            if case .failure(let e)? = conformed {
                bag.append(
                    .error("property \"\(k)\(e.path)\" \(e.message)", at: v.location, address: decl.address.instance(), hint: e.hint))
            }
        }
        if let provider {
            await providerChecks(
                decl, facts: facts, literal: literal, allLiteral: allLiteral, provider: provider, settings: settings, bag: &bag)
        }
        for k in facts.requiredNames {
            if !decl.properties.contains(where: { $0.key == k }) {
                bag.append(
                    .error(
                        "missing required property \"\(k)\" for \(decl.type)", at: decl.location, address: decl.address.instance(),
                        hint: "add `\(k):` under properties"))
            }
        }
    }

    /// The settings of a provider instance that are written literally (no expressions).
    private static func literalSettings(_ instance: ProviderDecl?) -> [String: Value] {
        var settings: [String: Value] = [:]
        for (k, _, v) in instance?.config ?? [] {
            if let lit = v.literalValue { settings[k] = lit }
        }
        return settings
    }

    /// The provider's own checks (ranges, formats) on the values already known without planning.
    /// `literal` holds the block's properties known without planning, conformed to their types;
    /// `allLiteral` tells whether that is all of them.
    private func providerChecks(
        _ decl: ResourceDecl, facts: BlockTypeFacts, literal: [String: Value], allLiteral: Bool,
        provider: any Provider, settings: [String: Value], bag: inout DiagnosticBag
    ) async {
        let issues =
            decl.isData
            ? [] : await provider.issues(ValidateRequest(kind: decl.kind, properties: Differ.withDefaults(literal, facts: facts.diff)))
        for issue in await provider.issues(ValidateSettingsRequest(kind: decl.kind, settings: settings)) {
            bag.append(.error(issue.message, at: decl.typeLocation, address: decl.address.instance(), hint: issue.hint))
        }
        for issue in issues {
            let entry = issue.property.flatMap { p in decl.properties.first { $0.key == p } }
            // An issue about a computed value, or about the whole block while some values are still
            // expressions, waits for plan, where every value is known.
            if issue.property != nil ? (entry == nil || literal[issue.property!] == nil) : !allLiteral { continue }
            bag.append(
                .error(
                    issue.property.map { "property \"\($0)\": \(issue.message)" } ?? issue.message,
                    at: entry?.value.location ?? decl.location, address: decl.address.instance(), hint: issue.hint))
        }
    }
}
