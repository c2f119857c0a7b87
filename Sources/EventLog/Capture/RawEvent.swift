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

    /// A row over buffers the caller keeps alive while the row is used (a copy of SQLite's, to
    /// decode on another thread).
    public init(
        seq: Int, type: UnsafeBufferPointer<UInt8>, at: Int, restaurant: String?, booking: String?,
        payload: UnsafeBufferPointer<UInt8>, hash: [UInt8]
    ) {
        self.seq = seq
        self.type = type
        self.at = at
        self.restaurant = restaurant
        self.booking = booking
        self.payload = payload
        self.hash = hash
    }
}

extension EventRecord {
    /// The owned copy of a borrowed row.
    init(_ row: RawEvent) {
        self.init(
            seq: row.seq, type: String(decoding: row.type, as: UTF8.self), at: row.at, restaurant: row.restaurant,
            booking: row.booking, payload: String(decoding: row.payload, as: UTF8.self), hash: row.hash)
    }
}
