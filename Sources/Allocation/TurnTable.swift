/// Turn times by party size: a party takes the time of the smallest listed size at or above it,
/// or of the largest listed size when it is beyond them all.
public struct TurnTable: Equatable, Sendable {
    /// (party size, minutes), sorted by party size.
    public let entries: [(partySize: Int, minutes: Int)]

    public init(_ entries: [(partySize: Int, minutes: Int)]) {
        self.entries = entries.sorted { $0.partySize < $1.partySize }
    }

    /// From the stored form `[[party, minutes], ...]` (entries that are not pairs are dropped).
    public init(pairs: [[Int]]) {
        self.init(pairs.compactMap { $0.count == 2 ? (partySize: $0[0], minutes: $0[1]) : nil })
    }

    /// The stored form, `[[party, minutes], ...]`.
    public var pairs: [[Int]] { entries.map { [$0.partySize, $0.minutes] } }

    public func minutes(forParty partySize: Int) -> Int? {
        for entry in entries where entry.partySize >= partySize { return entry.minutes }
        return entries.last?.minutes
    }

    public static func == (lhs: TurnTable, rhs: TurnTable) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.partySize == $1.partySize && $0.minutes == $1.minutes }
    }
}
