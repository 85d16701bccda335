// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Cairn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cairn", targets: ["cairn"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .systemLibrary(name: "CCurl", path: "Sources/CCurl"),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .target(name: "CPluginSpawn", path: "Sources/CPluginSpawn"),
        // The value/schema/provider core every provider and the engine share; nothing else.
        .target(name: "CairnProviderKit"),
        // Hashes, HMACs and random bytes through OpenSSL.
        .target(name: "CairnDigest", dependencies: ["CairnProviderKit", "COpenSSL"]),
        // HTTP over libcurl, for the providers that talk to an HTTP API.
        .target(name: "CairnHTTP", dependencies: ["CairnProviderKit", "CCurl"]),
        // Child processes: posix_spawn and waitpid.
        .target(name: "CairnProcess", dependencies: ["CairnProviderKit", "CPluginSpawn"]),
        // The plugin protocol's messages and codecs, and PluginServer (serves a Provider over it).
        .target(name: "CairnPluginProtocol", dependencies: ["CairnProviderKit"]),
        // Typed addresses (module paths, resources, instances, types): no dependencies at all.
        .target(name: "CairnAddresses"),
        .target(
            name: "CairnState",
            dependencies: ["CairnAddresses", "CairnProviderKit", "CairnDigest", "COpenSSL", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "CairnCore",
            dependencies: [
                "CairnAddresses", "CairnProviderKit", "CairnDigest", "CairnState", "Yams", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "CairnPluginHost",
            dependencies: ["CairnProviderKit", "CairnPluginProtocol", "CairnProcess", .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "LocalProvider", dependencies: ["CairnProviderKit", "CairnDigest"], path: "providers/local"),
        .target(name: "RandomProvider", dependencies: ["CairnProviderKit", "CairnDigest"], path: "providers/random"),
        .target(name: "NullProvider", dependencies: ["CairnProviderKit", "CairnDigest"], path: "providers/null"),
        .target(name: "DockerProvider", dependencies: ["CairnProviderKit", "CairnDigest", "CairnHTTP"], path: "providers/docker"),
        // What the nginx and HAProxy providers share: running their binaries, swapping config files.
        .target(name: "LoadBalancerKit", dependencies: ["CairnProviderKit", "CairnProcess"], path: "providers/lbkit"),
        .target(name: "NginxProvider", dependencies: ["CairnProviderKit", "LoadBalancerKit"], path: "providers/nginx"),
        .target(name: "HAProxyProvider", dependencies: ["CairnProviderKit", "LoadBalancerKit"], path: "providers/haproxy"),
        .target(name: "DNSProvider", dependencies: ["CairnProviderKit", "CairnDigest", "CairnHTTP"], path: "providers/dns"),
        .target(name: "AWSProvider", dependencies: ["CairnProviderKit", "CairnDigest", "CairnHTTP"], path: "providers/aws"),
        .executableTarget(
            name: "cairn",
            dependencies: [
                "CairnAddresses", "CairnCore", "CairnState", "CairnProviderKit", "CairnPluginHost", "CairnPluginProtocol", "CairnProcess",
                "LocalProvider", "RandomProvider", "NullProvider", "DockerProvider", "NginxProvider", "HAProxyProvider", "DNSProvider",
                "AWSProvider",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Serves a built-in provider over the plugin protocol, for the tests that compare the two.
        .executableTarget(
            name: "cairn-provider-builtin-test",
            dependencies: ["CairnProviderKit", "CairnPluginProtocol", "LocalProvider", "RandomProvider", "NullProvider"]
        ),
        // Shared by the suites that start real servers: free ports, processes stopped by PID.
        .target(name: "TestServers", dependencies: ["CairnProviderKit", "CairnProcess"], path: "Tests/TestServers"),
        // The guarantees every state store keeps, as checks each store's tests run (SQLite, memory, PostgreSQL next).
        .target(
            name: "StateConformance", dependencies: ["CairnState", "CairnAddresses", "CairnProviderKit"], path: "Tests/StateConformance"),
        .testTarget(name: "CairnAddressesTests", dependencies: ["CairnAddresses"]),
        .testTarget(name: "CairnCoreTests", dependencies: ["CairnCore", "CairnAddresses"]),
        .testTarget(name: "CairnStateTests", dependencies: ["CairnState", "CairnAddresses", "CairnDigest", "StateConformance"]),
        .testTarget(
            name: "ProviderTests", dependencies: ["LocalProvider", "RandomProvider", "NullProvider", "CairnProviderKit", "CairnHTTP"]),
        .testTarget(name: "CairnCLITests", dependencies: ["TestServers", "CairnProviderKit", "CairnProcess"]),
        .testTarget(
            name: "DockerProviderTests", dependencies: ["DockerProvider", "CairnProviderKit", "CairnDigest", "CairnHTTP", "TestServers"]),
        .testTarget(
            name: "LoadBalancerProviderTests", dependencies: ["NginxProvider", "HAProxyProvider", "CairnProviderKit", "TestServers"]),
        .testTarget(name: "DNSProviderTests", dependencies: ["DNSProvider", "CairnProviderKit", "CairnDigest", "TestServers"]),
        .testTarget(
            name: "AWSProviderTests", dependencies: ["AWSProvider", "CairnProviderKit", "CairnDigest", "CairnHTTP", "TestServers"]),
        .testTarget(
            name: "PluginTests",
            dependencies: [
                "CairnPluginHost", "CairnPluginProtocol", "CairnProcess", "CairnProviderKit", "LocalProvider", "RandomProvider",
                "NullProvider",
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
