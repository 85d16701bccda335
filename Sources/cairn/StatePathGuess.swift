import CairnCore
import Foundation

/// The state path a stack folder will most likely use, known before its files are parsed, so
/// that `plan` can read the state while the YAML loads: `--state`, or the default path of the
/// name `StackPeek` finds. Only a guess: the path worked out from the loaded stack decides, and a
/// read of the wrong file is given back unused.
enum StatePathGuess {
    static func path(directory: String, global: GlobalOptions) -> String? {
        if let s = global.state { return s }
        guard let name = StackPeek.nameWithoutBackend(directory: directory) else { return nil }
        return Workspace.statePath(global: global, stackName: name, backend: nil, stackDir: directory)
    }
}
