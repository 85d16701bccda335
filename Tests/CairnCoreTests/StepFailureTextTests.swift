import CairnProviderKit
import Testing

@testable import CairnCore

/// A failed step's message says "create failed:" once, whatever the error already says.
struct StepFailureTextTests {
    struct PlainError: Error, CustomStringConvertible {
        var description: String
    }

    @Test func theReasonIsTheErrorsOwnWords() {
        #expect(StepRunner.reason(ProviderError("disk full"), action: "create") == "disk full")
        #expect(StepRunner.reason(PlainError(description: "socket closed"), action: "update") == "socket closed")
        #expect(
            StepRunner.reason(Diagnostic.error("property \"x\" is still unknown"), action: "create")
                == "property \"x\" is still unknown")
    }

    @Test func aPrefixTheErrorAlreadyHasIsNotRepeated() {
        #expect(StepRunner.reason(PlainError(description: "create failed: boom"), action: "create") == "boom")
        #expect(StepRunner.reason(ProviderError("create failed: create failed: boom"), action: "create") == "boom")
        // Only the step's own action is taken off: other words stay.
        #expect(StepRunner.reason(ProviderError("delete failed: busy"), action: "create") == "delete failed: busy")
    }
}
