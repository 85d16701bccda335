/// An address or type that does not parse, with what is wrong with it.
public struct AddressParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// What is wrong, e.g. `the key in [...] must be a number or a quoted string`.
    public var problem: String
    /// What the text was meant to be: `address` or `type`.
    public var what: String

    public init(_ text: String, _ problem: String, what: String = "address") {
        self.text = text
        self.problem = problem
        self.what = what
    }

    public var description: String { "\"\(text)\" is not a valid \(what): \(problem)" }
}
