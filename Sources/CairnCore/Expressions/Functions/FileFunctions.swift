import CairnProviderKit
import Foundation

enum FileFunctions {
    static let all: [ExpressionFunction] = [
        ExpressionFunction("file", "path", arity: 1...1) { call in
            let given = try call.string(0)
            let located = given.hasPrefix("/") ? given : (call.scope.baseDirectory as NSString).appendingPathComponent(given)
            let resolved = URL(fileURLWithPath: located).resolvingSymlinksInPath()
            let (path, full) = (call.shown(0, given), call.shown(0, located))
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: resolved.path) else {
                throw call.error(
                    "cannot read \"\(path)\": there is no file at \(full)", argument: 0,
                    hint: "relative paths start at the stack folder")
            }
            // A FIFO or device could block forever or never end.
            guard attributes[.type] as? FileAttributeType == .typeRegular else {
                throw call.error("cannot read \"\(path)\": \(full) is not a regular file", argument: 0)
            }
            let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
            if size > call.budget.limits.maxStringBytes {
                var d = LimitExceeded.string(
                    size, limit: call.budget.limits.maxStringBytes,
                    by: "file(\"\(path)\")", at: call.argumentLocations[0])
                d.message = "cannot read \"\(path)\": " + d.message
                throw d
            }
            guard let data = try? Data(contentsOf: resolved) else {
                throw call.error("cannot read \"\(path)\" at \(full)", argument: 0)
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw call.error("cannot read \"\(path)\": it is not UTF-8 text", argument: 0)
            }
            return .string(text)
        }
    ]
}
