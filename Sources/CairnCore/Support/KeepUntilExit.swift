import CairnProviderKit

/// Holds a command's big structures (the parsed stack, the state snapshot, the value table, the
/// plan) until the process exits, so they are never freed.
///
/// Freeing tens of thousands of nested dictionaries one node at a time costs a noticeable share of
/// a plan's CPU time, just before exit hands all of the memory back to the kernel at once. Off
/// unless the process says it runs one command and exits (the CLI does); in a process that lives
/// on, such as the tests, `keep` lets go at once. Only plain values go here: nothing whose deinit
/// does work (the state store closes its database, so it is always released normally).
public enum KeepUntilExit {
    private static let kept = Locked<(enabled: Bool, values: [any Sendable])>((false, []))

    /// Called once at start by a process that exits when its one command is done.
    public static func enable() {
        kept.withLock { $0.enabled = true }
    }

    /// Keeps `value` alive until the process exits, when enabled.
    public static func keep(_ value: any Sendable) {
        kept.withLock { if $0.enabled { $0.values.append(value) } }
    }
}
