import CairnProviderKit

extension Provider {
    /// The provider's issues with a block's properties; a check that failed is one issue about
    /// the whole block.
    func issues(_ request: ValidateRequest) async -> [ProviderIssue] {
        do {
            return try await validate(request).issues
        } catch {
            return [Self.issue(error)]
        }
    }

    /// The same for what the provider instance's settings alone tell.
    func issues(_ request: ValidateSettingsRequest) async -> [ProviderIssue] {
        do {
            return try await validateSettings(request).issues
        } catch {
            return [Self.issue(error)]
        }
    }

    private static func issue(_ error: any Error) -> ProviderIssue {
        if let e = error as? ProviderError { return ProviderIssue(property: nil, message: e.message, hint: e.hint) }
        return ProviderIssue(property: nil, message: "\(error)")
    }
}
