import CairnProviderKit

/// A value from a stack file that may hold `${…}` expressions, with where it was written.
///
/// Immutable, and a class: the loader, the validator and every plan pass these around by the
/// ten thousand, and a copy is then one reference (a struct copied its kind's box and its
/// location's file name, and each node paid for a box of its own).
public final class ConfigExpr: Sendable {
    public enum Kind: Sendable {
        case literal(Value)
        case template(Template)
        case list([ConfigExpr])
        /// Keys in file order.
        case map([(key: String, keyLocation: SourceLocation, value: ConfigExpr)])
    }

    public let kind: Kind
    public let location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    public static func literal(_ v: Value, at location: SourceLocation) -> ConfigExpr {
        ConfigExpr(.literal(v), at: location)
    }

    /// Every reference inside, with its location.
    public var references: [Reference] {
        var out: [Reference] = []
        collectReferences(into: &out)
        return out
    }

    /// Appends every reference inside to `out`: lets a caller reuse one buffer for many values.
    public func collectReferences(into out: inout [Reference]) {
        switch kind {
        case .literal: break
        case .template(let t): out.append(contentsOf: t.references)
        case .list(let items): for i in items { i.collectReferences(into: &out) }
        case .map(let entries): for e in entries { e.value.collectReferences(into: &out) }
        }
    }

    /// The entries of a map, or nil when this is not a map.
    public var mapEntries: [(key: String, keyLocation: SourceLocation, value: ConfigExpr)]? {
        if case .map(let e) = kind { return e }
        return nil
    }

    public func entry(_ key: String) -> ConfigExpr? {
        mapEntries?.first { $0.key == key }?.value
    }

    /// The value when it holds no expression at all.
    public var literalValue: Value? {
        switch kind {
        case .literal(let v): return v
        case .template(let t): return t.isLiteral ? (try? t.evaluate(in: EmptyScope())) : nil
        case .list(let items):
            var out: [Value] = []
            for i in items {
                guard let v = i.literalValue else { return nil }
                out.append(v)
            }
            return .list(out)
        case .map(let entries):
            var out: [String: Value] = [:]
            for e in entries {
                guard let v = e.value.literalValue else { return nil }
                out[e.key] = v
            }
            return .map(out)
        }
    }

    public func evaluate(in scope: any ExpressionScope) throws -> Value {
        let value = try build(in: scope)
        switch kind {
        case .list, .map:
            // Each expression inside stays within the limits; the collection of their values is
            // checked here, or a few lines of YAML could double a list from one local to the next.
            let limit = scope.evaluationLimits.maxCollectionElements
            guard ValueSize.of(value, elementCap: limit + 1).elements - 1 <= limit else {
                throw LimitExceeded.collection(limit: limit, by: "this \(value.kindName)", at: location)
            }
        default: break
        }
        return value
    }

    private func build(in scope: any ExpressionScope) throws -> Value {
        switch kind {
        case .literal(let v): return v
        case .template(let t): return try t.evaluate(in: scope)
        case .list(let items): return .list(try items.map { try $0.build(in: scope) })
        case .map(let entries):
            // Created at its size: reserving on an empty table takes the stdlib's unspecialised path.
            var out = [String: Value](minimumCapacity: entries.count)
            for e in entries { out[e.key] = try e.value.build(in: scope) }
            return .map(out)
        }
    }
}

/// A scope with nothing in it, for evaluating literal text.
struct EmptyScope: ExpressionScope {
    var baseDirectory: String { "." }
    func value(of reference: Reference) throws -> Value {
        throw Diagnostic.error("reference to \(reference) is not allowed here", at: reference.location)
    }
}
