extension JSONValue {
    /// Human-friendly text: a container that fits in `width` columns stays on one line, others
    /// put one member per line. Deterministic, so printed scenarios diff cleanly. Laid out
    /// bottom-up, each node's one-line form built once from its children's.
    public func prettyText(width: Int = 100) -> String {
        layout(indent: 0, width: width).pretty + "\n"
    }

    private func layout(indent: Int, width: Int) -> (inline: String, pretty: String) {
        let pad = String(repeating: " ", count: indent + 2)
        let close = String(repeating: " ", count: indent)
        switch self {
        case .array(let values):
            let children = values.map { $0.layout(indent: indent + 2, width: width) }
            let inline = "[" + children.map(\.inline).joined(separator: ", ") + "]"
            if inline.count + indent <= width || children.isEmpty { return (inline, inline) }
            return (inline, "[\n" + children.map { pad + $0.pretty }.joined(separator: ",\n") + "\n" + close + "]")
        case .object(let fields):
            let keys = fields.map { JSONValue.string($0.key).canonicalText + ": " }
            let children = fields.map { $0.value.layout(indent: indent + 2, width: width) }
            let inline = "{" + zip(keys, children).map { $0 + $1.inline }.joined(separator: ", ") + "}"
            if inline.count + indent <= width || children.isEmpty { return (inline, inline) }
            return (inline, "{\n" + zip(keys, children).map { pad + $0 + $1.pretty }.joined(separator: ",\n") + "\n" + close + "}")
        default:
            let text = canonicalText
            return (text, text)
        }
    }
}
