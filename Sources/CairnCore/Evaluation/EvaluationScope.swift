import CairnProviderKit
import Foundation

/// Resolves references for one evaluation: a resource instance (with its count.index or each.*),
/// a local, an output or a provider's settings.
struct EvaluationScope: ExpressionScope {
    /// What every evaluation of a run shares, behind one reference: Swift copies the scope into
    /// each expression it evaluates, and a copy then retains this one object rather than every
    /// table of the configuration.
    final class Context: Sendable {
        let locals: [String: LocalDecl]
        let directory: String
        let table: ValueTable
        let environment: [String: String]
        let limits: EvaluationLimits
        let localsBudget: LocalsBudget

        init(
            locals: [String: LocalDecl], directory: String, table: ValueTable, environment: [String: String],
            localsBudget: LocalsBudget? = nil
        ) {
            self.locals = locals
            self.directory = directory
            self.table = table
            self.environment = environment
            limits = localsBudget?.limits ?? EvaluationLimits(environment: environment)
            self.localsBudget = localsBudget ?? LocalsBudget(limits: limits)
        }
    }

    private var context: Context
    var table: ValueTable { context.table }
    var countIndex: Int?
    var each: (key: String, value: Value)?
    /// When false, locals are evaluated afresh on every reference (during apply, when the
    /// resources they use change under them).
    var cacheLocals = true
    /// Locals being evaluated, to stop a runaway chain.
    var depth = 0

    init(config: StackConfig, table: ValueTable, environment: [String: String]) {
        context = Context(locals: config.locals, directory: config.directory, table: table, environment: environment)
    }

    /// The same scope with a context of its own, for a worker on another core: two cores retaining
    /// one object fight over its cache line.
    func forWorker() -> EvaluationScope {
        var s = self
        s.context = Context(
            locals: context.locals, directory: context.directory, table: context.table,
            environment: context.environment, localsBudget: context.localsBudget)
        return s
    }

    var baseDirectory: String { context.directory }
    var evaluationLimits: EvaluationLimits { context.limits }

    func value(of r: Reference) throws -> Value {
        switch r.namespace {
        case "var"?:
            guard let v = table.variables[r.name] else { throw undefined(r) }
            return v
        case "local"?:
            if cacheLocals, let v = table.local(r.name) { return v }
            guard let decl = context.locals[r.name] else { throw undefined(r) }
            guard depth < 200 else { throw Diagnostic.error("locals nest too deeply", at: r.location) }
            var inner = self
            inner.countIndex = nil
            inner.each = nil
            inner.depth += 1
            let v = try decl.value.evaluate(in: inner)
            if cacheLocals {
                try context.localsBudget.charge(v, local: r.name, at: decl.value.location)
                table.setLocal(r.name, v)
            }
            return v
        case "data"?:
            guard let v = table.resource("data.\(r.name)") else { throw undefined(r) }
            return v
        case "count"?:
            guard let i = countIndex else {
                throw Diagnostic.error("count.index is only available in a resource that sets count", at: r.location)
            }
            return .number(Double(i))
        case "each"?:
            guard let each else {
                throw Diagnostic.error("each.\(r.name) is only available in a resource that sets for_each", at: r.location)
            }
            return r.name == "key" ? .string(each.key) : each.value
        case "env"?:
            guard let v = context.environment[r.name] else {
                throw Diagnostic.error(
                    "environment variable \(r.name) is not set", at: r.location,
                    hint: "export \(r.name) before running cairn")
            }
            return .string(v)
        case "path"?:
            switch r.name {
            case "stack": return .string(context.directory)
            case "cwd": return .string(FileManager.default.currentDirectoryPath)
            default: throw undefined(r)
            }
        case nil:
            guard let v = table.resource(r.name) else { throw undefined(r) }
            return v
        default:
            throw undefined(r)
        }
    }

    private func undefined(_ r: Reference) -> Diagnostic {
        .error("undefined reference: \(r)", at: r.location)
    }
}
