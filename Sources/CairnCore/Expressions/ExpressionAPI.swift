import CairnProviderKit

/// A reference to a named value inside an expression.
///
/// `var.x` → namespace "var", name "x". `local.x`, `data.NAME`, `module.NAME`, `count.index`,
/// `each.key` / `each.value`, `env.NAME`, `path.stack` likewise. A resource reference (`web`,
/// `web[0].id`, `web[*].id`) has namespace nil and name "web"; the traversal after it
/// (`[0].id`) is applied by the evaluator to the value the scope returns.
public struct Reference: Sendable, Hashable, CustomStringConvertible {
    public var namespace: String?
    public var name: String
    public var location: SourceLocation

    public init(namespace: String?, name: String, location: SourceLocation) {
        self.namespace = namespace
        self.name = name
        self.location = location
    }

    public var description: String { namespace.map { "\($0).\(name)" } ?? name }
}

/// Supplies the values references resolve to.
public protocol ExpressionScope {
    /// The value of a reference, or a thrown `Diagnostic` (e.g. undefined variable) at its location.
    /// A resource that uses count/for_each resolves to a list/map of instance objects; a single
    /// instance to a map of its attributes; an attribute known only after apply to `.unknown`.
    func value(of reference: Reference) throws -> Value
    /// Folder that relative paths given to `file()` are read from (the stack folder).
    var baseDirectory: String { get }
    /// The limits evaluation in this scope stops at.
    var evaluationLimits: EvaluationLimits { get }
}

extension ExpressionScope {
    public var evaluationLimits: EvaluationLimits { EvaluationLimits.process }
}
