import CairnAddresses
import CairnProviderKit

typealias Entries = [(key: String, keyLocation: SourceLocation, value: ConfigExpr)]

/// Reads the top-level sections of one stack file into the config being built.
struct SectionBuilder {
    var config: StackConfig
    /// Where each name was first defined (`resource web`), for "defined twice" errors across files.
    var seen: [String: SourceLocation]
    private var lastType: (text: String, type: ResourceType)?

    init(config: StackConfig, seen: [String: SourceLocation]) {
        self.config = config
        self.seen = seen
    }

    mutating func read(_ entries: Entries, bag: inout DiagnosticBag) {
        for (key, keyLoc, value) in entries {
            do {
                switch key {
                case "stack": config.name = try identifierValue(value, what: "stack name", key: "stack", keyLoc)
                case "description": config.description = try stringValue(value, what: "description")
                case "backend": config.backend = try stringValue(value, what: "backend")
                case "moved": try readMoved(value)
                case "modules":
                    throw Diagnostic.error(
                        "modules are not supported by this version of Cairn", at: keyLoc,
                        hint: "copy the module's resources into the stack for now")
                case _ where StackLoader.sections.contains(key):
                    let definitions = try named(value, section: key)
                    reserve(definitions.count, for: key)
                    for (name, loc, v) in definitions {
                        do {
                            try checkName(name, at: loc)
                            try readNamed(section: key, name, loc, v)
                        } catch { bag.add(error) }
                    }
                default:
                    throw Diagnostic.error(
                        "unknown section \"\(key)\"", at: keyLoc,
                        hint: Suggestion.hint(for: key, among: StackLoader.sections)
                            ?? "sections are: \(StackLoader.sections.sorted().joined(separator: ", "))")
                }
            } catch { bag.add(error) }
        }
    }

    /// Sizes the tables a section fills once, instead of growing (and rehashing) them step by step.
    private mutating func reserve(_ count: Int, for section: String) {
        switch section {
        case "resources": config.resources.reserveCapacity(config.resources.count + count)
        case "data": config.dataSources.reserveCapacity(config.dataSources.count + count)
        case "locals": config.locals.reserveCapacity(config.locals.count + count)
        default: break
        }
    }

    private mutating func readNamed(section: String, _ name: String, _ loc: SourceLocation, _ v: ConfigExpr) throws {
        switch section {
        case "variables": try readVariable(name, loc, v)
        case "locals":
            try define("local", name, at: loc)
            config.locals[name] = LocalDecl(name: name, value: v, location: loc)
        case "providers": try readProvider(name, loc, v)
        case "resources":
            // Resources are referred to by bare name, so they can't share one with a namespace.
            if ReferenceResolver.namespaces.contains(name) {
                throw Diagnostic.error("\"\(name)\" is a reserved word and cannot name a resource", at: loc, hint: "choose another name")
            }
            try readResource(name, loc, v, isData: false)
        case "data": try readResource(name, loc, v, isData: true)
        default: try readOutput(name, loc, v)
        }
    }

    private mutating func define(_ kind: String, _ name: String, at loc: SourceLocation) throws {
        let key = "\(kind) \(name)"
        if let first = seen[key] { throw Self.definedTwice(kind, name, at: loc, first: first) }
        seen[key] = loc
    }

    /// Resources and data sources are found in the config itself (one hash lookup per definition
    /// instead of a second table of names).
    private func defineBlock(_ kind: String, _ name: String, at loc: SourceLocation, isData: Bool) throws {
        if let first = (isData ? config.dataSources : config.resources)[name] {
            throw Self.definedTwice(kind, name, at: loc, first: first.location)
        }
    }

    private static func definedTwice(_ kind: String, _ name: String, at loc: SourceLocation, first: SourceLocation) -> Diagnostic {
        .error(
            "\(kind) \"\(name)\" is defined twice (first at \(first))", at: loc,
            hint: "names must be unique across all files of the stack; rename or remove one")
    }

    private func named(_ value: ConfigExpr, section: String) throws -> Entries {
        if case .literal(.null) = value.kind { return [] }
        guard let entries = value.mapEntries else {
            throw Diagnostic.error("`\(section)` must be a map of names to definitions", at: value.location)
        }
        return entries
    }

    private func checkName(_ name: String, at loc: SourceLocation) throws {
        guard Self.isIdentifier(name) else {
            throw Diagnostic.error(
                "\"\(name)\" is not a valid name", at: loc,
                hint: "names start with a letter or _ and hold letters, digits, _ and -")
        }
    }

    /// PROVIDER and KIND of a type; blocks mostly repeat the previous block's type, so that one is kept.
    private mutating func resourceType(_ text: String, at location: SourceLocation) throws -> ResourceType {
        if let last = lastType, last.text == text { return last.type }
        guard let type = try? ResourceType.parse(text) else {
            throw Diagnostic.error("type \"\(text)\" must be PROVIDER.KIND", at: location, hint: "for example `local.file`")
        }
        lastType = (text, type)
        return type
    }

