extension JSONValue {
    /// Human-friendly text: a container that fits in `width` columns stays on one line, others
    /// put one member per line. Deterministic, so printed scenarios diff cleanly.
    public func prettyText(width: Int = 100) -> String {
        var out = ""
        writePretty(into: &out, indent: 0, width: width)
        out.append("\n")
        return out
    }

    private func inlineText() -> String {
        switch self {
        case .array(let values): return "[" + values.map { $0.inlineText() }.joined(separator: ", ") + "]"
        case .object(let fields):
            return "{" + fields.map { JSONValue.string($0.key).canonicalText + ": " + $0.value.inlineText() }.joined(separator: ", ") + "}"
        default: return canonicalText
        }
    }

    private func writePretty(into out: inout String, indent: Int, width: Int) {
        let inline = inlineText()
        if inline.count + indent <= width {
            out.append(inline)
            return
        }
        let pad = String(repeating: " ", count: indent + 2)
        switch self {
        case .array(let values):
            out.append("[\n")
            for (index, value) in values.enumerated() {
                out.append(pad)
                value.writePretty(into: &out, indent: indent + 2, width: width)
                out.append(index + 1 < values.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent) + "]")
        case .object(let fields):
            out.append("{\n")
            for (index, field) in fields.enumerated() {
                out.append(pad + JSONValue.string(field.key).canonicalText + ": ")
                field.value.writePretty(into: &out, indent: indent + 2, width: width)
                out.append(index + 1 < fields.count ? ",\n" : "\n")
            }
            out.append(String(repeating: " ", count: indent) + "}")
        default:
            out.append(inline)
        }
    }
}
