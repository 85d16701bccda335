import CairnProviderKit
import Foundation

/// The built-in `local` provider: files and directories on the machine running Cairn.
public struct LocalProvider: Provider {
    static let kinds = ResourceKinds<any LocalResource.Type>(
        provider: "local", handlers: ["file": FileResource.self, "directory": DirectoryResource.self], schema: { $0.schema })
    static let providerSchema = ProviderSchema(name: "local", version: "0.1.0", resources: kinds.schemas)

    public init() {}

    public static func register(into registry: inout ProviderRegistry) {
        registry.register { LocalProvider() }
    }

    public var schema: ProviderSchema { Self.providerSchema }

    public func validate(_ request: ValidateRequest) async throws -> ValidateResponse {
        Self.kinds.validate(request) { $0.validate(request.properties) }
    }

    public func plan(_ request: PlanRequest) async throws -> PlanResponse {
        Self.kinds.plan(request) { PlanResponse(attributes: $0.plan(prior: request.prior, proposed: request.proposed)) }
    }

    public func create(_ request: CreateRequest) async throws -> CreateResponse {
        CreateResponse(object: try Self.kinds.handler(request.kind).create(request.properties))
    }

    public func read(_ request: ReadRequest) async throws -> ReadResponse {
        ReadResponse(object: try Self.kinds.handler(request.kind).read(request.current))
    }

    public func update(_ request: UpdateRequest) async throws -> UpdateResponse {
        UpdateResponse(object: try Self.kinds.handler(request.kind).update(request.prior, request.properties))
    }

    public func delete(_ request: DeleteRequest) async throws -> DeleteResponse {
        try Self.kinds.handler(request.kind).delete(request.current)
        return DeleteResponse()
    }

    /// `id` is the path of an existing file or directory.
    public func importResource(_ request: ImportRequest) async throws -> ImportResponse {
        ImportResponse(object: try Self.kinds.handler(request.kind).importResource(id: request.id))
    }

    /// A create interrupted after the file or folder appeared: adopt what is at its path.
    public func adopt(_ request: AdoptRequest) async throws -> AdoptResponse {
        guard let path = request.properties["path"]?.stringValue else { return AdoptResponse(object: nil) }
        if request.kind == "file" {
            // A write cut short leaves its temporary file: it holds nothing worth keeping.
            unlink(FileSystem.temporaryPath(for: FileSystem.absolutePath(path)))
        }
        return AdoptResponse(object: try Self.kinds.handler(request.kind).importResource(id: path))
    }
}
