/// A PostgreSQL URL split by hand, not by `URLComponents`, which refuses what libpq takes (a bad
/// escape, several hosts) and would leave the whole URL, password and all, to be printed.
struct URLParts {
    /// `postgres://`
    let scheme: Substring
    let user: Substring?
    let password: Substring?
    /// Hosts, ports and the database.
    let hostAndPath: Substring
    /// `key=value` items after `?`.
    let query: [Substring]

    init?(_ url: String) {
        guard let marker = url.range(of: "://") else { return nil }
        scheme = url[..<marker.upperBound]
        var rest = url[marker.upperBound...]
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...].split(separator: "&")
            rest = rest[..<mark]
        } else {
            query = []
        }
        // The user information ends at the last "@" (a password may hold "@", "/" or "#").
        if let at = rest.lastIndex(of: "@") {
            let information = rest[..<at]
            if let colon = information.firstIndex(of: ":") {
                user = information[..<colon]
                password = information[information.index(after: colon)...]
            } else {
                user = information
                password = nil
            }
            hostAndPath = rest[rest.index(after: at)...]
        } else {
            user = nil
            password = nil
            hostAndPath = rest
        }
    }
}
