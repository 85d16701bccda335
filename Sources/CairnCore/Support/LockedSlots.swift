import Synchronization

/// Values behind a lock each, in one block of memory and found by index: a slot costs no object
/// of its own to make, retain or free. Each slot has a cache line to itself, so workers on two
/// cores writing neighbouring slots don't take the line from each other on every write.
///
/// The one place that does not use `Locked`: the value table has a slot per resource, data source
/// and local, read on every reference, and an object per slot (a `Locked` each) was what this
/// replaced (23e181d: no object to retain on every access or to free at the end).
final class LockedSlots<Value: Sendable>: @unchecked Sendable {
    private static var stride: Int { (MemoryLayout<Mutex<Value>>.stride + 63) / 64 * 64 }
    private let memory: UnsafeMutableRawPointer
    let count: Int

    init(count: Int, initial: Value) {
        self.count = count
        memory = .allocate(byteCount: max(1, count) * Self.stride, alignment: 64)
        for i in 0..<count { (memory + i * Self.stride).initializeMemory(as: Mutex<Value>.self, to: Mutex(initial)) }
    }

    deinit {
        for i in 0..<count { slot(i).deinitialize(count: 1) }
        memory.deallocate()
    }

    private func slot(_ i: Int) -> UnsafeMutablePointer<Mutex<Value>> {
        (memory + i * Self.stride).assumingMemoryBound(to: Mutex<Value>.self)
    }

    func withLock<Result: Sendable>(_ i: Int, _ body: (inout Value) -> Result) -> Result {
        precondition(i >= 0 && i < count)
        return slot(i).pointee.withLock { v in body(&v) }
    }
}
