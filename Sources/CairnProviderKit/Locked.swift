import Synchronization

/// A value that several threads share, behind a lock: the one lock type Cairn uses.
///
/// A class around `Synchronization.Mutex`, so unlike a `Mutex` it can be stored in a struct,
/// captured by an escaping closure and handed around; the lock is the object's own storage, not a
/// second allocation. Keep what runs under the lock short, and never call out (to a provider, the
/// state, another lock) while holding it.
public final class Locked<Value>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: sending Value) {
        mutex = Mutex(value)
    }

    /// Runs `body` with the value, no other thread touching it meanwhile.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }
}

extension Locked where Value: Sendable {
    /// The value right now (a copy).
    public var value: Value { mutex.withLock { $0 } }

    /// Replaces the value.
    public func set(_ newValue: Value) { mutex.withLock { $0 = newValue } }

    /// Replaces the value, returning the one it held.
    public func exchange(_ newValue: Value) -> Value {
        mutex.withLock { value in
            let old = value
            value = newValue
            return old
        }
    }
}
