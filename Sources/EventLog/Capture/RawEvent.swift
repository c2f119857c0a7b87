/// One row of `events` as SQLite holds it while a statement is on it: the type and payload are
/// borrowed bytes, valid only during the `CaptureReader.forEachRawEvent` callback that receives
/// them. Folding reads payloads in place through this, instead of copying each into a String.
public struct RawEvent {
    public var seq: Int
    public var type: UnsafeBufferPointer<UInt8>
    public var at: Int
    public var restaurant: String?
    public var booking: String?
    public var payload: UnsafeBufferPointer<UInt8>
    /// Empty unless hashes were asked for.
    public var hash: [UInt8]
}

extension EventRecord {
    /// The owned copy of a borrowed row.
    init(_ row: RawEvent) {
        self.init(seq: row.seq, type: String(decoding: row.type, as: UTF8.self), at: row.at, restaurant: row.restaurant,
                  booking: row.booking, payload: String(decoding: row.payload, as: UTF8.self), hash: row.hash)
    }
}
