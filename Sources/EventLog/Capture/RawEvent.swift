#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// One row of `events` as SQLite holds it while a statement is on it: the type and payload are
/// borrowed bytes, valid only until the `CaptureStream.next()` after the one that gave them.
/// Folding reads payloads in place through this, instead of copying each into a String.
public struct RawEvent {
    public var seq: Int
    public var type: UnsafeBufferPointer<UInt8>
    public var at: Int
    public var restaurant: String?
    public var booking: String?
    public var payload: UnsafeBufferPointer<UInt8>

    /// A row over buffers the caller keeps alive while the row is used (a copy of SQLite's, to
    /// decode on another thread).
    public init(
        seq: Int, type: UnsafeBufferPointer<UInt8>, at: Int, restaurant: String?, booking: String?,
        payload: UnsafeBufferPointer<UInt8>
    ) {
        self.seq = seq
        self.type = type
        self.at = at
        self.restaurant = restaurant
        self.booking = booking
        self.payload = payload
    }
}

extension EventRecord {
    /// The owned copy of a borrowed row, with the hash the stream checked it against.
    public init(_ row: RawEvent, hash: [UInt8]) {
        self.init(
            seq: row.seq, type: String(decoding: row.type, as: UTF8.self), at: row.at, restaurant: row.restaurant,
            booking: row.booking, payload: String(decoding: row.payload, as: UTF8.self), hash: hash)
    }
}

extension RawEvent {
    /// The stored fields, by name, whose values differ from an event's (re-execution compares
    /// what it produces with the borrowed row, copying nothing): type, at, restaurant, booking,
    /// payload, and hash when any of those differ (the chain up to here being the same).
    public func differingFields(type: String, at: Int, restaurant: String?, booking: String?, payload: String)
        -> [String]
    {
        var fields: [String] = []
        if !Self.same(self.type, type) { fields.append("type") }
        if self.at != at { fields.append("at") }
        if self.restaurant != restaurant { fields.append("restaurant") }
        if self.booking != booking { fields.append("booking") }
        if !Self.same(self.payload, payload) { fields.append("payload") }
        if !fields.isEmpty { fields.append("hash") }
        return fields
    }

    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count
                && (utf8.count == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress!, utf8.count) == 0)
        }
    }
}
