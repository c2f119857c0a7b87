extension JSONValue {
    /// Human-friendly text: a container that fits in `width` columns stays on one line, others
    /// put one member per line. Deterministic, so printed scenarios diff cleanly. The layout is
    /// `PrettyLayout`'s, on the value's canonical text.
    public func prettyText(width: Int = 100) -> String {
        var writer = JSONWriter()
        write(to: &writer)
        // A value's canonical text is always one JSON value without white space.
        return PrettyLayout.text(ofCanonical: writer.bytes, width: width) ?? writer.string + "\n"
    }
}
