import CairnProviderKit
// NullProvider: built-in provider (to be implemented).
