import CanonicalJSON
import Foundation

/// Appends events to a new capture file.
///
/// Designed for a killed process: the file is in WAL mode with `synchronous=NORMAL` while
/// recording and events are committed in batches, each batch in one transaction together with
/// `meta.event_count` and `meta.head_hash`, so whatever survives is a gapless, hash-chained prefix
/// whose `meta` describes it. Only `finish` sets `status` to `complete`.
public final class CaptureWriter {
    /// Raised by `append` when `--fail-at` says the process should "die" before this event.
    public struct SimulatedCrash: Error, CustomStringConvertible, Sendable {
        public let seq: Int
        public var description: String { "stopped before event \(seq) as asked by --fail-at" }
    }

    public let path: String
    public private(set) var eventCount = 0
    public var headHash: [UInt8] { chain.head }

    private let connection: Connection
    private var chain = HashChain()
    private let batchSize: Int
    private let failAt: Int?
    private var inTransaction = false
    /// True once an append failed: the open batch is not to be committed.
    private var appendFailed = false
    /// The insert, prepared on first use and kept (a cache lookup by SQL text per event costs
    /// more than binding it).
    private var insertStatement: Statement?
    private var pendingInBatch = 0
    private var closed = false
    /// Held (`flock`, exclusive) while this writer is alive: readers probe it to tell a capture
    /// still being written from one whose writer stopped. The kernel drops it if the process dies.
    private var writerLock: Int32 = -1

