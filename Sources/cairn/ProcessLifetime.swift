import Synchronization

/// Holds a command's big structures (the stack, the state snapshot, the plan) until the process
/// exits, so they are never freed.
///
/// Freeing tens of thousands of nested dictionaries one node at a time costs a noticeable share of
/// a plan's CPU time, just before exit hands all of the memory back to the kernel at once. Only
/// plain values go here: nothing whose deinit does work (the state store closes its database,
/// so it is always released normally). Every command runs once per process, so nothing piles up.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    /// Keeps `value` alive until the process exits.
    static func keep(_ value: any Sendable) {
        kept.withLock { $0.append(value) }
    }
}
