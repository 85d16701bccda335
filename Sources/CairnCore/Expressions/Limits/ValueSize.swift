import CairnProviderKit

/// How big a value is once its shared parts are counted as often as they appear: a list holding
/// one string twice counts it twice, since whatever walks or prints the list pays for it twice.
struct ValueSize {
    /// Every value inside, the value itself included.
    var elements = 0
    /// UTF-8 bytes of every string and map key inside.
    var bytes = 0

    /// The work units building it took, and a lower bound on the length of its JSON text.
    var work: Int { elements + bytes }

    /// Measures `value`, giving up once `elements` passes `elementCap` or `work` passes `workCap`;
    /// what it returns then is past that cap and no exact size. Walks with a stack of its own, so
    /// deep nesting cannot overflow the thread's.
    static func of(_ value: Value, elementCap: Int = .max, workCap: Int = .max) -> ValueSize {
        var size = ValueSize()
        var pending: [Value] = [value]
        while let v = pending.popLast() {
            size.elements += 1
            switch v {
            case .string(let s): size.bytes += s.utf8.count
            case .sensitive(let inner):
                size.elements -= 1
                pending.append(inner)
            case .list(let items): pending.append(contentsOf: items)
            case .map(let m):
                for (key, item) in m {
                    size.bytes += key.utf8.count
                    pending.append(item)
                }
            default: break
            }
            if size.elements > elementCap || size.work > workCap { return size }
        }
        return size
    }
}
