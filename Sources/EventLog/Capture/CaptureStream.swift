/// The one way a capture's events are read: pulled one at a time in seq order, each row checked
/// as it comes (seq gapless from 1, no row hiding below it, the hash chain), so no command shows,
/// folds or compares an altered log, and no command checks the chain twice. A row is borrowed:
/// its type and payload are SQLite's bytes, valid until the next `next()`.
///
/// Commands pull from one stream for everything they do with a capture: `replay run` reads the
/// inputs and then compares the rest, `verify` folds while it checks, `diff` zips two streams,
/// `show` lists and folds, and `--at` folds and stops. A stream can be handed on: a fold that
/// stops at a seq leaves the stream on the next row.
public final class CaptureStream {
    public let path: String
    /// Kept alive while the statement is open on its connection.
    private let reader: CaptureReader
    private let statement: Statement
    private var recent = CaptureReader.RecentIDs()
    /// The chain over every row read so far: after `next()`, its head is that row's hash.
    public private(set) var chain = HashChain()
    private var expected = 1
    /// The first error: a stream that met a bad row or a failed read says so again on every
    /// later pull, whoever pulls (a fold's reading thread may meet it and stop before its
    /// caller asks).
    private var failure: CaptureError?
    /// Past the last row: SQLite would start the statement over on another step.
    private var ended = false

    init(reader: CaptureReader) throws(CaptureError) {
        self.reader = reader
        path = reader.path
        do {
            statement = try reader.connection.prepare(
                "SELECT seq, type, at, restaurant, booking, payload, hash FROM events ORDER BY seq")
        } catch { throw CaptureError.reading(error) }
    }

    /// The seq of the last row read (0 before the first).
    public var lastSeq: Int { expected - 1 }

    /// The hash of the last row read (32 zero bytes before the first; not meaningful once a
    /// row failed its check).
    public var head: [UInt8] { chain.head }

    /// The next row, borrowed until the next call; nil at the end of the log. The first bad row
    /// is `CaptureError.corrupt`, naming it.
    public func next() throws(CaptureError) -> RawEvent? {
        if let failure { throw failure }
        guard !ended else { return nil }
        do throws(CaptureError) {
            let hasRow: Bool
            do { hasRow = try statement.step() } catch { throw CaptureError.reading(error) }
            guard hasRow else {
                ended = true
                return nil
            }
            let row = try reader.decodeRow(statement, recent: &recent)
            try check(row, stored: statement.blobBuffer(6))
            return row
        } catch {
            failure = error
            throw error
        }
    }

    /// The next row as an owned record (its hash the one the chain checked), or nil at the end.
    public func nextRecord() throws(CaptureError) -> EventRecord? {
        guard let row = try next() else { return nil }
        return EventRecord(row, hash: chain.head)
    }

    /// One link of the check: the row has the next seq, and its stored hash is the one the chain
    /// gives.
    private func check(_ row: RawEvent, stored: UnsafeRawBufferPointer) throws(CaptureError) {
        guard row.seq == expected else {
            throw CaptureError.corrupt(
                path: path,
                detail: row.seq < 1
                    ? "a row has seq \(row.seq); seqs start at 1"
                    : "seq \(expected) is missing (the next row has seq \(row.seq))")
        }
        guard chain.appendAndCompare(row, stored: stored) else {
            throw CaptureError.corrupt(
                path: path,
                detail: "event \(row.seq): its hash does not match its content and the chain (the log was altered)")
        }
        expected += 1
    }
}

extension CaptureReader {
    /// A stream of the capture's events from seq 1 (see `CaptureStream`).
    public func stream() throws(CaptureError) -> CaptureStream {
        streamsOpened += 1
        return try CaptureStream(reader: self)
    }

    /// Streams events as owned records in seq order through `last`, checked like `stream()`;
    /// stops when `body` returns false.
    public func forEachEvent(through last: Int = Int.max, _ body: (EventRecord) throws -> Bool) throws {
        let stream = try stream()
        while stream.lastSeq < last, let record = try stream.nextRecord() {
            if try !body(record) { return }
        }
    }
}
