import CairnProviderKit

/// Whether `count.index` / `each.*` are available where a reference is written.
public struct ReferenceContext: Sendable {
    public var count: Bool
    public var forEach: Bool
    public static let plain = ReferenceContext(count: false, forEach: false)
}

/// Maps a reference to the declaration it names, checking it exists.
enum ReferenceResolver {
    static let namespaces: Set<String> = ["var", "local", "data", "module", "count", "each", "env", "path"]

    /// The graph node a reference depends on, nil for references with no node (env, path, count, each).
    static func target(of r: Reference, in config: StackConfig, context: ReferenceContext) throws -> ConfigGraph.Node? {
        switch r.namespace {
        case "var"?:
            guard config.variables[r.name] != nil else {
                throw undefined("variable", r, among: config.variables.keys, declare: "variables:")
            }
            return .variable(r.name)
        case "local"?:
            guard config.locals[r.name] != nil else {
                throw undefined("local", r, among: config.locals.keys, declare: "locals:")
            }
            return .local(r.name)
        case "data"?:
            guard config.dataSources[r.name] != nil else {
                throw undefined("data source", r, among: config.dataSources.keys, declare: "data:")
            }
            return .data(r.name)
        case "count"?:
            guard r.name == "index" else {
                throw Diagnostic.error("count has only `index`, not \"\(r.name)\"", at: r.location)
            }
            guard context.count else {
                throw Diagnostic.error("count.index is only available in a resource that sets count", at: r.location)
            }
            return nil
        case "each"?:
            guard r.name == "key" || r.name == "value" else {
                throw Diagnostic.error("each has only `key` and `value`, not \"\(r.name)\"", at: r.location)
            }
            guard context.forEach else {
                throw Diagnostic.error("each.\(r.name) is only available in a resource that sets for_each", at: r.location)
            }
            return nil
        case "env"?:
            return nil
        case "path"?:
            guard r.name == "stack" || r.name == "cwd" else {
                throw Diagnostic.error("unknown path value \"path.\(r.name)\"", at: r.location, hint: "use path.stack or path.cwd")
            }
            return nil
        case "module"?:
            throw Diagnostic.error("modules are not supported by this version of Cairn", at: r.location)
        case let ns?:
            throw Diagnostic.error("unknown namespace \"\(ns)\"", at: r.location)
        case nil:
            guard config.resources[r.name] != nil else {
                throw undefined("resource", r, among: config.resources.keys, declare: "resources:")
            }
            return .resource(r.name)
        }
    }

    private static func undefined(_ what: String, _ r: Reference, among names: some Sequence<String>, declare: String) -> Diagnostic {
        .error(
            "undefined reference: \(r) (no \(what) named \"\(r.name)\")", at: r.location,
            hint: Suggestion.hint(for: r.name, among: names) ?? "declare it under `\(declare)`")
    }
}
