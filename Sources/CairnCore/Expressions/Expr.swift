import CairnProviderKit

/// A parsed expression, with where it was written.
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case literal(Value)
        case reference(Reference)
        case list([Expr])
        case map([(key: Expr, value: Expr)])
        case unary(UnaryOperator, Expr)
        case binary(BinaryOperator, Expr, Expr)
        case conditional(Expr, then: Expr, else: Expr)
        case attribute(Expr, String)
        case index(Expr, Expr)
        /// `source[*]` followed by `body`, which is applied to each element (`.splatElement`).
        case splat(Expr, body: Expr)
        case splatElement
        case call(String, [Expr], expandsLast: Bool)
    }

    let kind: Kind
    let location: SourceLocation
    /// Longest path to a leaf, so evaluation depth stays bounded.
    let height: Int

    init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
        let children: [Expr]
        switch kind {
        case .literal, .reference, .splatElement: children = []
        case .list(let items): children = items
        case .map(let entries): children = entries.flatMap { [$0.key, $0.value] }
        case .unary(_, let e): children = [e]
        case .binary(_, let a, let b), .index(let a, let b), .splat(let a, let b): children = [a, b]
        case .conditional(let c, let a, let b): children = [c, a, b]
        case .attribute(let e, _): children = [e]
        case .call(_, let args, _): children = args
        }
        height = 1 + (children.map(\.height).max() ?? 0)
    }

    /// How the expression reads in an error message, for simple traversals (`web[0].id`).
    var subject: String {
        switch kind {
        case .reference(let r): return r.description
        case .attribute(let base, let name): return "\(base.subject).\(name)"
        case .index(let base, let key):
            switch key.kind {
            case .literal(.number(let n)): return "\(base.subject)[\(Value.format(number: n))]"
            case .literal(.string(let s)): return "\(base.subject)[\(Value.string(s).jsonString())]"
            default: return "\(base.subject)[…]"
            }
        case .splatElement: return "list element"
        case .call(let name, _, _): return "\(name)(…)"
        default: return "value"
        }
    }
}
