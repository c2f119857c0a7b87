import Foundation

/// GitHub Actions workflow commands: a line `::error title=…::message` on stdout becomes an
/// annotation on the run's summary page. Written only when `GITHUB_ACTIONS` is `true` (GitHub
/// sets it in every job), so a terminal never sees them.
public enum GitHubAnnotation {
    public static func isEnabled(_ environment: [String: String]) -> Bool { environment["GITHUB_ACTIONS"] == "true" }

    /// One error annotation, as GitHub's toolkit escapes it: `%`, CR and LF in the message, and
    /// also `:` and `,` in a property.
    public static func error(title: String, message: String) -> String {
        "::error title=\(escaped(title, property: true))::\(escaped(message, property: false))\n"
    }

    static func escaped(_ text: String, property: Bool) -> String {
        var result = text.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
        if property {
            result = result.replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
        }
        return result
    }
}
