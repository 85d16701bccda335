import CairnCore
import CairnProviderKit

/// The human plan display: drift first, then changes grouped by action, outputs, and the summary line.
struct PlanRenderer {
    let t: Terminal

    func render(_ plan: Plan) -> String {
        var out: [String] = []
        if !plan.recovered.isEmpty {
            out.append(t.paint("Operations interrupted by an earlier run, now resolved:", .bold))
            for r in plan.recovered { out.append("  ! " + r.summary) }
            out.append("")
        }
        if !plan.moves.isEmpty {
            out.append(t.paint("Moved in state (from moved: entries; the objects are not touched):", .bold))
            for m in plan.moves { out.append("  " + t.paint("~", .yellow) + " \(m.from) → \(m.to)") }
            out.append("")
        }
        if !plan.drift.isEmpty {
            out.append(t.paint("Changes made outside Cairn (found by refresh):", .bold))
            for d in plan.drift {
                if d.deleted {
                    out.append("  " + t.paint("-", .red) + " \(d.address) (\(d.type)) was deleted")
                } else {
                    out.append(
                        "  " + t.paint("~", .yellow) + " \(d.address) (\(d.type)): "
                            + d.changed.map { name in
                                "\(name) \(ValueFormatter.text(d.before[name] ?? .null)) → \(ValueFormatter.text(d.after?[name] ?? .null))"
                            }.joined(separator: ", "))
                }
            }
            out.append("")
        }
        if plan.changes.isEmpty && !plan.outputsChanged {
            if !plan.moves.isEmpty {
                out.append(summaryLine(plan))
                return out.joined(separator: "\n")
            }
            out.append(t.paint("No changes.", .green) + " The infrastructure matches the configuration.")
            return out.joined(separator: "\n")
        }
        if !plan.changes.isEmpty {
            out.append("Cairn will perform the following actions:")
            out.append("")
            for c in plan.changes.sorted(by: { $0.address < $1.address }) {
                out.append(contentsOf: change(c))
                out.append("")
            }
        }
        let outputs = plan.outputs.filter { $0.value.changed }.sorted { $0.key < $1.key }
        if !outputs.isEmpty {
            out.append("Changes to outputs:")
            for (name, o) in outputs {
                let shown: (Value?) -> String = { v in
                    guard let v else { return "null" }
                    if v.containsUnknown { return "(known after apply)" }
                    return o.sensitive ? "(sensitive)" : ValueFormatter.text(v)
                }
                switch (o.before, o.after) {
                case (nil, _): out.append("  " + t.paint("+", .green) + " \(name) = \(shown(o.after))")
                case (_, nil): out.append("  " + t.paint("-", .red) + " \(name) = \(shown(o.before))")
                default: out.append("  " + t.paint("~", .yellow) + " \(name) = \(shown(o.before)) → \(shown(o.after))")
                }
            }
            out.append("")
        }
        out.append(summaryLine(plan))
        return out.joined(separator: "\n")
    }

    func summaryLine(_ plan: Plan) -> String {
        let s = plan.summary
        return t.paint("Plan:", .bold) + " \(s.added) to add, \(s.changed) to change, \(s.destroyed) to destroy."
    }

    private func change(_ c: PlannedChange) -> [String] {
        var lines: [String] = []
        let head = "\(c.address) (\(c.type))"
        switch c.action {
        case .create:
            lines.append("  " + t.paint("+", .green) + " \(head) will be created")
            let width = Self.keyWidth(c.after ?? [:])
            for (k, v) in (c.after ?? [:]).sorted(by: { $0.key < $1.key }) where !v.isNull || v.isSensitive {
                if case .string(let text) = v, TextDiff.isMultiline(text) {
                    lines.append("      " + t.paint("+", .green) + " \(pad(k, width)) = <<EOT")
                    lines += TextDiff.split(text).map { "            \($0)" }
                    lines.append("        EOT")
                } else {
                    lines.append("      " + t.paint("+", .green) + " \(pad(k, width)) = \(ValueFormatter.text(v))")
                }
            }
        case .update:
            lines.append("  " + t.paint("~", .yellow) + " \(head) will be updated in place")
            lines.append(contentsOf: changedLines(c, forcing: []))
        case .replace:
            let why = c.forcedBy.isEmpty ? "" : " (forced by \(c.forcedBy.joined(separator: ", ")))"
            let order = c.createBeforeDestroy ? "+/-" : "-/+"
            lines.append("  " + t.paint(order, .red) + " \(head) must be replaced\(why)")
            lines.append(contentsOf: changedLines(c, forcing: Set(c.forcedBy)))
        case .delete:
            lines.append("  " + t.paint("-", .red) + " \(head) will be destroyed" + (c.reason.map { " (\($0))" } ?? ""))
        }
        return lines
    }

    private func changedLines(_ c: PlannedChange, forcing: Set<String>) -> [String] {
        let before = c.before ?? [:]
        let after = c.after ?? [:]
        var names = Set(c.changed)
        for (k, v) in after where v.containsUnknown && !(before[k]?.containsUnknown ?? false) { names.insert(k) }
        let width = Self.keyWidth(after)
        return names.sorted().map { k in
            let note = forcing.contains(k) ? t.paint(" # forces replacement", .red) : ""
            let b = before[k] ?? .null
            let a = after[k] ?? .null
            let sensitive = b.containsSensitive || a.containsSensitive
            let shownBefore = sensitive ? "(sensitive)" : ValueFormatter.text(b)
            let shownAfter = a.containsUnknown ? "(known after apply)" : (sensitive ? "(sensitive)" : ValueFormatter.text(a))
            if !sensitive, case .string(let old) = b, case .string(let new) = a, TextDiff.isMultiline(old) || TextDiff.isMultiline(new) {
                var block = ["      " + t.paint("~", .yellow) + " \(pad(k, width)) = <<EOT\(note)"]
                for line in TextDiff.lines(old, new) {
                    switch line {
                    case .same(let l): block.append("            \(l)")
                    case .removed(let l): block.append("          " + t.paint("- \(l)", .red))
                    case .added(let l): block.append("          " + t.paint("+ \(l)", .green))
                    }
                }
                block.append("        EOT")
                return block.joined(separator: "\n")
            }
            return "      " + t.paint("~", .yellow) + " \(pad(k, width)) = \(shownBefore) → \(shownAfter)\(note)"
        }
    }

    /// The widest attribute name (in characters), which every name of the block is padded to.
    private static func keyWidth(_ attrs: [String: Value]) -> Int {
        attrs.keys.map(\.count).max() ?? 0
    }

    private func pad(_ key: String, _ width: Int) -> String {
        let length = max(width, key.count)
        // NSString's padding counts UTF-16 units; pad in Swift whenever that can't truncate.
        let units = key.utf16.count
        guard units <= length else { return key.padding(toLength: length, withPad: " ", startingAt: 0) }
        return key + String(repeating: " ", count: length - units)
    }
}
