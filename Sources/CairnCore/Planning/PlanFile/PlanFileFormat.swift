import CairnProviderKit
import CairnState
import Foundation

/// Reading and writing saved plans (`cairn plan -o FILE`). The file is JSON with a
/// `format_version`; only the current format is read, anything else is refused with a message
/// that says to make the plan again. Sensitive values are sealed with the state's key, so the
/// file holds no secret in plain text; reading happens in two steps because the key belongs to
/// the state, and which state is only known once the stack in the file is loaded.
public enum PlanFileFormat {
    /// Format 1 was the in-memory plan encoded as it was, secrets included.
    public static let current = 2

    public static func encode(_ plan: Plan, sealingWith box: SecretBox) throws -> Data {
        let file = try PlanFileV2(plan) { try $0.sealed(with: box) }
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return try e.encode(file)
    }

    /// Reads a plan file as far as it can be read without the state key. Throws a
    /// `DiagnosticError` naming `path` when the file is not a plan, is damaged, or has another format.
    public static func decode(_ data: Data, path: String) throws -> SealedPlan {
        let version: Int
        do {
            let envelope = try JSONDecoder().decode(Envelope.self, from: data)
            guard let v = envelope.formatVersion ?? envelope.legacyFormatVersion else { throw Damage("no format_version") }
            version = v
        } catch {
            throw DiagnosticError(
                .error(
                    "\(path) is not a Cairn plan file, or it is damaged",
                    hint: "make the plan again with `cairn plan -o \(path)`"))
        }
        guard version == current else {
            let newer = version > current ? ", which a newer Cairn wrote" : ""
            throw DiagnosticError(
                .error(
                    "plan file \(path) has format \(version)\(newer); this Cairn (\(CairnVersion.current)) reads plan format \(current) only",
                    hint: "make the plan again with this cairn: `cairn plan -o \(path)`, then apply it"))
        }
        do {
            let file = try JSONDecoder().decode(PlanFileV2.self, from: data)
            return SealedPlan(file: file, path: path, mayHoldSealed: data.range(of: Data(#""$sealed""#.utf8)) != nil)
        } catch {
            throw damaged(path, Self.describe(error))
        }
    }

    /// A field holds something this format never writes.
    struct Damage: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    static func damaged(_ path: String, _ detail: String) -> DiagnosticError {
        DiagnosticError(
            .error(
                "plan file \(path) is damaged: \(detail)",
                hint: "make the plan again with `cairn plan -o \(path)`"))
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let c):
            return "\((c.codingPath + [key]).map(\.stringValue).joined(separator: ".")) is missing"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c), DecodingError.dataCorrupted(let c):
            return "\(c.codingPath.map(\.stringValue).joined(separator: ".")) is not what the format says"
        default:
            return "\(error)"
        }
    }

    /// Just enough to learn the version before decoding the rest. `formatVersion` is where format 1
    /// kept it.
    private struct Envelope: Decodable {
        var formatVersion: Int?
        var legacyFormatVersion: Int?

        enum CodingKeys: String, CodingKey {
            case formatVersion = "format_version"
            case legacyFormatVersion = "formatVersion"
        }
    }
}

/// A plan file whose format is known good, with its secrets still sealed.
public struct SealedPlan: Sendable {
    let file: PlanFileV2
    let path: String
    let mayHoldSealed: Bool

    /// The stack's files as planned: what decides the state, and so the key.
    public var stack: StackSources { StackSources(directory: file.directory, files: file.sources) }

    /// Whether the file holds sealed values, and so needs the state's key to be read.
    public var holdsSealedValues: Bool { mayHoldSealed }

    /// Opens the sealed values with the state's key (which may be nil when there are none).
    public func plan(openingWith box: SecretBox?) throws -> Plan {
        do {
            guard mayHoldSealed else { return try file.plan(open: nil) }
            guard let box else { throw SecretBoxError.notSealedWithThisKey }
            return try file.plan { try $0.unsealed(with: box) }
        } catch is SecretBoxError {
            throw DiagnosticError(
                .error(
                    "the secrets in plan file \(path) do not open with this state's key",
                    hint:
                        "apply it with the state key it was planned with (CAIRN_STATE_KEY or CAIRN_STATE_KEY_FILE), or make the plan again")
            )
        } catch let damage as PlanFileFormat.Damage {
            throw PlanFileFormat.damaged(path, damage.description)
        }
    }
}
