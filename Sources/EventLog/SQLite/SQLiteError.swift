import CSQLite

/// An SQLite failure with enough context for a user to act on: the result code, SQLite's own
/// message, the statement that failed and the file it concerns.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?
    public let path: String

    public init(code: Int32, message: String, sql: String? = nil, path: String) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
    }

    /// The primary result code (the low byte of an extended code).
    public var primaryCode: Int32 { code & 0xFF }

    public var isNotADatabase: Bool { primaryCode == SQLITE_NOTADB }
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT }
    /// A full disk: SQLITE_FULL, or the shared-memory file that cannot grow (SQLITE_IOERR_SHMSIZE,
    /// what a full tmpfs gives when the WAL index needs a page).
    public var isFull: Bool { primaryCode == SQLITE_FULL || code == replay_sqlite_ioerr_shmsize }
    public var isCantOpen: Bool { primaryCode == SQLITE_CANTOPEN }

    public var description: String {
        var text = "\(path): SQLite error \(code): \(message)"
        if let sql { text += " - while executing \(sql.prefix(80))" }
        return text
    }
}

/// The one place a result code becomes a Swift error (swift-nio routes every syscall through one wrapper).
@inline(__always)
func check(_ code: Int32, _ handle: OpaquePointer?, sql: String? = nil, path: String) throws(SQLiteError) {
    if code == SQLITE_OK || code == SQLITE_ROW || code == SQLITE_DONE { return }
    let message =
        handle.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        ?? String(cString: sqlite3_errstr(code))
    throw SQLiteError(code: code, message: message, sql: sql, path: path)
}