    static func isIdentifier(_ s: String) -> Bool {
        guard let f = s.unicodeScalars.first, f == "_" || f.isNameLetter else { return false }
        return s.unicodeScalars.allSatisfy { $0 == "_" || $0 == "-" || $0.isNameLetter || $0.isASCIIDigit }
    }

    // MARK: sections

    private mutating func readVariable(_ name: String, _ loc: SourceLocation, _ v: ConfigExpr) throws {
        try define("variable", name, at: loc)
        let fields = try fieldMap(
            v, what: "variable \"\(name)\"",
            allowed: ["type", "default", "description", "sensitive", "validation", "error_message"])
        var type = VariableDecl.VarType.any
        if let t = fields["type"] {
            let s = try stringValue(t, what: "type")
            guard let vt = VariableDecl.VarType(rawValue: s) else {
                throw Diagnostic.error(
                    "unknown variable type \"\(s)\"", at: t.location,
                    hint: "types are string, number, bool, list, map")
            }
            type = vt
        }
        var def: Value?
        if let d = fields["default"] {
            guard let lit = d.literalValue else {
                throw Diagnostic.error(
                    "a variable's default must be a literal value", at: d.location,
                    hint: "use a local for computed values")
            }
            def = lit
        }
        config.variables[name] = VariableDecl(
            name: name, type: type, defaultValue: def,
            description: try fields["description"].map { try stringValue($0, what: "description") } ?? "",
            sensitive: try fields["sensitive"].map { try boolValue($0, what: "sensitive") } ?? false,
            validation: fields["validation"],
            errorMessage: try fields["error_message"].map { try stringValue($0, what: "error_message") },
            location: loc)
    }

    private mutating func readProvider(_ key: String, _ loc: SourceLocation, _ v: ConfigExpr) throws {
        try define("provider", key, at: loc)
        var entries: Entries = []
        if case .literal(.null) = v.kind {
        } else {
            guard let e = v.mapEntries else {
                throw Diagnostic.error("provider \"\(key)\" must be a map of settings", at: v.location)
            }
            entries = e
        }
        var providerName = key
        if let t = entries.first(where: { $0.key == "type" }) {
            providerName = try stringValue(t.value, what: "provider type")
            entries.removeAll { $0.key == "type" }
        }
        config.providers[key] = ProviderDecl(key: key, providerName: providerName, config: entries, location: loc)
    }

    private mutating func readResource(_ name: String, _ loc: SourceLocation, _ v: ConfigExpr, isData: Bool) throws {
        let what = isData ? "data source" : "resource"
        try defineBlock(what, name, at: loc, isData: isData)
        let fields = try blockFields(v, what: "\(what) \"\(name)\"", isData: isData)
        guard let typeExpr = fields.type else {
            throw Diagnostic.error("\(what) \"\(name)\" has no type", at: loc, hint: "add `type: PROVIDER.KIND`, e.g. `type: local.file`")
        }
        let type = try resourceType(try stringValue(typeExpr, what: "type"), at: typeExpr.location)
        var properties: Entries = []
        if let p = fields.properties {
            if case .literal(.null) = p.kind {
            } else {
                guard let e = p.mapEntries else {
                    throw Diagnostic.error("properties must be a map", at: p.location)
                }
                properties = e
            }
        }
        var dependsOn: [(name: String, location: SourceLocation)] = []
        if let d = fields.dependsOn {
            guard case .list(let items) = d.kind else {
                throw Diagnostic.error("depends_on must be a list of names", at: d.location, hint: "depends_on: [site, db]")
            }
            for i in items { dependsOn.append((try stringValue(i, what: "depends_on entry"), i.location)) }
        }
        if fields.count != nil, fields.forEach != nil {
            throw Diagnostic.error("\(what) \"\(name)\" sets both count and for_each", at: loc, hint: "use one of them")
        }
        var providerKey = type.provider
        var providerKeyLoc: SourceLocation?
        if let p = fields.provider {
            providerKey = try stringValue(p, what: "provider")
            providerKeyLoc = p.location
        }
        let decl = ResourceDecl(
            name: name, isData: isData, type: type,
            providerKey: providerKey, providerKeyLocation: providerKeyLoc, properties: properties,
            count: fields.count, forEach: fields.forEach, dependsOn: dependsOn,
            lifecycle: try fields.lifecycle.map(readLifecycle) ?? Lifecycle(),
            location: loc, typeLocation: typeExpr.location)
        if isData { config.dataSources[name] = decl } else { config.resources[name] = decl }
    }

    private static let dataFields: Set<String> = ["type", "provider", "properties", "depends_on", "count", "for_each"]
    private static let resourceFields = dataFields.union(["lifecycle"])

    /// The fields of a resource or data source block.
    private struct BlockFields {
        var type, provider, properties, dependsOn, count, forEach, lifecycle: ConfigExpr?
    }

