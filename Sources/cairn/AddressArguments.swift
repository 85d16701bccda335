import CairnAddresses
import CairnCore

/// Addresses given on the command line, parsed where they enter.
enum AddressArguments {
    static let hint = "addresses look like site, backend[0], backend[\"a\"] or module.app.site"

    static func instance(_ text: String) throws -> ResourceInstanceAddress {
        do {
            return try ResourceInstanceAddress.parse(text)
        } catch {
            throw DiagnosticError(.error("\"\(text)\" is not a resource address: \(error.problem)", hint: hint))
        }
    }

    /// A module, a resource (every instance) or one instance.
    static func target(_ text: String) throws -> AddressTarget {
        do {
            return try AddressTarget.parse(text)
        } catch {
            throw DiagnosticError(.error("\"\(text)\" is not a resource address: \(error.problem)", hint: hint))
        }
    }
}
