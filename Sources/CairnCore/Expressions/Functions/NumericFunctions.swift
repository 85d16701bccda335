import CairnProviderKit

enum NumericFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("min", "number...", arity: 1...Int.max) { call in
            .number(try (0..<call.count).map { try call.number($0) }.min()!)
        },
        ExpressionFunction("max", "number...", arity: 1...Int.max) { call in
            .number(try (0..<call.count).map { try call.number($0) }.max()!)
        },
        ExpressionFunction("abs", "number", arity: 1...1) { .number(abs(try $0.number(0))) },
        ExpressionFunction("floor", "number", arity: 1...1) { .number(try $0.number(0).rounded(.down)) },
        ExpressionFunction("ceil", "number", arity: 1...1) { .number(try $0.number(0).rounded(.up)) },
    ]
}
