#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The hash chain of a capture. For event n:
///
///     hash(n) = SHA-256( hash(n-1) || UTF-8("<seq>\n<type>\n<at>\n<restaurant>\n<booking>\n<payload>") )
///
/// with `hash(0)` = 32 zero bytes, integers in decimal, and an absent restaurant or booking as
/// the empty string. docs/capture-format.md shows the same computation in Python.
public struct HashChain: Sendable {
    public static let genesis = [UInt8](repeating: 0, count: 32)

    public private(set) var head: [UInt8]
    private var scratch: [UInt8] = []

    public init(head: [UInt8] = HashChain.genesis) {
        self.head = head
        scratch.reserveCapacity(512)
    }

    /// Hashes the next event onto the chain and returns its hash (what the writer stores).
    public mutating func append(seq: Int, type: String, at: Int, restaurant: String?, booking: String?, payload: String)
        -> [UInt8]
    {
        link(seq: seq, type: type.utf8, at: at, restaurant: restaurant, booking: booking, payload: payload.utf8)
        return head
    }

    /// Hashes a borrowed row onto the chain (the stream's check) and says whether the row's stored
    /// hash is the one the chain gives.
    mutating func appendAndCompare(_ row: RawEvent, stored: UnsafeRawBufferPointer) -> Bool {
        link(
            seq: row.seq, type: row.type, at: row.at, restaurant: row.restaurant, booking: row.booking,
            payload: row.payload)
        return stored.count == head.count
            && head.withUnsafeBytes { memcmp($0.baseAddress!, stored.baseAddress!, head.count) == 0 }
    }

    /// The one place the hash input is laid out (see the type's comment), over owned or borrowed
    /// bytes alike.
    private mutating func link(
        seq: Int, type: some Collection<UInt8>, at: Int, restaurant: String?, booking: String?,
        payload: some Collection<UInt8>
    ) {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: head)
        appendDecimal(seq)
        scratch.append(0x0A)
        scratch.append(contentsOf: type)
        scratch.append(0x0A)
        appendDecimal(at)
        scratch.append(0x0A)
        if let restaurant { scratch.append(contentsOf: restaurant.utf8) }
        scratch.append(0x0A)
        if let booking { scratch.append(contentsOf: booking.utf8) }
        scratch.append(0x0A)
        scratch.append(contentsOf: payload)
        head = scratch.withUnsafeBytes { SHA256.hash($0) }
    }

    /// The hash `record` should carry after `previous`.
    public static func hash(of record: EventRecord, after previous: [UInt8]) -> [UInt8] {
        var chain = HashChain(head: previous)
        return chain.append(
            seq: record.seq, type: record.type, at: record.at,
            restaurant: record.restaurant, booking: record.booking, payload: record.payload)
    }

    private mutating func appendDecimal(_ value: Int) {
        if value < 0 { scratch.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        if magnitude == 0 {
            scratch.append(UInt8(ascii: "0"))
            return
        }
        let start = scratch.count
        while magnitude > 0 {
            scratch.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        }
        scratch[start...].reverse()
    }
}
