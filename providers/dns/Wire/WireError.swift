/// A message that cannot be encoded or decoded: names what is wrong with it.
struct WireError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
