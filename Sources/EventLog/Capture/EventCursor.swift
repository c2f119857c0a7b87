/// Pulls a capture's events one at a time in seq order (for comparing a re-executed run with the
/// recording without holding either in memory).
public final class EventCursor {
    private let reader: CaptureReader
    private let statement: Statement
    private var recent = CaptureReader.RecentIDs()
    /// Checked as it pulls, like `CaptureReader.forEachEvent`: seq gapless from 1, the hash chain.
    private var chain = HashChain()
    private var expected = 1

    init(reader: CaptureReader) throws(CaptureError) {
        self.reader = reader
        do {
            statement = try reader.connection.prepare(
                "SELECT seq, type, at, restaurant, booking, payload, hash FROM events ORDER BY seq")
        } catch { throw CaptureError.reading(error) }
    }

    /// The next event, or nil at the end.
    public func next() throws(CaptureError) -> EventRecord? {
        let hasRow: Bool
        do { hasRow = try statement.step() } catch { throw CaptureError.reading(error) }
        guard hasRow else { return nil }
        let row = try reader.decodeRow(statement, recent: &recent)
        try reader.checkLink(row, expected: &expected, chain: &chain, stored: statement.blobBuffer(6))
        return EventRecord(row)
    }
}

extension CaptureReader {
    public func cursor() throws(CaptureError) -> EventCursor { try EventCursor(reader: self) }
}
