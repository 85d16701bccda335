import CairnDigest
import CairnProviderKit
import Foundation

/// A build context folder as the tar the Engine's build endpoint takes, and the hash of that tar,
/// which decides whether an image must be built again.
struct BuildContext {
    let archive: Data

    var hash: String { Digest.sha256Hex(archive) }

    /// Reads every entry below `folder`, in name order, so unchanged content gives the same bytes.
    init(folder: String) throws {
        let root = URL(fileURLWithPath: folder).standardizedFileURL.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ProviderError("build context \(root) is not a folder", hint: "set build.context to the folder holding the Dockerfile")
        }
        var writer = TarWriter()
        try Self.add(folder: root, relative: "", into: &writer)
        archive = writer.finished()
    }

    private static func add(folder: String, relative: String, into writer: inout TarWriter) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        } catch {
            throw ProviderError(
                "cannot list build context folder \(folder): \(error.localizedDescription)",
                hint: "check that the folder exists and can be read")
        }
        for name in names {
            let path = folder + "/" + name
            let entryName = relative.isEmpty ? name : relative + "/" + name
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0o644
            switch attributes[.type] as? FileAttributeType {
            case .typeDirectory?:
                try writer.add(entryName + "/", .directory(mode: mode))
                try add(folder: path, relative: entryName, into: &writer)
            case .typeSymbolicLink?:
                try writer.add(entryName, .symlink(target: try FileManager.default.destinationOfSymbolicLink(atPath: path)))
            case .typeRegular?:
                guard let content = FileManager.default.contents(atPath: path) else {
                    throw ProviderError("cannot read \(path) in the build context", hint: "check its permissions")
                }
                try writer.add(entryName, .file(content, mode: mode))
            default:
                continue // sockets, fifos and devices have no place in an image build
            }
        }
    }
}
