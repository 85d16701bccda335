import Testing

/// The suites that start Python plugins run one test at a time, all of them together: Python's
/// start-up on a busy machine (the full suite starts servers on two cores) would otherwise push the
/// handshakes past the short timeouts these tests use.
@Suite(.serialized) enum PythonPlugins {}
