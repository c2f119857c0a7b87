/// A table on a restaurant's floor.
public struct Table: Equatable, Sendable {
    public var id: String
    public var zone: String
    public var minCovers: Int
    public var maxCovers: Int
    /// Recorded and reported; the allocator does not use it (see docs/allocator.md).
    public var movable: Bool
    public var active: Bool

    public init(id: String, zone: String, minCovers: Int, maxCovers: Int, movable: Bool = false, active: Bool = true) {
        self.id = id
        self.zone = zone
        self.minCovers = minCovers
        self.maxCovers = maxCovers
        self.movable = movable
        self.active = active
    }

    /// A party this table can seat on its own.
    public func fits(party partySize: Int) -> Bool { partySize >= minCovers && partySize <= maxCovers }
}
