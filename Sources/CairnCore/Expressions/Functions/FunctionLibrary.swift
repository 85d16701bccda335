/// Every built-in function, by name.
enum FunctionLibrary {
    static let functions: [String: ExpressionFunction] = {
        let groups = [
            StringFunctions.all, FormatFunction.all, CollectionFunctions.all, ListFunctions.all,
            NumericFunctions.all, EncodingFunctions.all, NetworkFunctions.all, FileFunctions.all,
        ]
        var out: [String: ExpressionFunction] = [:]
        for f in groups.joined() {
            precondition(out[f.name] == nil, "function \(f.name) is defined twice")
            out[f.name] = f
        }
        return out
    }()

    static func function(named name: String) -> ExpressionFunction? { functions[name] }

    static func unknownFunction(_ name: String, at location: SourceLocation) -> Diagnostic {
        Diagnostic.error(
            "unknown function \"\(name)\"", at: location,
            hint: Suggestion.hint(for: name, among: functions.keys))
    }
}
