import CLibPQ
import Foundation

/// Reads a day's parts from a live PostgreSQL database through libpq, read-only: the session is
/// opened with `default_transaction_read_only`, and every query of a mapping runs in one
/// `REPEATABLE READ READ ONLY` transaction (one consistent snapshot of the day) that is rolled
/// back. A mapping query that tries to write is refused by the server.
public final class PostgresSource {
    /// The database as messages name it: the URL without its password.
    public let target: String
    private let connection: OpaquePointer

    /// Seconds libpq waits for the server before giving up (a URL's own `connect_timeout` wins).
    static let connectTimeoutSeconds = 10

    /// Connects; a refused connection, an unknown host or a failed login is one line naming the database.
    public init(url: String) throws(ImportError) {
        target = Self.redacted(url)
        // Later keywords win over earlier ones and over the URL's own parameters: the read-only
        // option comes last, after the URL's own `options` (a `search_path`, say), so no URL can turn it off.
        let own = URLComponents(string: url)?.queryItems?.first { $0.name == "options" }?.value.map { $0 + " " } ?? ""
        let keywords = ["connect_timeout", "application_name", "dbname", "options"]
        let values = [
            String(Self.connectTimeoutSeconds), "replay scenario import", url,
            own + "-c default_transaction_read_only=on"
        ]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in PQconnectdbParams(keywordPointers, valuePointers, 1) }
        }
        guard let connection else { throw .connection(target: target, detail: "out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            // libpq quotes a URL token it cannot parse, which may be the password.
            let detail = Self.scrubbed(Self.oneLine(PQerrorMessage(connection)), of: url)
            PQfinish(connection)
            let hint = detail.contains("no password supplied") ? " (give it in PGPASSWORD or ~/.pgpass)" : ""
            throw .connection(
                target: target, detail: (detail.isEmpty ? "the server refused the connection" : detail) + hint)
        }
        self.connection = connection
    }

    deinit { PQfinish(connection) }

    /// Runs each of the mapping's queries in one read-only snapshot; `$1` is the date (`date`),
    /// `$2` the slugs asked for (`text[]`, NULL when none were, and always NULL for `restaurants`).
    public func read(_ mapping: ImportMapping, request: ImportRequest) throws(ImportError) -> [ImportedTable] {
        try command("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", mapping: mapping, part: .restaurants)
        defer { _ = try? command("ROLLBACK", mapping: mapping, part: .restaurants) }
        var tables: [ImportedTable] = []
        for (part, sql) in mapping.queries {
            let table = try query(sql, mapping: mapping, part: part, request: request)
            try table.checkColumns(allowExtensions: false)
            tables.append(table)
        }
        return tables
    }

    @discardableResult
    private func command(_ sql: String, mapping: ImportMapping, part: ImportPart) throws(ImportError) -> Bool {
        guard let result = PQexec(connection, sql) else {
            throw .query(
                target: target, mapping: mapping.name, part: part, detail: Self.oneLine(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_COMMAND_OK else {
            throw .query(target: target, mapping: mapping.name, part: part, detail: Self.primaryMessage(result))
        }
        return true
    }

    private func query(_ sql: String, mapping: ImportMapping, part: ImportPart, request: ImportRequest)
        throws(ImportError) -> ImportedTable
    {
        // Types given, so a query may leave either parameter unused: date (1082) and text[] (1009).
        let types: [Oid] = [1082, 1009]
        // The restaurants' query gets every restaurant (NULL), so that a misspelt --restaurant is
        // answered with the slugs that exist; the assembler keeps the ones asked for.
        let slugs =
            request.restaurants.isEmpty || part == .restaurants
            ? nil
            : "{" + request.restaurants.map(Self.arrayElement).joined(separator: ",") + "}"
        let result: OpaquePointer? = types.withUnsafeBufferPointer { typePointer in
            withOptionalCStrings([request.date, slugs]) { valuePointers in
                PQexecParams(connection, sql, 2, typePointer.baseAddress, valuePointers, nil, nil, 0)
            }
        }
        guard let result else {
            throw .query(
                target: target, mapping: mapping.name, part: part, detail: Self.oneLine(PQerrorMessage(connection)))
        }
        defer { PQclear(result) }
        guard PQresultStatus(result) == PGRES_TUPLES_OK else {
            let status = PQresultStatus(result)
            let detail =
                status == PGRES_COMMAND_OK
                ? "returned no rows to read (a query must be a SELECT)" : Self.primaryMessage(result)
            throw .query(target: target, mapping: mapping.name, part: part, detail: detail)
        }
        let columnCount = Int(PQnfields(result))
        let rowCount = Int(PQntuples(result))
        let columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        var rows: [[String?]] = []
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            rows.append(
                (0..<Int32(columnCount)).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        return ImportedTable(
            part: part, source: "\(target): mapping \(mapping.name), query \"\(part.rawValue)\"", columns: columns,
            rows: rows)
    }

    /// One element of a text[] literal, quoted so that commas, braces and quotes in a slug stay in it.
    static func arrayElement(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }

    /// The server's own sentence (`relation "public.zones" does not exist`), without the
    /// "ERROR:" prefix and the caret lines that point into the query.
    static func primaryMessage(_ result: OpaquePointer) -> String {
        let primary = oneLine(PQresultErrorField(result, Int32(UInt8(ascii: "M"))))
        return primary.isEmpty ? oneLine(PQresultErrorMessage(result)) : primary
    }

    /// libpq's message on one line ("connection to server … failed: Connection refused Is the server running …").
    static func oneLine(_ message: UnsafePointer<CChar>?) -> String {
        guard let message else { return "" }
        return String(cString: message).split(whereSeparator: \.isNewline).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        .filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// The URL without a password (`postgres://user:secret@host/db` → `postgres://user@host/db`,
    /// `?password=…` dropped), so no message or scenario file ever holds one.
    public static func redacted(_ url: String) -> String {
        guard let parts = URLParts(url) else {
            // A keyword string ("host=… password=…"): drop the password pair.
            return url.split(separator: " ").filter { !$0.lowercased().hasPrefix("password=") }.joined(separator: " ")
        }
        let query = parts.query.filter { !$0.lowercased().hasPrefix("password=") }
        return parts.scheme + (parts.user.map { $0 + "@" } ?? "") + parts.hostAndPath
            + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// A message with the URL's password (as written, and decoded) taken out.
    static func scrubbed(_ message: String, of url: String) -> String {
        guard let parts = URLParts(url) else { return message }
        let secrets =
            (parts.password.map { [$0] } ?? [])
            + parts.query.filter { $0.lowercased().hasPrefix("password=") }.map { $0.dropFirst("password=".count) }
        var result = message
        for secret in secrets.map(String.init) where !secret.isEmpty {
            for form in [secret, secret.removingPercentEncoding ?? secret] where !form.isEmpty {
                result = result.replacingOccurrences(of: form, with: "…")
            }
        }
        return result
    }
}

/// C strings for a libpq call, alive for the call.
private func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withOptionalCStrings(strings.map { Optional($0) }) { pointers in
        // libpq's keyword arrays end with NULL.
        (pointers.map { $0 } + [nil]).withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = strings.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
}
