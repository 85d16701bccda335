import CairnProviderKit

/// What each nginx resource type is: a block of configuration in a file of its own, made from the
/// resource's properties and read back from the file.
protocol NginxBlock: Sendable {
    static var schema: ResourceSchema { get }
    static func issues(_ properties: [String: Value]) -> [ProviderIssue]
    static func parse(name: String, text: String) -> Self
    init(properties: [String: Value]) throws
    var name: String { get }
    var attributes: [String: Value] { get }
    func render() -> String
}
