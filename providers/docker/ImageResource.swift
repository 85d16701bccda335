import CairnDigest
import CairnProviderKit
import Foundation

/// `docker.image`: an image imported from a root-filesystem tarball, built from a context folder,
/// or pulled from a registry. A changed tarball or context (by content hash) rebuilds it.
enum ImageResource: DockerResource {
    static let schema = ResourceSchema(
        description: "A Docker image from a root-filesystem tarball, a build context, or a registry.",
        properties: [
            "name": .required(.string, forceNew: true, "Repository and tag, like app:1 (tag defaults to latest)."),
            "tarball": .optional(.string, forceNew: true, "A tar of a root filesystem, imported as the image."),
            "build": .optional(
                .object([
                    "context": .required(.string, "The folder sent to the Engine as the build context."),
                    "dockerfile": .optional(.string, default: "Dockerfile", "The Dockerfile's path inside the context."),
                    "args": .optional(.map(.string), "Build arguments (ARG in the Dockerfile), such as the image to start FROM."),
                ]), forceNew: true, "Build the image from a context folder and its Dockerfile."),
            "pull": .optional(.bool, default: false, forceNew: true, "Pull name from its registry."),
            "keep_locally": .optional(.bool, default: false, "Leave the image on the Engine when the resource is destroyed."),
            "id": .computed(.string, "The image id (sha256:…)."),
            "source_hash": .computed(.string, "SHA-256 of the tarball or of the build context; a change rebuilds the image."),
        ])

    static func validate(_ properties: [String: Value]) -> [ProviderIssue] {
        var issues: [ProviderIssue] = []
        if properties["name"]?.stringValue?.isEmpty == true {
            issues.append(ProviderIssue(property: "name", message: "an image needs a name like app:1"))
        }
        let sources = ImageSource.configured(properties)
        if sources.isEmpty {
            issues.append(
                ProviderIssue(
                    property: nil, message: "docker.image needs a source",
                    hint: "set one of tarball, build or pull: true"))
        } else if sources.count > 1 {
            issues.append(
                ProviderIssue(
                    property: sources[1], message: "set only one of tarball, build and pull; found \(sources.joined(separator: ", "))"))
        }
        return issues
    }

    /// The source's hash is computed now, so an edited file in the context shows as a replacement.
    static func plan(prior: ResourceObject?, proposed: [String: Value]) -> PlanResponse {
        var attributes = proposed
        var hash: Value = .unknown
        if !proposed.values.contains(where: \.containsUnknown), let source = ImageSource(proposed) {
            if case .pull = source {
                hash = .null
            } else if let computed = try? source.hash() {
                hash = .string(computed)
            }
        }
        attributes["source_hash"] = hash
        var replace: Set<String> = []
        if let prior, let old = prior.attributes["source_hash"]?.stringValue, let new = hash.stringValue, old != new {
            replace.insert("source_hash")
        }
        attributes["id"] = replace.isEmpty ? ResourceSchema.computedValue("id", prior: prior) : .unknown
        return PlanResponse(attributes: attributes, requiresReplace: replace)
    }

