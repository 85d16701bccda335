import CairnProviderKit
import Foundation

/// Where the Engine API listens, from the provider's `host` setting: a Unix socket or a TCP address.
struct DockerEndpoint: Sendable, Equatable {
    /// Base URL requests are made against; a Unix socket still needs a host name in the URL.
    var baseURL: String
    var socketPath: String?

    static let defaultHost = "unix:///var/run/docker.sock"

    /// `setting` wins, then `DOCKER_HOST`, then the usual socket.
    static func resolve(setting: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> DockerEndpoint {
        let host = [setting, environment["DOCKER_HOST"]].compactMap { $0 }.first { !$0.isEmpty } ?? defaultHost
        return try parse(host)
    }

    static func parse(_ host: String) throws -> DockerEndpoint {
        if host.hasPrefix("unix://") {
            let path = String(host.dropFirst("unix://".count))
            guard path.hasPrefix("/") else {
                throw ProviderError(
                    "docker host \"\(host)\" must name an absolute socket path",
                    hint: "write it as unix:///path/to/docker.sock (three slashes)")
            }
            return DockerEndpoint(baseURL: "http://docker", socketPath: path)
        }
        for scheme in ["tcp://", "http://"] where host.hasPrefix(scheme) {
            let address = host.dropFirst(scheme.count).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            guard !address.isEmpty, address.contains(":") else {
                throw ProviderError("docker host \"\(host)\" has no port", hint: "write it as tcp://HOST:PORT")
            }
            return DockerEndpoint(baseURL: "http://\(address)", socketPath: nil)
        }
        throw ProviderError(
            "docker host \"\(host)\" is neither unix:// nor tcp://",
            hint: "set host to unix:///var/run/docker.sock or tcp://HOST:PORT (TLS is not supported)")
    }

    var description: String { socketPath.map { "unix://\($0)" } ?? baseURL }
}
