/// Where two JSON values differ, by path: `top[0].score: 5076142 → 1076142`. Lets a reader of a
/// divergence see the one changed field instead of comparing two long payloads by eye.
public enum JSONDiff {
    /// One line per differing leaf (or per key or element only one side has), in document order.
    public static func differences(_ a: JSONValue, _ b: JSONValue, limit: Int = 20) -> [String] {
        var lines: [String] = []
        walk(a, b, path: "", into: &lines, limit: limit)
        return lines
    }

    private static func walk(_ a: JSONValue, _ b: JSONValue, path: String, into lines: inout [String], limit: Int) {
        guard lines.count < limit, a != b else { return }
        switch (a, b) {
        case let (.object(left), .object(right)):
            for field in left {
                let child = path.isEmpty ? field.key : "\(path).\(field.key)"
                if let other = right.first(where: { $0.key == field.key }) {
                    walk(field.value, other.value, path: child, into: &lines, limit: limit)
                } else if lines.count < limit {
                    lines.append("\(child): \(field.value.canonicalText) → (absent)")
                }
            }
            for field in right where !left.contains(where: { $0.key == field.key }) && lines.count < limit {
                lines.append(
                    "\(path.isEmpty ? field.key : "\(path).\(field.key)"): (absent) → \(field.value.canonicalText)")
            }
        case let (.array(left), .array(right)):
            for index in 0..<max(left.count, right.count) {
                let child = "\(path)[\(index)]"
                switch (index < left.count, index < right.count) {
                case (true, true): walk(left[index], right[index], path: child, into: &lines, limit: limit)
                case (true, false):
                    if lines.count < limit { lines.append("\(child): \(left[index].canonicalText) → (absent)") }
                default: if lines.count < limit { lines.append("\(child): (absent) → \(right[index].canonicalText)") }
                }
            }
        default:
            lines.append("\(path.isEmpty ? "(value)" : path): \(a.canonicalText) → \(b.canonicalText)")
        }
    }

    /// `differences` of two JSON texts; a text that does not parse is compared whole.
    public static func differences(_ a: String, _ b: String, limit: Int = 20) -> [String] {
        guard let left = try? JSONParser.parse(a), let right = try? JSONParser.parse(b) else {
            return a == b ? [] : ["\(a) → \(b)"]
        }
        return differences(left, right, limit: limit)
    }
}
