import CairnProviderKit

enum ProviderErrorFactory {
    static func missingBinary(_ name: String) -> ProviderError {
        ProviderError(
            "cannot find the executable \"\(name)\"",
            hint: "install it, or set the provider's `binary` to its full path")
    }
}
