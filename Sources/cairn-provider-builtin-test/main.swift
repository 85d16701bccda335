import CairnPluginProtocol
import CairnProviderKit
import Foundation
import LocalProvider
import NullProvider
import RandomProvider

// cairn-provider-builtin-test PROVIDER: serves the built-in PROVIDER (local, random or null) over the
// plugin protocol, so tests can compare it out of process with the same provider in process.
let which = CommandLine.arguments.dropFirst().first ?? "local"
let provider: any Provider
switch which {
case "local": provider = LocalProvider()
case "random": provider = RandomProvider()
case "null": provider = NullProvider()
default:
    FileHandle.standardError.write(Data("usage: cairn-provider-builtin-test local|random|null\n".utf8))
    exit(2)
}
await PluginServer(provider: provider).run()
