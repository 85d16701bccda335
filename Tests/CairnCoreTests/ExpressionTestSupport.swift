import CairnProviderKit

@testable import CairnCore

/// A scope backed by a dictionary keyed by the reference as written (`var.x`, `web`).
struct ExprTestScope: ExpressionScope {
    var values: [String: Value] = [:]
    var baseDirectory = "/nonexistent"
    var evaluationLimits = EvaluationLimits.defaults

    func value(of reference: Reference) throws -> Value {
        guard let v = values[reference.description] else {
            throw Diagnostic.error("undefined reference \(reference)", at: reference.location)
        }
        return v
    }
}

let exprOrigin = SourceLocation(file: "stack.yaml", line: 3, column: 10)

func evalExpr(_ text: String, _ scope: ExprTestScope = ExprTestScope()) throws -> Value {
    try Template.parse(text, at: exprOrigin).evaluate(in: scope)
}

/// The diagnostic that parsing or evaluating `text` throws, or nil when it succeeds.
func exprDiagnostic(_ text: String, _ scope: ExprTestScope = ExprTestScope()) -> Diagnostic? {
    do {
        _ = try evalExpr(text, scope)
        return nil
    } catch let d as Diagnostic {
        return d
    } catch {
        return Diagnostic.error("not a Diagnostic: \(error)")
    }
}

/// The place `offset` scalars into a single-line template.
func exprColumn(_ offset: Int) -> SourceLocation { exprOrigin.advanced(by: offset) }
