import CairnProviderKit
import Foundation

/// Runs blocking work one piece at a time, off Swift's cooperative threads. A provider instance
/// uses one so that two resources' validate-and-reload sequences never interleave, even though
/// the engine applies independent steps in parallel.
public final class SerialQueue: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    public func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try work() })
            }
        }
    }
}

/// A value set once by `configure` and read by every later call.
public final class Configured<T: Sendable>: Sendable {
    private let value = Locked<T?>(nil)

    public init() {}

    public func set(_ newValue: T) { value.set(newValue) }

    public func get(provider: String) throws -> T {
        guard let v = value.value else {
            throw ProviderErrorFactory.notConfigured(provider)
        }
        return v
    }
}

extension ProviderErrorFactory {
    static func notConfigured(_ provider: String) -> ProviderError {
        ProviderError(
            "the \(provider) provider was used before it was configured",
            hint: "add a `providers:` entry of type \(provider) with its settings")
    }
}
