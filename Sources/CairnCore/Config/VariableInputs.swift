import CairnProviderKit
import Foundation

/// Where variable values come from, lowest precedence first: default, `CAIRN_VAR_name`,
/// `--var-file`, `--var`.
public struct VariableInputs: Sendable {
    public var assignments: [String] = []
    public var files: [String] = []
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init(
        assignments: [String] = [], files: [String] = [],
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.assignments = assignments
        self.files = files
        self.environment = environment
    }

    /// Resolves every declared variable to a value of its type, sensitive ones marked.
    public func resolve(for config: StackConfig) throws -> [String: Value] {
        var raw: [String: (Value, String)] = [:] // value, where it came from
        var bag = DiagnosticBag()
        for (name, value) in environment where name.hasPrefix("CAIRN_VAR_") {
            let varName = String(name.dropFirst("CAIRN_VAR_".count))
            guard let decl = config.variables[varName] else { continue }
            bag.capture { raw[varName] = (try Self.parseText(value, for: decl, origin: name), name) }
        }
        for file in files {
            bag.capture {
                for (k, v) in try Self.readVarFile(file) {
                    guard config.variables[k] != nil else {
                        throw Diagnostic.error(
                            "\(file) sets \"\(k)\", which the stack does not declare",
                            hint: Suggestion.hint(for: k, among: config.variables.keys))
                    }
                    raw[k] = (v, file)
                }
            }
        }
        for a in assignments {
            bag.capture {
                guard let eq = a.firstIndex(of: "=") else {
                    throw Diagnostic.error("--var \"\(a)\" must be NAME=VALUE")
                }
                let name = String(a[..<eq])
                let text = String(a[a.index(after: eq)...])
                guard let decl = config.variables[name] else {
                    throw Diagnostic.error(
                        "--var sets \"\(name)\", which the stack does not declare",
                        hint: Suggestion.hint(for: name, among: config.variables.keys)
                            ?? "declared variables: \(config.variables.keys.sorted().joined(separator: ", "))")
                }
                raw[name] = (try Self.parseText(text, for: decl, origin: "--var \(name)"), "--var \(name)")
            }
        }
        var out: [String: Value] = [:]
        for (name, decl) in config.variables {
            bag.capture {
                let value: Value
                if let (v, origin) = raw[name] {
                    value = try Self.convert(v, to: decl.type, what: "variable \"\(name)\" (from \(origin))", at: decl.location)
                } else if let d = decl.defaultValue {
                    value = try Self.convert(d, to: decl.type, what: "the default of variable \"\(name)\"", at: decl.location)
                } else {
                    throw Diagnostic.error(
                        "variable \"\(name)\" has no value", at: decl.location,
                        hint: "set it with --var \(name)=…, a --var-file, or CAIRN_VAR_\(name)")
                }
                out[name] = value.markedSensitive(decl.sensitive)
            }
        }
        try bag.throwIfErrors()
        return out
    }

    /// A string for string variables; YAML flow (so JSON works) for the others.
    static func parseText(_ text: String, for decl: VariableDecl, origin: String) throws -> Value {
        if decl.type == .string { return .string(text) }
        let expr: ConfigExpr?
        do {
            expr = try YAMLReader.read(text, file: origin)
        } catch {
            let shown = decl.sensitive ? "the (sensitive) value" : "\"\(text)\""
            throw Diagnostic.error(
                "\(origin): cannot parse \(shown) as a \(decl.type.rawValue)",
                hint: "lists and maps are written as YAML flow or JSON, e.g. [a, b] or {k: v}")
        }
        guard let expr else { return .null }
        guard let v = expr.literalValue else {
            throw Diagnostic.error("\(origin): expressions are not allowed in variable values")
        }
        return v
    }

    static func readVarFile(_ path: String) throws -> [String: Value] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Diagnostic.error("cannot read variable file \(path)", hint: "check the path")
        }
        guard let expr = try YAMLReader.read(text, file: path) else { return [:] }
        guard let entries = expr.mapEntries else {
            throw Diagnostic.error("a variable file must be a map of NAME: VALUE", at: expr.location)
        }
        var out: [String: Value] = [:]
        for e in entries {
            guard let v = e.value.literalValue else {
                throw Diagnostic.error("expressions are not allowed in variable files", at: e.value.location)
            }
            out[e.key] = v
        }
        return out
    }

    /// Converts to the declared type the way users expect ("3" → 3 for a number), else errors.
    public static func convert(_ v: Value, to type: VariableDecl.VarType, what: String, at loc: SourceLocation?) throws -> Value {
        let u = v.unmarked
        func fail() -> Diagnostic {
            .error("\(what) must be a \(type.rawValue), not a \(u.kindName)", at: loc)
        }
        switch (type, u) {
        case (.any, _), (.string, .string), (.number, .number), (.bool, .bool), (.list, .list), (.map, .map):
            return v
        case (.string, .number(let n)): return .string(Value.format(number: n))
        case (.string, .bool(let b)): return .string(b ? "true" : "false")
        case (.number, .string(let s)):
            guard let n = Double(s.trimmingCharacters(in: .whitespaces)) else { throw fail() }
            return .number(n)
        case (.bool, .string(let s)) where s == "true" || s == "false": return .bool(s == "true")
        default: throw fail()
        }
    }
}
