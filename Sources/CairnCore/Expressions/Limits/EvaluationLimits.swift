import Foundation

/// How large a value an expression may build, and how much work it may do, before evaluation stops
/// with an error. Without these, one line such as `join(join(…), split(…))` asks for gigabytes and
/// the process dies mid-run, holding the state lock. Each limit can be raised through its
/// environment variable (docs/stack-format.md, "Limits").
public struct EvaluationLimits: Sendable, Hashable {
    /// UTF-8 bytes in one string, and the largest file `file()` reads.
    public var maxStringBytes: Int
    /// Values inside one list or map, counting what nested collections hold.
    public var maxCollectionElements: Int
    /// Work units (about one per byte or value built) one expression may spend.
    public var maxExpressionWork: Int
    /// Work units the values of all locals of a run may add up to.
    public var maxRunWork: Int

    public init(maxStringBytes: Int, maxCollectionElements: Int, maxExpressionWork: Int, maxRunWork: Int) {
        self.maxStringBytes = maxStringBytes
        self.maxCollectionElements = maxCollectionElements
        self.maxExpressionWork = maxExpressionWork
        self.maxRunWork = maxRunWork
    }

    public static let defaults = EvaluationLimits(
        maxStringBytes: 64 << 20, maxCollectionElements: 1 << 20,
        maxExpressionWork: 256 << 20, maxRunWork: 1 << 30)

    /// The limits this process's environment sets.
    public static let process = EvaluationLimits(environment: ProcessInfo.processInfo.environment)

    /// One limit: the environment variable that sets it and what it bounds, for messages.
    public enum Kind: String, Sendable, CaseIterable {
        case stringBytes = "CAIRN_MAX_STRING_BYTES"
        case collectionElements = "CAIRN_MAX_COLLECTION_ELEMENTS"
        case expressionWork = "CAIRN_MAX_EXPRESSION_WORK"
        case runWork = "CAIRN_MAX_LOCALS_WORK"

        var variable: String { rawValue }
    }

    public subscript(kind: Kind) -> Int {
        get {
            switch kind {
            case .stringBytes: return maxStringBytes
            case .collectionElements: return maxCollectionElements
            case .expressionWork: return maxExpressionWork
            case .runWork: return maxRunWork
            }
        }
        set {
            switch kind {
            case .stringBytes: maxStringBytes = newValue
            case .collectionElements: maxCollectionElements = newValue
            case .expressionWork: maxExpressionWork = newValue
            case .runWork: maxRunWork = newValue
            }
        }
    }

    /// The defaults, with every limit the environment sets as a positive whole number replaced.
    /// A malformed value is left out here; `problems(in:)` reports it.
    public init(environment: [String: String]) {
        self = .defaults
        for kind in Kind.allCases {
            if let text = environment[kind.variable], let n = Self.parse(text) { self[kind] = n }
        }
    }

    /// A message for each limit variable that is set but is not a positive whole number.
    public static func problems(in environment: [String: String]) -> [String] {
        Kind.allCases.compactMap { kind in
            guard let text = environment[kind.variable], parse(text) == nil else { return nil }
            return "\(kind.variable) must be a positive whole number, not \"\(text)\""
        }
    }

    private static func parse(_ text: String) -> Int? {
        guard let n = Int(text), n > 0 else { return nil }
        return n
    }
}
