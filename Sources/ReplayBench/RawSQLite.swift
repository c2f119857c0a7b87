import CSQLite

/// The physical limits the benchmark measures against: the same rows written and read through
/// SQLite's C API with nothing else in the way (no encoding, hashing, simulation or checks).
/// This is the one place outside EventLog/SQLite that calls SQLite directly, on purpose.
enum RawSQLite {
    struct Row {
        var type: String
        var at: Int64
        var restaurant: String?
        var booking: String?
        var payload: String
        var hash: [UInt8]
    }

    /// Inserts the rows with the capture's columns, in WAL, batches of 4096; returns seconds.
    static func insert(_ rows: [Row], path: String) -> Double {
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        defer { sqlite3_close(db) }
        sqlite3_exec(
            db,
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; CREATE TABLE events(seq INTEGER PRIMARY KEY, type TEXT NOT NULL, at INTEGER NOT NULL, restaurant TEXT, booking TEXT, payload TEXT NOT NULL, hash BLOB NOT NULL);",
            nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v3(
            db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement,
            nil)
        defer { sqlite3_finalize(statement) }
        let transient = replay_sqlite_transient()
        let started = ContinuousClock.now
        sqlite3_exec(db, "BEGIN", nil, nil, nil)
        for (index, row) in rows.enumerated() {
            sqlite3_bind_int64(statement, 1, Int64(index + 1))
            sqlite3_bind_text(statement, 2, row.type, -1, transient)
            sqlite3_bind_int64(statement, 3, row.at)
            if let restaurant = row.restaurant {
                sqlite3_bind_text(statement, 4, restaurant, -1, transient)
            } else {
                sqlite3_bind_null(statement, 4)
            }
            if let booking = row.booking {
                sqlite3_bind_text(statement, 5, booking, -1, transient)
            } else {
                sqlite3_bind_null(statement, 5)
            }
            sqlite3_bind_text(statement, 6, row.payload, -1, transient)
            row.hash.withUnsafeBytes { _ = sqlite3_bind_blob(statement, 7, $0.baseAddress, 32, transient) }
            sqlite3_step(statement)
            sqlite3_reset(statement)
            if (index + 1) % 4096 == 0 {
                sqlite3_exec(db, "COMMIT; BEGIN", nil, nil, nil)
            }
        }
        sqlite3_exec(db, "COMMIT", nil, nil, nil)
        return seconds(since: started)
    }

    /// Reads every column of every row of a capture's events; returns (rows, seconds).
    static func scan(path: String) -> (Int, Double) {
        var db: OpaquePointer?
        sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil)
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(
            db, "SELECT seq, type, at, restaurant, booking, payload, hash FROM events ORDER BY seq", -1, &statement, nil
        )
        defer { sqlite3_finalize(statement) }
        let started = ContinuousClock.now
        var rows = 0
        var checksum = 0
        while sqlite3_step(statement) == SQLITE_ROW {
            rows += 1
            checksum &+= Int(sqlite3_column_int64(statement, 2))
            for column in Int32(1)...6 where column != 2 {
                if let text = sqlite3_column_blob(statement, column) {
                    checksum &+= Int(text.load(as: UInt8.self)) &+ Int(sqlite3_column_bytes(statement, column))
                }
            }
        }
        if checksum == 42 { print("") }  // keep the reads from being optimised away
        return (rows, seconds(since: started))
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
