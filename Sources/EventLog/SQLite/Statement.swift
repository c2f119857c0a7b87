import CSQLite

/// A prepared statement with typed binding and column access. Finalized in `deinit`.
public final class Statement {
    let handle: OpaquePointer
    unowned let connection: Connection
    public let sql: String

    init(connection: Connection, sql: String, persistent: Bool) throws(SQLiteError) {
        self.connection = connection
        self.sql = sql
        var statement: OpaquePointer?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let code = sqlite3_prepare_v3(connection.handle, sql, -1, flags, &statement, nil)
        try check(code, connection.handle, sql: sql, path: connection.path)
        guard let statement else {
            throw SQLiteError(code: SQLITE_MISUSE, message: "empty statement", sql: sql, path: connection.path)
        }
        handle = statement
    }

    deinit { sqlite3_finalize(handle) }

    /// Makes the statement ready for another use, clearing its bindings.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Binding (indices from 1, as in SQLite)

    public func bind(_ value: Int64, at index: Int32) throws(SQLiteError) {
        try check(sqlite3_bind_int64(handle, index, value), connection.handle, sql: sql, path: connection.path)
    }

    public func bind(_ value: Int, at index: Int32) throws(SQLiteError) {
        try bind(Int64(value), at: index)
    }

    public func bind(_ value: String?, at index: Int32) throws(SQLiteError) {
        guard var text = value else {
            try check(sqlite3_bind_null(handle, index), connection.handle, sql: sql, path: connection.path)
            return
        }
        let code = text.withUTF8 { buffer in
            sqlite3_bind_text(
                handle, index, buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) },
                Int32(buffer.count), replay_sqlite_transient())
        }
        try check(code, connection.handle, sql: sql, path: connection.path)
    }

    public func bind(bytes: [UInt8], at index: Int32) throws(SQLiteError) {
        let code = bytes.withUnsafeBytes { buffer in
            sqlite3_bind_blob(handle, index, buffer.baseAddress, Int32(buffer.count), replay_sqlite_transient())
        }
        try check(code, connection.handle, sql: sql, path: connection.path)
    }

    // MARK: Stepping

    /// Advances to the next row: true when a row is available, false when done.
    @discardableResult
    public func step() throws(SQLiteError) -> Bool {
        connection.budget?.reset()
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        if code == SQLITE_INTERRUPT, let budget = connection.budget {
            throw SQLiteError(code: code, message: budget.stopReason, sql: sql, path: connection.path)
        }
        try check(code, connection.handle, sql: sql, path: connection.path)
        return false
    }

    // MARK: Columns (indices from 0, as in SQLite)

    public func isNull(_ column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    public func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    public func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    public func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column's text as SQLite holds it, without copying: valid only until the next `step`,
    /// `reset` or column call on this statement. Empty for NULL.
    public func textBuffer(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(handle, column) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column's bytes (text or blob) as SQLite holds them, without copying: valid only until
    /// the next `step`, `reset` or column call on this statement.
    public func blobBuffer(_ column: Int32) -> UnsafeRawBufferPointer {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: count)
    }

    /// The column's bytes (text or blob), without building a String.
    public func bytes(_ column: Int32) -> [UInt8] {
        let count = Int(sqlite3_column_bytes(handle, column))
        guard count > 0, let pointer = sqlite3_column_blob(handle, column) else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    /// The storage class of a column in the current row.
    public enum StorageClass: Sendable { case integer, real, text, blob, null }

    public func storageClass(_ column: Int32) -> StorageClass {
        switch sqlite3_column_type(handle, column) {
        case SQLITE_INTEGER: .integer
        case SQLITE_FLOAT: .real
        case SQLITE_TEXT: .text
        case SQLITE_BLOB: .blob
        default: .null
        }
    }

}
