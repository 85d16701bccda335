import CairnProviderKit
// LocalProvider: built-in provider (to be implemented).
