import CSQLite
import Foundation
#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// An open SQLite database. Owns its handle and closes it in `deinit`, after every statement it
/// prepared is finalized, so no C resource outlives the value.
public final class Connection {
    /// How a connection opens its file.
    public enum Mode: Sendable {
        /// Read-only, with the defensive settings for files of unknown origin.
        case readOnly
        /// Read-write; creates the file when it does not exist.
        case create
        /// Read-only, as a file nothing else writes (`immutable=1`): no WAL, no shared-memory file
        /// made beside it. For a capture whose `-wal` is not a WAL (`CaptureReader`).
        case readOnlyImmutable
    }

    public let path: String
    let handle: OpaquePointer
    private var cache: [String: Statement] = [:]
    /// Read-only connections only: the work one `step` may do, counted by SQLite's progress
    /// handler, so a hostile file (a view over an endless recursive query, a cross join) cannot
    /// hold a reader; SIGINT and SIGTERM stop a step too.
    let budget: StepBudget?

    /// `stepInstructions`: the work one `step` of a read-only connection may do (the default
    /// is `StepBudget.defaultInstructions`; tests pass less).
    public init(path: String, mode: Mode, stepInstructions: Int = StepBudget.defaultInstructions) throws(SQLiteError) {
        self.path = path
        var db: OpaquePointer?
        let flags: Int32 =
            switch mode {
            case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            case .create: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
            case .readOnlyImmutable: SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI
            }
        let name = mode == .readOnlyImmutable ? Self.immutableURI(path) : path
        let code = sqlite3_open_v2(name, &db, flags, nil)
        guard code == SQLITE_OK, let db else {
            let message =
                db.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
                ?? String(cString: sqlite3_errstr(code))
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(code: code, message: message, path: path)
        }
        handle = db
        if mode != .create {
            let budget = StepBudget(instructions: stepInstructions)
            self.budget = budget
            sqlite3_progress_handler(
                db, StepBudget.instructionsPerCall,
                { context in
                    guard let context else { return 0 }
                    return Unmanaged<StepBudget>.fromOpaque(context).takeUnretainedValue().spend() ? 1 : 0
                }, Unmanaged.passUnretained(budget).toOpaque())
        } else {
            budget = nil
        }
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5_000)
        // Untrusted files: no schema tricks, no extensions, no memory-mapped reads of a hostile file.
        _ = replay_sqlite_db_config_flag(db, SQLITE_DBCONFIG_DEFENSIVE, 1)
        _ = replay_sqlite_db_config_flag(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0)
        _ = replay_sqlite_db_config_flag(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0)
        do {
            try execute("PRAGMA cell_size_check=ON; PRAGMA mmap_size=0;")
        } catch {
            cache.removeAll()
            sqlite3_close_v2(db)
            throw error
        }
    }

    /// `file:` URI of `path` with `immutable=1`; every byte outside the unreserved set is
    /// percent-encoded (a `?` or `#` in a file name would end the path).
    static func immutableURI(_ path: String) -> String {
        let unreserved = CharacterSet(
            charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/-._~")
        return "file:" + (path.addingPercentEncoding(withAllowedCharacters: unreserved) ?? path) + "?immutable=1"
    }

    /// Why this file is not laid out as a reader expects, or nil: it holds a view or a trigger
    /// (a view named like a table makes every read run a query of the file's choosing), or one of
    /// `tables` is missing, not a table, or has another primary key. Other tables and indexes are
    /// allowed (a user may add an index to query a capture).
    public func schemaProblem(tables: [(name: String, primaryKey: String)]) throws(SQLiteError) -> String? {
        let objects = try prepare("SELECT type, name FROM sqlite_master ORDER BY rowid")
        var kinds: [(type: String, name: String)] = []
        while try objects.step() { kinds.append((objects.text(0) ?? "", objects.text(1) ?? "")) }
        if let foreign = kinds.first(where: { $0.type == "view" || $0.type == "trigger" }) {
            return "holds a \(foreign.type) (\(foreign.name)); only tables are read"
        }
        for table in tables {
            guard kinds.contains(where: { $0.type == "table" && $0.name == table.name }) else {
                return "no \(table.name) table"
            }
            let keys = try prepare("SELECT name FROM pragma_table_info('\(table.name)') WHERE pk > 0 ORDER BY pk")
            var names: [String] = []
            while try keys.step() { names.append(keys.text(0) ?? "") }
            guard names == [table.primaryKey] else {
                return
                    "\(table.name) has primary key (\(names.joined(separator: ", "))), expected (\(table.primaryKey))"
            }
        }
        return nil
    }

    /// Why `path` is not a regular file (a FIFO would block the reader, a device is not a
    /// database), or nil; links are followed, so a link to a capture reads the capture.
    public static func notARegularFile(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        switch status.st_mode & S_IFMT {
        case S_IFREG: return nil
        case S_IFDIR: return "is a directory"
        case S_IFIFO: return "is a FIFO, not a file"
        case S_IFCHR, S_IFBLK: return "is a device, not a file"
        case S_IFSOCK: return "is a socket, not a file"
        default: return "is not a regular file"
        }
    }

    deinit {
        cache.removeAll()  // finalizes every cached statement before the handle goes
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements that return no rows.
    public func execute(_ sql: String) throws(SQLiteError) {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if code != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_free(errorMessage)
            throw SQLiteError(code: code, message: message, sql: sql, path: path)
        }
    }

    /// A statement prepared once and reused: the cache keeps it for the life of the connection.
    public func cachedStatement(_ sql: String) throws(SQLiteError) -> Statement {
        if let statement = cache[sql] {
            statement.reset()
            return statement
        }
        let statement = try Statement(connection: self, sql: sql, persistent: true)
        cache[sql] = statement
        return statement
    }

    /// A statement for one use; finalized when the value goes.
    public func prepare(_ sql: String) throws(SQLiteError) -> Statement {
        try Statement(connection: self, sql: sql, persistent: false)
    }

    /// Whether a transaction is open. SQLite rolls a transaction back by itself on some errors (a
    /// full disk among them): a caller that opened one must check before writing on, or its next
    /// statements would each commit on their own.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction: commits when it returns, rolls back when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// The first column of the first row of a query, as text, or nil when there is no row.
    public func scalarText(_ sql: String) throws(SQLiteError) -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.text(0)
    }

    /// The first column of the first row of a query, as an integer, or nil when there is no row.
    public func scalarInt(_ sql: String) throws(SQLiteError) -> Int64? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int64(0)
    }

    /// Sets a hard limit on the file's size in pages (used to simulate a full disk).
    public func setMaxPageCount(_ pages: Int) throws(SQLiteError) {
        try execute("PRAGMA max_page_count=\(pages)")
    }
}
