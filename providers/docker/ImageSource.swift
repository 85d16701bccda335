import CairnDigest
import CairnProviderKit
import Foundation

/// Where a `docker.image` comes from: exactly one of `tarball`, `build` or `pull`.
enum ImageSource {
    case tarball(path: String)
    case build(context: String, dockerfile: String, args: [String: String])
    case pull

    /// The configured source; nil when none or several are set (validate reports which).
    init?(_ properties: [String: Value]) {
        let sources = Self.configured(properties)
        guard sources.count == 1 else { return nil }
        switch sources[0] {
        case "tarball":
            guard let path = properties["tarball"]?.stringValue else { return nil }
            self = .tarball(path: path)
        case "build":
            guard let context = properties["build"]?["context"]?.stringValue else { return nil }
            self = .build(
                context: context, dockerfile: properties["build"]?["dockerfile"]?.stringValue ?? "Dockerfile",
                args: Convert.stringMap(properties["build"]?["args"]))
        default:
            self = .pull
        }
    }

    /// Names of the sources set in configuration.
    static func configured(_ properties: [String: Value]) -> [String] {
        var names: [String] = []
        if let tarball = properties["tarball"], !tarball.isNull { names.append("tarball") }
        if let build = properties["build"], !build.isNull { names.append("build") }
        if properties["pull"]?.boolValue == true { names.append("pull") }
        return names
    }

    /// SHA-256 of what the image is made from: the tarball's bytes or the context's tar. A pulled
    /// image has none (the registry decides what it gets).
    func hash() throws -> String? {
        switch self {
        case .tarball(let path): return Digest.sha256Hex(try Self.readTarball(path))
        case .build(let context, _, _): return try BuildContext(folder: context).hash
        case .pull: return nil
        }
    }

    static func readTarball(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ProviderError(
                "cannot read the image tarball \(path)",
                hint: "tarball must be a readable tar of a root filesystem; relative paths start at the current folder")
        }
        return data
    }
}

/// `repo:tag` split the way Docker reads it: a colon after the last slash starts the tag.
struct ImageName {
    var repository: String
    var tag: String

    init(_ name: String) {
        if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
            repository = String(name[..<colon])
            tag = String(name[name.index(after: colon)...])
        } else {
            repository = name
            tag = "latest"
        }
    }
}
