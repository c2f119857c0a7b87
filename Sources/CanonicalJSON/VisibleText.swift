/// Text from outside replay (an engine's name or message, a capture's strings, a path) as it can
/// be shown on a terminal or in a report: control characters (a NUL, an escape sequence, a line
/// break), invisible format characters (bidi overrides, zero-width ones) and noncharacters (U+FFFE,
/// which XML does not allow) written as `\u{…}`,
/// so a line cannot clear the screen, forge a line or a table row, or read as something it is
/// not. A tab is kept. The one escaping every terminal line and every report goes through.
public enum VisibleText {
    /// `text` escaped, cut after `limit` characters (with the count of the rest) when one is given.
    public static func escaped(_ text: String, limit: Int? = nil) -> String {
        // Most text holds nothing to escape: returned as it is.
        if text.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F })
            && (limit.map { text.utf8.count <= $0 } ?? true)
        {
            return text
        }
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { return out + "… (\(text.unicodeScalars.count - count) more characters)" }
            if scalar.value < 0x20 && scalar != "\t" || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.properties.generalCategory == .format || scalar.properties.isNoncharacterCodePoint
            {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
