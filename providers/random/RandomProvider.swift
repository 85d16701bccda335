import CairnProviderKit
// RandomProvider: built-in provider (to be implemented).
