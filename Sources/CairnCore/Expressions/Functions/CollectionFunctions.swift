import CairnProviderKit

/// Functions that take collections apart or put them together, passing elements through with
/// their own sensitive marks and unknowns.
enum CollectionFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("length", "list, map or string", arity: 1...1, acceptsPartialUnknown: true, marks: .shallow) { call in
            switch call[0] {
            case .list(let l): return .number(Double(l.count))
            case .map(let m): return .number(Double(m.count))
            case .string(let s): return .number(Double(s.count))
            default:
                throw call.error(
                    "argument 1 must be a list, map or string, not \(call[0].kindName)", argument: 0,
                    hint: "use length(list, map or string)")
            }
        },
        ExpressionFunction("concat", "list...", arity: 1...Int.max, acceptsPartialUnknown: true, marks: .shallow) { call in
            let lists = try (0..<call.count).map { try call.list($0) }
            try call.ensureCollection(lists.reduce(0) { $0 + $1.count })
            var out: [Value] = []
            for list in lists { out += list }
            return .list(out)
        },
        ExpressionFunction("merge", "map...", arity: 0...Int.max, acceptsPartialUnknown: true, marks: .shallow) { call in
            var out: [String: Value] = [:]
            for i in 0..<call.count where call[i] != .null {
                out.merge(try call.map(i)) { _, later in later }
            }
            return .map(out)
        },
        ExpressionFunction("keys", "map", arity: 1...1, acceptsPartialUnknown: true, marks: .shallow) { call in
            .list(try call.map(0).keys.sorted().map { .string($0) })
        },
        ExpressionFunction("values", "map", arity: 1...1, acceptsPartialUnknown: true, marks: .shallow) { call in
            let m = try call.map(0)
            return .list(m.keys.sorted().map { m[$0]! })
        },
        ExpressionFunction("lookup", "map, key, default", arity: 2...3, acceptsPartialUnknown: true, marks: .shallow) { call in
            let m = try call.map(0)
            let key = try call.string(1)
            if let v = m[key] { return v }
            if call.count == 3 { return call[2] }
            let near = call.sensitiveArguments.isEmpty ? Suggestion.hint(for: key, among: m.keys) : nil
            throw call.error(
                "the map has no key \"\(call.shown(1, key))\"", argument: 1,
                hint: near ?? "pass a default as the third argument")
        },
        ExpressionFunction("element", "list, index", arity: 2...2, acceptsPartialUnknown: true, marks: .shallow) { call in
            let l = try call.list(0)
            let i = try call.integer(1)
            guard !l.isEmpty else { throw call.error("cannot take an element of an empty list", argument: 0) }
            guard i >= 0 else {
                throw call.error("the index must not be negative, got \(call.shown(1, String(i)))", argument: 1)
            }
            return l[i % l.count]
        },
        ExpressionFunction("coalesce", "values...", arity: 1...Int.max, marks: .shallow) { call in
            for v in call.args where v != .null && v != .string("") { return v }
            throw call.error("every argument is null or an empty string")
        },
        ExpressionFunction("tolist", "list", arity: 1...1, acceptsPartialUnknown: true, marks: .shallow) { call in
            .list(try call.list(0))
        },
        ExpressionFunction("tomap", "map", arity: 1...1, acceptsPartialUnknown: true, marks: .shallow) { call in
            .map(try call.map(0))
        },
    ]
}
