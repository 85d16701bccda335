import CairnProviderKit
import LocalProvider
import NullProvider
import RandomProvider

/// The providers built into this binary. Each goes through the same registry an external one would.
enum BuiltinProviders {
    static var registry: ProviderRegistry {
        var r = ProviderRegistry()
        r.register { LocalProvider() }
        r.register { RandomProvider() }
        r.register { NullProvider() }
        return r
    }
}
