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
    /// The stored fields, by name, in which an event differs from this recorded row, as
    /// re-execution reports them: type, at, restaurant, booking and payload whose values differ
    /// (text compared as Strings), then hash when any stored byte differs (the chain up to here
    /// being the same). The bytes are compared first, in place, so an equal event copies nothing.
    public func differingFields(type: String, at: Int, restaurant: String?, booking: String?, payload: String)
        -> [String]
    {
        var fields: [String] = []
        var bytesDiffer = false
        if !Self.same(self.type, type) {
            bytesDiffer = true
            if String(decoding: self.type, as: UTF8.self) != type { fields.append("type") }
        }
        if self.at != at {
            bytesDiffer = true
            fields.append("at")
        }
        if !Self.same(self.restaurant, restaurant) {
            bytesDiffer = true
            if self.restaurant != restaurant { fields.append("restaurant") }
        }
        if !Self.same(self.booking, booking) {
            bytesDiffer = true
            if self.booking != booking { fields.append("booking") }
        }
        if !Self.same(self.payload, payload) {
            bytesDiffer = true
            if String(decoding: self.payload, as: UTF8.self) != payload { fields.append("payload") }
        }
        if bytesDiffer { fields.append("hash") }
        return fields
    }

    private static func same(_ bytes: UnsafeBufferPointer<UInt8>, _ text: String) -> Bool {
        var text = text
        return text.withUTF8 { utf8 in
            utf8.count == bytes.count
                && (utf8.count == 0 || memcmp(utf8.baseAddress!, bytes.baseAddress!, utf8.count) == 0)
        }
    }

    private static func same(_ recorded: String?, _ produced: String?) -> Bool {
        guard let recorded, let produced else { return recorded == nil && produced == nil }
        return recorded.utf8.elementsEqual(produced.utf8)
    }
}

extension EventRecord {
    /// `RawEvent.differingFields` for a recorded event already read as a record.
    public func differingFields(type: String, at: Int, restaurant: String?, booking: String?, payload: String)
        -> [String]
    {
        var storedType = self.type
        var storedPayload = self.payload
        return storedType.withUTF8 { typeBytes in
            storedPayload.withUTF8 { payloadBytes in
                RawEvent(
                    seq: seq, type: typeBytes, at: self.at, restaurant: self.restaurant, booking: self.booking,
                    payload: payloadBytes
                ).differingFields(type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
            }
        }
    }
}
