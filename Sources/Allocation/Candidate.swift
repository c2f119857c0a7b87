/// A table set the allocator offers for a booking, with the figures that ranked it.
public struct Candidate: Equatable, Sendable {
    public var tables: TableSet
    public var capacity: Int
    public var spareSeats: Int
    /// Adjacency depth (see `Score`).
    public var depth: Int
    /// Millionths of a point; lower is better.
    public var score: Int

    public init(tables: TableSet, capacity: Int, spareSeats: Int, depth: Int, score: Int) {
        self.tables = tables
        self.capacity = capacity
        self.spareSeats = spareSeats
        self.depth = depth
        self.score = score
    }

    /// The ranking: score, then spare seats, table count, total capacity, then table ids.
    public static func ranksBefore(_ lhs: Candidate, _ rhs: Candidate) -> Bool {
        if lhs.score != rhs.score { return lhs.score < rhs.score }
        if lhs.spareSeats != rhs.spareSeats { return lhs.spareSeats < rhs.spareSeats }
        if lhs.tables.count != rhs.tables.count { return lhs.tables.count < rhs.tables.count }
        if lhs.capacity != rhs.capacity { return lhs.capacity < rhs.capacity }
        return lhs.tables < rhs.tables
    }
}