    /// Reads a block's fields in one pass over its entries (this runs once per block of a stack
    /// that may have tens of thousands); unknown fields fail as `fieldMap` fails them, the first one first.
    private func blockFields(_ v: ConfigExpr, what: @autoclosure () -> String, isData: Bool) throws -> BlockFields {
        guard let entries = v.mapEntries else {
            throw Diagnostic.error("\(what()) must be a map", at: v.location)
        }
        var f = BlockFields()
        for (k, kl, value) in entries {
            switch k {
            case "type": f.type = f.type ?? value
            case "provider": f.provider = f.provider ?? value
            case "properties": f.properties = f.properties ?? value
            case "depends_on": f.dependsOn = f.dependsOn ?? value
            case "count": f.count = f.count ?? value
            case "for_each": f.forEach = f.forEach ?? value
            case "lifecycle" where !isData: f.lifecycle = f.lifecycle ?? value
            default:
                let allowed = isData ? Self.dataFields : Self.resourceFields
                throw Diagnostic.error(
                    "unknown field \"\(k)\" in \(what())", at: kl,
                    hint: Suggestion.hint(for: k, among: allowed) ?? "fields are: \(allowed.sorted().joined(separator: ", "))")
            }
        }
        return f
    }

    private func readLifecycle(_ v: ConfigExpr) throws -> Lifecycle {
        let f = try fieldMap(v, what: "lifecycle", allowed: ["create_before_destroy", "prevent_destroy", "ignore_changes"])
        var l = Lifecycle()
        if let c = f["create_before_destroy"] { l.createBeforeDestroy = try boolValue(c, what: "create_before_destroy") }
        if let p = f["prevent_destroy"] { l.preventDestroy = try boolValue(p, what: "prevent_destroy") }
        if let i = f["ignore_changes"] {
            guard case .list(let items) = i.kind else {
                throw Diagnostic.error("ignore_changes must be a list of property names", at: i.location)
            }
            l.ignoreChanges = Set(try items.map { try stringValue($0, what: "ignore_changes entry") })
        }
        return l
    }

    private mutating func readOutput(_ name: String, _ loc: SourceLocation, _ v: ConfigExpr) throws {
        try define("output", name, at: loc)
        // Short form `name: "${expr}"`, or long form with value/sensitive/description.
        if let entries = v.mapEntries, entries.contains(where: { $0.key == "value" }) {
            let f = try fieldMap(v, what: "output \"\(name)\"", allowed: ["value", "sensitive", "description"])
            config.outputs[name] = OutputDecl(
                name: name, value: f["value"]!,
                sensitive: try f["sensitive"].map { try boolValue($0, what: "sensitive") } ?? false,
                description: try f["description"].map { try stringValue($0, what: "description") } ?? "",
                location: loc)
        } else {
            config.outputs[name] = OutputDecl(name: name, value: v, sensitive: false, description: "", location: loc)
        }
    }

    private mutating func readMoved(_ v: ConfigExpr) throws {
        guard case .list(let items) = v.kind else {
            throw Diagnostic.error("moved must be a list of {from, to}", at: v.location)
        }
        for i in items {
            let f = try fieldMap(i, what: "moved entry", allowed: ["from", "to"])
            guard let from = f["from"], let to = f["to"] else {
                throw Diagnostic.error("a moved entry needs both from and to", at: i.location)
            }
            config.moved.append(
                MovedDecl(from: try stringValue(from, what: "from"), to: try stringValue(to, what: "to"), location: i.location))
        }
    }

    // MARK: field helpers

    /// The fields of a definition, each checked against `allowed`; read by name with a scan, since
    /// a definition has a handful of fields and this runs once per resource.
    private func fieldMap(_ v: ConfigExpr, what: @autoclosure () -> String, allowed: Set<String>) throws -> Fields {
        guard let entries = v.mapEntries else {
            throw Diagnostic.error("\(what()) must be a map", at: v.location)
        }
        for (k, kl, _) in entries where !allowed.contains(k) {
            throw Diagnostic.error(
                "unknown field \"\(k)\" in \(what())", at: kl,
                hint: Suggestion.hint(for: k, among: allowed) ?? "fields are: \(allowed.sorted().joined(separator: ", "))")
        }
        return Fields(entries: entries)
    }

    struct Fields {
        let entries: Entries
        subscript(_ key: String) -> ConfigExpr? { entries.first { $0.key == key }?.value }
    }

    private func stringValue(_ v: ConfigExpr, what: String) throws -> String {
        switch v.literalValue {
        case .string(let s)?: return s
        case .number(let n)?: return Value.format(number: n)
        default:
            throw Diagnostic.error("\(what) must be a literal string", at: v.location)
        }
    }

    private func identifierValue(_ v: ConfigExpr, what: String, key: String, _ loc: SourceLocation) throws -> String {
        let s = try stringValue(v, what: what)
        try checkName(s, at: v.location)
        return s
    }

    private func boolValue(_ v: ConfigExpr, what: String) throws -> Bool {
        guard case .bool(let b)? = v.literalValue else {
            throw Diagnostic.error("\(what) must be true or false", at: v.location)
        }
        return b
    }
}
