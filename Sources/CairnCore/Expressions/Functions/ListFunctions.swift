import CairnProviderKit

/// Functions that compare or rebuild list elements.
enum ListFunctions {
    static let maxRange = 1024

    static let all: [ExpressionFunction] = [
        ExpressionFunction("contains", "list, value", arity: 2...2) { call in
            .bool(try call.list(0).contains(call[1]))
        },
        ExpressionFunction("toset", "list", arity: 1...1) { .list(distinct(try $0.list(0))) },
        ExpressionFunction("distinct", "list", arity: 1...1) { .list(distinct(try $0.list(0))) },
        ExpressionFunction("flatten", "list", arity: 1...1, acceptsPartialUnknown: true, marks: .shallow) { call in
            var out: [Value] = []
            return flatten(try call.list(0), sensitive: false, into: &out) ? .list(out) : .unknown
        },
        ExpressionFunction("range", "limit | start, limit | start, limit, step", arity: 1...3) { call in
            let start = call.count == 1 ? 0 : try call.number(0)
            let limit = try call.number(call.count == 1 ? 0 : 1)
            let step = call.count == 3 ? try call.number(2) : (start <= limit ? 1 : -1)
            guard step != 0 else { throw call.error("the step must not be zero", argument: 2) }
            guard (step > 0) == (start <= limit) || start == limit else {
                let shown = call.shown(2, Value.format(number: step))
                throw call.error("a step of \(shown) never reaches the limit", argument: 2)
            }
            var out: [Value] = []
            var n = start
            while step > 0 ? n < limit : n > limit {
                guard out.count < maxRange else {
                    throw call.error("the range has more than \(maxRange) elements")
                }
                out.append(.number(n))
                n = start + step * Double(out.count)
            }
            return .list(out)
        },
    ]

    /// Keeps the first of equal elements, in their original order.
    static func distinct(_ items: [Value]) -> [Value] {
        var seen: Set<Value> = []
        return items.filter { seen.insert($0).inserted }
    }

    /// False when an element is unknown, since it may turn out to be a list.
    private static func flatten(_ items: [Value], sensitive: Bool, into out: inout [Value]) -> Bool {
        for item in items {
            switch item.unmarked {
            case .unknown:
                return false
            case .list(let inner):
                guard flatten(inner, sensitive: sensitive || item.isSensitive, into: &out) else { return false }
            default:
                out.append(item.markedSensitive(sensitive))
            }
        }
        return true
    }
}
