import CanonicalJSON

/// One row of the `events` table: the untyped, stored form of an event.
public struct EventRecord: Equatable, Sendable {
    public var seq: Int
    public var type: String
    /// Virtual time in seconds since midnight of the service date.
    public var at: Int
    public var restaurant: String?
    public var booking: String?
    /// Canonical JSON.
    public var payload: String
    /// SHA-256 chaining this event to the previous one (see `HashChain`).
    public var hash: [UInt8]

    public init(
        seq: Int, type: String, at: Int, restaurant: String?, booking: String?, payload: String, hash: [UInt8] = []
    ) {
        self.seq = seq
        self.type = type
        self.at = at
        self.restaurant = restaurant
        self.booking = booking
        self.payload = payload
        self.hash = hash
    }

    /// The fields, by name, whose values differ between two records (for divergence reports).
    public func differingFields(from other: EventRecord) -> [String] {
        var fields: [String] = []
        if seq != other.seq { fields.append("seq") }
        if type != other.type { fields.append("type") }
        if at != other.at { fields.append("at") }
        if restaurant != other.restaurant { fields.append("restaurant") }
        if booking != other.booking { fields.append("booking") }
        if payload != other.payload { fields.append("payload") }
        if hash != other.hash { fields.append("hash") }
        return fields
    }
}

extension EventRecord {
    /// The record as a JSON object, payload embedded as it is stored: a `show --json` line (with
    /// its hash) and an event of `diff --json` (without).
    public func writeJSON(to w: inout JSONWriter, withHash: Bool) {
        w.beginObject()
        w.field("seq", seq)
        w.field("type", type)
        w.field("at", at)
        w.field("restaurant", restaurant)
        w.field("booking", booking)
        w.key("payload")
        w.raw(payload)
        if withHash { w.field("hash", hash.hexString) }
        w.endObject()
    }
}