    /// Creates the file (refusing an existing one) with the schema and the given meta entries.
    /// `meta` must not repeat the keys the writer maintains (`status`, `event_count`, `head_hash`,
    /// `format_version`).
    /// `formatVersion`: `CaptureSchema.formatVersion`, or `engineFormatVersion` for a run with an outside engine.
    public init(
        path: String, meta: [(key: String, value: String)], formatVersion: Int = CaptureSchema.formatVersion,
        batchSize: Int = 4096,
        failAt: Int? = nil
    ) throws(CaptureError) {
        self.path = path
        self.batchSize = max(1, batchSize)
        self.failAt = failAt
        if FileManager.default.fileExists(atPath: path) { throw .outputExists(path: path) }
        // The schema and the first meta entries are written to a staging file in one rollback-
        // journal transaction and only then renamed into place: a process killed while creating
        // leaves no capture at all, never a file that is not yet one.
        // A staging name of this writer's own: two writers on one path never share one.
        let staging = path + ".partial-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        do {
            let setup = try Connection(path: staging, mode: .create)
            try setup.transaction {
                try setup.execute(
                    """
                    PRAGMA application_id=\(CaptureSchema.applicationID);
                    PRAGMA user_version=\(formatVersion);
                    """)
                try setup.execute(CaptureSchema.createStatements)
                let insert = try setup.prepare("INSERT INTO meta(key, value) VALUES (?, ?)")
                let fixed: [(key: String, value: String)] = [
                    ("format_version", String(formatVersion)),
                    ("status", CaptureStatus.recording.rawValue),
                    ("event_count", "0"),
                    ("head_hash", "")
                ]
                for entry in fixed + meta {
                    insert.reset()
                    try insert.bind(entry.key, at: 1)
                    try insert.bind(entry.value, at: 2)
                    try insert.step()
                }
            }
        } catch let error as SQLiteError {
            try? FileManager.default.removeItem(atPath: staging)
            throw error.isFull ? .diskFull(path: path) : .cannotCreate(path: path, detail: error.message)
        } catch {
            try? FileManager.default.removeItem(atPath: staging)
            throw .cannotCreate(path: path, detail: "\(error)")
        }
        // Locked before the rename, on the file's inode, so the capture is never visible unlocked
        // while its writer lives.
        writerLock = open(staging, O_RDONLY | O_CLOEXEC)
        if writerLock >= 0 { _ = flock(writerLock, LOCK_EX | LOCK_NB) }
        // Published with link(2), which fails when the path exists (rename would replace it): of
        // two writers racing for one path exactly one wins; the other gets "already exists".
        let published = link(staging, path) == 0 ? 0 : errno
        try? FileManager.default.removeItem(atPath: staging)
        try? FileManager.default.removeItem(atPath: staging + "-journal")
        guard published == 0 else {
            if writerLock >= 0 {
                close(writerLock)
                writerLock = -1
            }
            if published == EEXIST { throw .outputExists(path: path) }
            throw .cannotCreate(
                path: path, detail: "cannot move the new capture into place: \(String(cString: strerror(published)))")
        }
        do {
            connection = try Connection(path: path, mode: .create)
            try connection.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        } catch {
            throw .cannotCreate(path: path, detail: error.message)
        }
    }

    /// For tests of resource faults: limits the file's size so that SQLite reports a full disk.
    public func limitPages(_ pages: Int) throws(CaptureError) {
        do { try connection.setMaxPageCount(pages) } catch { throw .sqlite(error) }
    }

    /// Appends one event and returns it as stored (with its seq and hash).
    @discardableResult
    public func append(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws
        -> EventRecord
    {
        let seq = eventCount + 1
        if let failAt, seq >= failAt {
            try commitBatch()
            throw SimulatedCrash(seq: seq)
        }
        let hash = chain.append(
            seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
        do {
            if !inTransaction {
                try connection.execute("BEGIN IMMEDIATE")
                inTransaction = true
            }
            let insert: Statement
            if let prepared = insertStatement {
                prepared.reset()
                insert = prepared
            } else {
                insert = try connection.cachedStatement(
                    "INSERT INTO events(seq, type, at, restaurant, booking, payload, hash) VALUES (?, ?, ?, ?, ?, ?, ?)"
                )
                insertStatement = insert
            }
            try insert.bind(seq, at: 1)
            try insert.bind(type, at: 2)
            try insert.bind(at, at: 3)
            try insert.bind(restaurant, at: 4)
            try insert.bind(booking, at: 5)
            try insert.bind(payload, at: 6)
            try insert.bind(bytes: hash, at: 7)
            try insert.step()
        } catch {
            appendFailed = true
            throw error.isFull ? CaptureError.diskFull(path: path) : CaptureError.sqlite(error)
        }
        eventCount = seq
        pendingInBatch += 1
        if pendingInBatch >= batchSize { try commitBatch() }
        return EventRecord(
            seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload, hash: hash)
    }

    /// Commits the open batch together with the meta entries that describe it.
    public func commitBatch() throws {
        guard inTransaction else { return }
        // SQLite may have rolled the batch back by itself (a full disk): then nothing of it is in
        // the file, and meta must not be written as if it were (it would commit on its own).
        guard connection.isInTransaction else {
            inTransaction = false
            appendFailed = true
            throw CaptureError.diskFull(path: path)
        }
        do {
            try setMeta("event_count", String(eventCount))
            try setMeta("head_hash", chain.head.hexString)
            try connection.execute("COMMIT")
            inTransaction = false
            pendingInBatch = 0
        } catch let error as SQLiteError {
            throw error.isFull ? CaptureError.diskFull(path: path) : CaptureError.sqlite(error)
        }
    }

    /// Commits everything, adds the final meta entries, marks the capture complete and leaves one
    /// self-contained file (WAL checkpointed, journal back to DELETE).
    /// `formatVersion`: raise the capture's format as it completes (a run that reached a budget
    /// wrote format-3 fields, which it only knows at the end).
    public func finish(meta: [(key: String, value: String)] = [], formatVersion: Int? = nil) throws {
        try commitBatch()
        do {
            try connection.transaction {
                for entry in meta { try setMeta(entry.key, entry.value) }
                if let formatVersion {
                    try setMeta("format_version", String(formatVersion))
                    try connection.execute("PRAGMA user_version=\(formatVersion)")
                }
                try setMeta("status", CaptureStatus.complete.rawValue)
            }
        } catch let error as SQLiteError {
            throw error.isFull ? CaptureError.diskFull(path: path) : CaptureError.sqlite(error)
        }
        closed = true
        isSingleFile = makeSingleFile()
        releaseWriterLock()
    }

    /// False when the capture stayed in WAL mode: it is complete, but its `-wal` file must travel
    /// with it. `singleFileProblem` says why.
    public private(set) var isSingleFile = false
    /// Why the capture stayed in WAL mode: readers held it open, or the disk is full.
    public private(set) var singleFileProblem: String?

    /// Checkpoints the WAL into the file and leaves WAL mode. Readers attached to the capture
    /// (`replay show` during recording) can hold this off; it is retried for about ten seconds.
    /// A full disk is not retried (no reader is to blame, and waiting frees nothing).
    private func makeSingleFile() -> Bool {
        for attempt in 0..<50 {
            if attempt > 0 { usleep(200_000) }
            do {
                try connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
                if try connection.scalarText("PRAGMA journal_mode") == "delete" { return true }
            } catch  where error.isFull {
                singleFileProblem = "the disk is full"
                return false
            } catch {
                continue
            }
        }
        singleFileProblem = "readers held it open"
        return false
    }

    /// Marks the capture aborted after an error, keeping every event written so far (the open
    /// batch is committed; only when that fails, on a full disk, is it rolled back to the last
    /// commit). Best effort: when even marking fails, the status stays `recording`, which
    /// readers also treat as incomplete. `reason` goes to `meta.abort_reason` (e.g. `engine_failed`).
    /// Returns whether the status could be written.
    @discardableResult
    public func abort(reason: String? = nil) -> Bool {
        guard !closed else { return false }
        // After a failed append the open batch (and the chain's head) include an event that is not
        // in the table: only the last commit is kept then.
        if inTransaction, appendFailed || !connection.isInTransaction || (try? commitBatch()) == nil {
            if connection.isInTransaction { try? connection.execute("ROLLBACK") }
            inTransaction = false
        }
        try? connection.setMaxPageCount(1 << 30)
        var marked = true
        do {
            try connection.transaction { () throws -> Void in
                try setMeta("status", CaptureStatus.aborted.rawValue)
                if let reason { try setMeta("abort_reason", reason) }
            }
        } catch {
            marked = false
        }
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        closed = true
        releaseWriterLock()
        return marked
    }

    /// Leaves the events as a killed process would (the open batch was committed: the crash is
    /// simulated right after a commit; the status stays `recording`), but as one file: the WAL
    /// is checkpointed, so no `-wal`/`-shm` is left beside it.
    public func abandon() {
        try? connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        closed = true
        releaseWriterLock()
    }

    /// Drops the flock but keeps the descriptor: closing a descriptor on the file would drop
    /// SQLite's own POSIX locks while its connection is open. It is closed with the writer.
    private func releaseWriterLock() {
        if writerLock >= 0 { flock(writerLock, LOCK_UN) }
    }

    deinit {
        if writerLock >= 0 { close(writerLock) }
    }

    private func setMeta(_ key: String, _ value: String) throws {
        let statement = try connection.cachedStatement("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)")
        try statement.bind(key, at: 1)
        try statement.bind(value, at: 2)
        try statement.step()
    }
}