    static func create(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject {
        let reader = PropertyReader(properties, context: "docker.image")
        let name = try reader.string("name")
        guard let source = ImageSource(properties) else {
            throw ProviderError("docker.image \(name) needs exactly one of tarball, build and pull")
        }
        let hash: String?
        switch source {
        case .tarball(let path):
            let data = try ImageSource.readTarball(path)
            hash = Digest.sha256Hex(data)
            try await importTarball(data, as: name, from: path, engine: engine)
        case .build(let context, let dockerfile, let args):
            let archive = try BuildContext(folder: context).archive
            hash = Digest.sha256Hex(archive)
            try await build(archive, as: name, dockerfile: dockerfile, args: args, engine: engine)
        case .pull:
            hash = nil
            try await pull(name, engine: engine)
        }
        guard let made = try await inspect(name, engine: engine) else {
            throw ProviderError("image \(name) was made but the Docker Engine does not list it", hint: "run plan again")
        }
        return object(properties: properties, id: made, hash: hash.map { Value.string($0) } ?? .null)
    }

    static func read(_ current: ResourceObject, engine: Engine) async throws -> ResourceObject? {
        guard let name = current.attributes["name"]?.stringValue, let id = try await inspect(name, engine: engine) else { return nil }
        return object(properties: current.attributes, id: id, hash: current.attributes["source_hash"] ?? .null)
    }

    static func delete(_ current: ResourceObject, engine: Engine) async throws {
        guard current.attributes["keep_locally"]?.boolValue != true else { return }
        let name = current.attributes["name"]?.stringValue ?? current.id
        let reply = try await engine.send("DELETE", "/images/\(name)")
        guard reply.isSuccess || reply.status == 404 else {
            throw reply.failure(
                "removing image \(name)",
                hint: "remove the containers that use it first, or set keep_locally: true to leave the image behind")
        }
    }

    static func importResource(id: String, engine: Engine) async throws -> ResourceObject? {
        throw ProviderError(
            "docker.image cannot be imported: Cairn could not tell what it was made from",
            hint: "declare it with its tarball, build or pull source and apply; an image of the same name is replaced")
    }

    static func adopt(_ properties: [String: Value], engine: Engine) async throws -> ResourceObject? {
        guard let name = properties["name"]?.stringValue, let id = try await inspect(name, engine: engine) else { return nil }
        let hash = try? ImageSource(properties)?.hash()
        return object(properties: properties, id: id, hash: hash.map { Value.string($0) } ?? .null)
    }

    private static func object(properties: [String: Value], id: String, hash: Value) -> ResourceObject {
        var attributes: [String: Value] = [:]
        for name in ["name", "tarball", "build", "pull", "keep_locally"] { attributes[name] = properties[name] ?? .null }
        attributes["id"] = .string(id)
        attributes["source_hash"] = hash
        return ResourceObject(id: id, attributes: attributes)
    }

    /// The id of the image called `name`, nil when there is none.
    private static func inspect(_ name: String, engine: Engine) async throws -> String? {
        try await engine.find("/images/\(name)/json", doing: "reading image \(name)")?["Id"]?.stringValue
    }

    private static func importTarball(_ data: Data, as name: String, from path: String, engine: Engine) async throws {
        let image = ImageName(name)
        let reply = try await engine.send(
            "POST", "/images/create",
            query: [("fromSrc", "-"), ("repo", image.repository), ("tag", image.tag)],
            body: data, contentType: "application/x-tar", timeout: 300)
        try check(reply, "importing \(path) as image \(name)", hint: "tarball must be a tar of a root filesystem (bin/, etc/ … at its top)")
    }

    private static func build(_ archive: Data, as name: String, dockerfile: String, args: [String: String], engine: Engine) async throws {
        var query = [("t", name), ("dockerfile", dockerfile), ("rm", "1"), ("forcerm", "1")]
        if !args.isEmpty { query.append(("buildargs", Convert.value(args).plainJSONString())) }
        let reply = try await engine.send(
            "POST", "/build", query: query,
            body: archive, contentType: "application/x-tar", timeout: 600)
        try check(
            reply, "building image \(name)",
            hint: "fix the Dockerfile or the context; an image named in FROM must exist on the Engine or in a reachable registry")
    }

    private static func pull(_ name: String, engine: Engine) async throws {
        let image = ImageName(name)
        let reply = try await engine.send(
            "POST", "/images/create", query: [("fromImage", image.repository), ("tag", image.tag)],
            timeout: 600)
        try check(
            reply, "pulling image \(name)",
            hint:
                "check the name and tag, and that the Docker Engine can reach the registry (private registries need docker login on the Engine's host)"
        )
    }

    /// Streamed answers report failure either as a status or as an `error` message in the stream.
    private static func check(_ reply: EngineReply, _ what: String, hint: String) throws {
        guard reply.isSuccess else { throw reply.failure(what, hint: hint) }
        if let error = reply.streamError {
            throw ProviderError("\(what): the Docker Engine reported: \(error)", hint: hint)
        }
    }
}
