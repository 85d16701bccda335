import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// An XML element as a small tree: name (without namespace prefix), text, children in order.
struct XMLTree: Sendable {
    var name: String
    var text: String = ""
    var children: [XMLTree] = []

    /// The first child named `name`.
    func child(_ name: String) -> XMLTree? { children.first { $0.name == name } }

    /// Every child named `name`.
    func all(_ name: String) -> [XMLTree] { children.filter { $0.name == name } }

    /// The element at a slash-separated path of child names.
    func at(_ path: String) -> XMLTree? {
        var node: XMLTree? = self
        for part in path.split(separator: "/") { node = node?.child(String(part)) }
        return node
    }

    /// The trimmed text at `path`, nil when the element is missing.
    func string(_ path: String) -> String? { at(path)?.text.trimmingCharacters(in: .whitespacesAndNewlines) }

    /// The elements named `item` (or `member`) inside the element at `path`: AWS's list shape.
    func list(_ path: String, item: String = "member") -> [XMLTree] { at(path)?.all(item) ?? [] }

    /// The first element named `name` anywhere below, depth first.
    func find(_ name: String) -> XMLTree? {
        for c in children {
            if c.name == name { return c }
            if let hit = c.find(name) { return hit }
        }
        return nil
    }

    static func parse(_ data: Data) -> XMLTree? {
        let builder = TreeBuilder()
        let parser = XMLParser(data: data)
        parser.delegate = builder
        guard parser.parse(), let root = builder.root else { return nil }
        return root
    }
}

private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [XMLTree] = []
    var root: XMLTree?

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
        qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
    ) {
        let local = elementName.split(separator: ":").last.map(String.init) ?? elementName
        stack.append(XMLTree(name: local))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard !stack.isEmpty else { return }
        stack[stack.count - 1].text += string
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard let done = stack.popLast() else { return }
        if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
    }
}

/// Escapes text for an XML element body.
func xmlEscape(_ text: String) -> String {
    var out = ""
    for ch in text {
        switch ch {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(ch)
        }
    }
    return out
}
