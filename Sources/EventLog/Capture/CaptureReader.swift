import CSQLite
import CanonicalJSON
import Foundation
import Synchronization

/// Opens a capture read-only, checks that it is one (identity, format version, tables and
/// columns) before anything reads it, and streams its events. A capture is evidence: nothing here
/// can change the file.
public final class CaptureReader {
    public let path: String
    public let meta: [(key: String, value: String)]
    let connection: Connection
    /// A private copy read instead of the capture when it had to be rolled back (see `openReadOnly`).
    private let recoveredCopy: String?
    /// Whether a live writer held the capture when it was opened (`isBeingWritten`).
    let writerWasLive: Bool
    /// How many times the log was read from its start (one `stream()` each): every command reads
    /// a capture once, and the tests hold it to that.
    public internal(set) var streamsOpened = 0

    /// SQLITE_READONLY_ROLLBACK: the file has a hot rollback journal, which a read-only reader
    /// may not roll back.
    static let readOnlyRollback = replay_sqlite_readonly_rollback

    /// Opens the capture read-only. A writer killed in the instant it leaves WAL mode (the last
    /// step of a recording rewrites the header through a rollback journal) leaves a hot journal
    /// that a read-only connection cannot roll back. The capture is evidence and is not changed:
    /// the file and its journal are copied to a temporary folder, the copy is rolled back there,
    /// and the copy is read.
    static func openReadOnly(_ path: String) throws(SQLiteError) -> (Connection, String?) {
        // SQLite ignores a `-wal` that is not a WAL, but opening would still leave a `-shm` beside
        // the capture: such a capture is read as the file it is, touching nothing beside it.
        let connection = try Connection(path: path, mode: Self.hasForeignWAL(path) ? .readOnlyImmutable : .readOnly)
        do {
            _ = try connection.scalarInt("PRAGMA application_id")
            return (connection, nil)
        } catch  where error.code == readOnlyRollback {
            let copy = NSTemporaryDirectory() + "replay-rollback-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).db"
            do {
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                try FileManager.default.copyItem(atPath: path + "-journal", toPath: copy + "-journal")
            } catch {
                try? FileManager.default.removeItem(atPath: copy)
                throw SQLiteError(
                    code: readOnlyRollback,
                    message:
                        "the capture has an unfinished transaction, and a copy to roll back could not be made (\(error))",
                    path: path)
            }
            do {
                let writable = try Connection(path: copy, mode: .create)
                _ = try writable.scalarInt("PRAGMA application_id")
            }
            try? FileManager.default.removeItem(atPath: copy + "-journal")
            registerCopy(copy)
            return (try Connection(path: copy, mode: .readOnly), copy)
        } catch let full where full.isFull && FileManager.default.fileExists(atPath: path + "-wal") {
            // A capture left in WAL mode on a full disk: reading it needs a shared-memory index
            // that cannot be created beside it. Read a private copy (capture and WAL) instead.
            let copy = NSTemporaryDirectory() + "replay-wal-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).db"
            do {
                try FileManager.default.copyItem(atPath: path, toPath: copy)
                try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
            } catch {
                for suffix in ["", "-wal"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
                throw SQLiteError(
                    code: full.code,
                    message: "the capture's disk is full, and a copy to read could not be made (\(error))", path: path)
            }
            registerCopy(copy)
            let copied = try Connection(path: copy, mode: .readOnly)
            _ = try copied.scalarInt("PRAGMA application_id")
            return (copied, copy)
        }
    }

    /// True when `path-wal` holds bytes that do not start with a WAL header's magic number
    /// (0x377f0682 or 0x377f0683): no writer made it, so no writer is using it.
    static func hasForeignWAL(_ path: String) -> Bool {
        let descriptor = open(path + "-wal", O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, status.st_size > 0 else {
            return false
        }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = read(descriptor, &magic, 4)
        return count != 4 || magic[0] != 0x37 || magic[1] != 0x7F || magic[2] != 0x06
            || (magic[3] != 0x82 && magic[3] != 0x83)
    }

    deinit {
        if let recoveredCopy { Self.removeCopy(recoveredCopy) }
    }

    /// Private copies still on disk: removed by `deinit`, or at exit (commands end with `exit`,
    /// which runs no deinit), so no copy outlives the process.
    private static let copies = Mutex<[String]>([])

    static func registerCopy(_ copy: String) {
        let first = copies.withLock { list in
            list.append(copy)
            return list.count == 1
        }
        if first { atexit { CaptureReader.copies.withLock { $0 }.forEach(CaptureReader.removeFiles) } }
    }

    static func removeCopy(_ copy: String) {
        removeFiles(copy)
        copies.withLock { $0.removeAll { $0 == copy } }
    }

    private static func removeFiles(_ copy: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
    }

    public init(path: String) throws(CaptureError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missing(path: path)
        }
        if isDirectory.boolValue { throw .isDirectory(path: path) }
        if let problem = Connection.notARegularFile(path) { throw .notACapture(path: path, reason: problem) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied")
        }
        writerWasLive = Self.probeWriter(path)
        do {
            (connection, recoveredCopy) = try Self.openReadOnly(path)
        } catch {
            throw CaptureError.reading(error)
        }
        do {
            let applicationID = try connection.scalarInt("PRAGMA application_id") ?? 0
            if applicationID == Int64(CaptureSchema.applicationID),
                let problem = try connection.schemaProblem(tables: [("events", "seq"), ("meta", "key")])
            {
                throw CaptureError.notACapture(path: path, reason: problem)
            }
            let tables = try Self.columns(of: "events", in: connection)
            let metaColumns = try Self.columns(of: "meta", in: connection)
            if applicationID != Int64(CaptureSchema.applicationID) {
                if tables.isEmpty && metaColumns.isEmpty {
                    throw CaptureError.notACapture(path: path, reason: "no events table")
                }
                throw CaptureError.notACapture(path: path, reason: "application id \(applicationID) is not replay's")
            }
            guard !metaColumns.isEmpty else { throw CaptureError.notACapture(path: path, reason: "no meta table") }
            guard !tables.isEmpty else { throw CaptureError.notACapture(path: path, reason: "no events table") }
            guard tables == CaptureSchema.eventColumns else {
                throw CaptureError.notACapture(
                    path: path,
                    reason:
                        "events has columns \(tables.joined(separator: ", ")), expected \(CaptureSchema.eventColumns.joined(separator: ", "))"
                )
            }
            guard metaColumns == CaptureSchema.metaColumns else {
                throw CaptureError.notACapture(
                    path: path, reason: "meta has columns \(metaColumns.joined(separator: ", "))")
            }
            var entries: [(key: String, value: String)] = []
            let statement = try connection.prepare("SELECT key, value FROM meta ORDER BY key")
            while try statement.step() {
                entries.append((statement.text(0) ?? "", statement.text(1) ?? ""))
            }
            meta = entries
        } catch let error as CaptureError {
            throw error
        } catch let error as SQLiteError {
            throw CaptureError.reading(error)
        } catch {
            throw .corrupt(path: path, detail: "\(error)")
        }
        guard let version = metaValue("format_version") else {
            throw .notACapture(path: path, reason: "meta has no format_version")
        }
        guard let number = Int(version), CaptureSchema.readableVersions.contains(number) else {
            throw .unsupportedVersion(path: path, found: version, supported: CaptureSchema.readableVersions)
        }
        for key in CaptureSchema.requiredMetaKeys where metaValue(key) == nil {
            throw .notACapture(path: path, reason: "meta has no \(key)")
        }
    }

    private static func columns(of table: String, in connection: Connection) throws(SQLiteError) -> [String] {
        let statement = try connection.prepare("PRAGMA table_info(\(table))")
        var names: [String] = []
        while try statement.step() { names.append(statement.text(1) ?? "") }
        return names
    }

    public func metaValue(_ key: String) -> String? {
        meta.first { $0.key == key }?.value
    }

    public var status: CaptureStatus? { metaValue("status").flatMap(CaptureStatus.init(rawValue:)) }

    /// Rows in `events` (not what meta claims).
    public func countEvents() throws(CaptureError) -> Int {
        do { return Int(try connection.scalarInt("SELECT count(*) FROM events") ?? 0) } catch {
            throw CaptureError.reading(error)
        }
    }

    /// What meta says that the log contradicts: meta's mode, seed, scenario and options are copies
    /// of `run.started`, written before the first event, and "complete" names the last event, its
    /// seq and its hash; a difference is a file altered after it was written. Nil when they agree
    /// or there is no event. Cheap: two rows read, whatever the log's length, and read once per
    /// open (a command's first look and `Verifier` share the answer).
    public func metaDisagreement() throws(CaptureError) -> String? {
        if let checkedMeta { return checkedMeta }
        let found = try findMetaDisagreement()
        checkedMeta = .some(found)
        return found
    }

    /// `metaDisagreement`'s answer once worked out.
    private var checkedMeta: String??

    private func findMetaDisagreement() throws(CaptureError) -> String? {
        let first: (type: String, payload: String)
        do {
            let statement = try connection.prepare("SELECT type, payload FROM events WHERE seq = 1")
            guard try statement.step() else { return nil }
            first = (statement.text(0) ?? "", statement.text(1) ?? "")
        } catch { throw CaptureError.reading(error) }
        guard first.type == "run.started", let started = try? JSONParser.parse(first.payload) else {
            return "the log does not start with run.started"
        }
        if let version = try? userVersion(), String(version) != metaValue("format_version") {
            return
                "PRAGMA user_version is \(version) but meta.format_version is \(metaValue("format_version") ?? "missing")"
        }
        for key in ["mode", "seed", "scenario"] {
            let value = started[key].map { $0.stringValue ?? $0.intValue.map(String.init) ?? "" }
            if metaValue(key) != value {
                return "meta.\(key) is \(metaValue(key) ?? "missing") but run.started says \(value ?? "nothing")"
            }
        }
        // meta.options holds run.started's fields plus `fail_at` (the captures of the first
        // version hold fewer of them): every one it holds must be run.started's.
        guard case .object(let fields)? = metaValue("options").flatMap({ try? JSONParser.parse($0) }) else {
            return "meta.options is not a JSON object"
        }
        for (key, value) in fields where key != "fail_at" && started[key] != value {
            return "meta.options differs from run.started (\(key))"
        }
        // "complete" is a claim about the whole log: its count, its head and its last event.
        if status == .complete {
            let last: (seq: Int, type: String, hash: [UInt8])
            do {
                let statement = try connection.prepare("SELECT seq, type, hash FROM events ORDER BY seq DESC LIMIT 1")
                guard try statement.step() else { return "meta says complete, but the log has no event" }
                last = (statement.int(0), statement.text(1) ?? "", statement.bytes(2))
            } catch { throw CaptureError.reading(error) }
            if last.type != "run.completed" {
                return "meta says complete, but the log ends with \(last.type), not run.completed"
            }
            if metaValue("event_count") != String(last.seq) {
                return
                    "meta.event_count is \(metaValue("event_count") ?? "missing") but the log ends at seq \(last.seq)"
            }
            if metaValue("head_hash") != last.hash.hexString {
                return "meta.head_hash does not match the last event's hash"
            }
        }
        return nil
    }

    /// The distinct values of `restaurant` or `booking` that start with `prefix`, sorted, at most
    /// `limit` (for `show --booking PREFIX`: a unique prefix names its id, like git).
    public func ids(in column: IDColumn, startingWith prefix: String, limit: Int = 5) throws(CaptureError) -> [String] {
        do {
            let statement = try connection.prepare(
                "SELECT DISTINCT \(column.rawValue) FROM events WHERE substr(\(column.rawValue), 1, length(?1)) = ?1 ORDER BY 1 LIMIT \(max(1, limit))"
            )
            try statement.bind(prefix, at: 1)
            var found: [String] = []
            while try statement.step() { if let id = statement.text(0) { found.append(id) } }
            return found
        } catch { throw CaptureError.reading(error) }
    }

    public enum IDColumn: String, Sendable { case restaurant, booking }

    /// `PRAGMA user_version`: the format the file says it has (meta.format_version must agree).
    public func userVersion() throws(CaptureError) -> Int {
        do { return Int(try connection.scalarInt("PRAGMA user_version") ?? 0) } catch {
            throw CaptureError.reading(error)
        }
    }

    /// SQLite's own page-level check ("ok" or the first problems).
    public func quickCheck() throws(CaptureError) -> String {
        do { return try connection.scalarText("PRAGMA quick_check") ?? "no answer" } catch {
            throw CaptureError.reading(error)
        }
    }

    /// The last restaurant and booking ids read: consecutive events mostly share them, and a
    /// repeated id is then not decoded into a new String.
    struct RecentIDs {
        var restaurant = RecentText(), booking = RecentText()
    }

    struct RecentText {
        var bytes: [UInt8] = []
        var text: String?

        mutating func text(_ statement: Statement, _ column: Int32) -> String? {
            let buffer = statement.textBuffer(column)
            guard let base = buffer.baseAddress else { return nil }  // NULL (the column's type was checked)
            guard buffer.count > 0 else { return "" }
            if let text, bytes.count == buffer.count,
                bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base, buffer.count) == 0 })
            {
                return text
            }
            bytes = Array(buffer)
            text = String(decoding: buffer, as: UTF8.self)
            return text
        }
    }

    /// The current row of `statement` as a borrowed `RawEvent`, its columns' storage types checked.
    func decodeRow(_ statement: Statement, recent: inout RecentIDs) throws(CaptureError) -> RawEvent {
        let seq = statement.int(0)
        let restaurant = statement.storageClass(3)
        let booking = statement.storageClass(4)
        guard statement.storageClass(1) == .text, statement.storageClass(2) == .integer,
            statement.storageClass(5) == .text, statement.storageClass(6) == .blob,
            restaurant == .text || restaurant == .null, booking == .text || booking == .null
        else {
            throw .corrupt(path: path, detail: "event \(seq) has a column of the wrong type")
        }
        // replay writes NULL or a name, never '': with '' ruled out, NULL and '' cannot stand for
        // each other in the hash input (where both are empty).
        if (restaurant == .text && statement.textBuffer(3).isEmpty)
            || (booking == .text && statement.textBuffer(4).isEmpty)
        {
            throw .corrupt(
                path: path,
                detail:
                    "event \(seq) has an empty \(restaurant == .text && statement.textBuffer(3).isEmpty ? "restaurant" : "booking") (replay writes NULL or a name)"
            )
        }
        // The borrowed buffers stay valid until the next step: no column is converted (types checked above).
        return RawEvent(
            seq: seq, type: statement.textBuffer(1), at: statement.int(2),
            restaurant: recent.restaurant.text(statement, 3), booking: recent.booking.text(statement, 4),
            payload: statement.textBuffer(5))
    }
}
