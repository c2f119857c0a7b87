extension JSONValue {
    /// Human-friendly text: a container that fits in `width` columns stays on one line, others
    /// put one member per line. Deterministic, so printed scenarios diff cleanly. Laid out
    /// bottom-up, each node's one-line form built once from its children's, and only while it
    /// can still fit: a report of megabytes is laid out in one pass, not once per level.
    public func prettyText(width: Int = 100) -> String {
        layout(indent: 0, width: width).pretty + "\n"
    }

    /// `inline`: the one-line form, or nil when it is wider than `width` (then no container
    /// holding it fits on one line either).
    private func layout(indent: Int, width: Int) -> (inline: String?, pretty: String) {
        let pad = String(repeating: " ", count: indent + 2)
        let close = String(repeating: " ", count: indent)
        switch self {
        case .array(let values):
            let children = values.map { $0.layout(indent: indent + 2, width: width) }
            if children.isEmpty { return ("[]", "[]") }
            let inline = Self.joined(children.map(\.inline), open: "[", close: "]", width: width)
            if let inline, Self.fits(inline, width - indent) { return (inline, inline) }
            return (inline, "[\n" + children.map { pad + $0.pretty }.joined(separator: ",\n") + "\n" + close + "]")
        case .object(let fields):
            let keys = fields.map { JSONValue.string($0.key).canonicalText + ": " }
            let children = fields.map { $0.value.layout(indent: indent + 2, width: width) }
            if children.isEmpty { return ("{}", "{}") }
            let inline = Self.joined(zip(keys, children).map { key, child in child.inline.map { key + $0 } }, open: "{", close: "}", width: width)
            if let inline, Self.fits(inline, width - indent) { return (inline, inline) }
            return (inline, "{\n" + zip(keys, children).map { pad + $0 + $1.pretty }.joined(separator: ",\n") + "\n" + close + "}")
        default:
            let text = canonicalText
            return (Self.fits(text, width) ? text : nil, text)
        }
    }

    /// The members on one line, or nil when one of them is too wide or the line would be.
    private static func joined(_ members: [String?], open: String, close: String, width: Int) -> String? {
        var line = open
        for (position, member) in members.enumerated() {
            guard let member else { return nil }
            if position > 0 { line += ", " }
            line += member
            // Characters are never more than their UTF-8 bytes, so a line is too wide for sure
            // only once it has over `width` characters; counted exactly when it may still fit.
            if line.utf8.count > width, !fits(line, width) { return nil }
        }
        return line + close
    }

    /// Whether `text` is at most `width` characters, as `String.count` counts them.
    private static func fits(_ text: String, _ width: Int) -> Bool {
        text.utf8.count <= width || text.count <= width
    }
}
