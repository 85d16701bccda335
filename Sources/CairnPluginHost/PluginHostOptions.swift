import CairnProviderKit

/// How the host runs plugins.
public struct PluginHostOptions: Sendable, Hashable {
    /// Seconds a call may take before the plugin is considered hung and stopped.
    public var timeout: Double = 30
    /// Seconds between the steps of stopping a plugin: stdin closed, SIGTERM, SIGKILL.
    public var grace: Double = 2
    /// How many times a plugin that failed is started again within one provider instance.
    public var maxRestarts = 2
    /// Sent in the handshake.
    public var cairnVersion = ""

    public init(timeout: Double = 30, grace: Double = 2, maxRestarts: Int = 2, cairnVersion: String = "") {
        self.timeout = timeout
        self.grace = grace
        self.maxRestarts = maxRestarts
        self.cairnVersion = cairnVersion
    }

    /// The defaults, with `CAIRN_PLUGIN_TIMEOUT` and `CAIRN_PLUGIN_GRACE` (seconds) applied.
    public static func from(environment env: [String: String], cairnVersion: String) throws(ProviderError) -> PluginHostOptions {
        var o = PluginHostOptions(cairnVersion: cairnVersion)
        if let t = env["CAIRN_PLUGIN_TIMEOUT"] {
            guard let v = Double(t), v > 0, v.isFinite else {
                throw ProviderError("CAIRN_PLUGIN_TIMEOUT must be a number of seconds above 0, got \"\(t)\"")
            }
            o.timeout = v
        }
        if let g = env["CAIRN_PLUGIN_GRACE"] {
            guard let v = Double(g), v >= 0, v.isFinite else {
                throw ProviderError("CAIRN_PLUGIN_GRACE must be a number of seconds, 0 or more, got \"\(g)\"")
            }
            o.grace = v
        }
        return o
    }
}
