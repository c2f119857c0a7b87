/// What holds and assignments cover each table: the allocator's view of the floor's state. Built
/// and changed only by the projections (applying events); the allocator only reads it.
public struct Occupancy: Sendable {
    public enum Kind: String, Sendable { case hold, assignment }

    /// One hold or assignment on one table.
    public struct Occupation: Equatable, Sendable {
        public var kind: Kind
        /// The hold's or assignment's id.
        public var id: String
        public var booking: String
        public var startMinute: Int
        public var endMinute: Int
        /// Virtual seconds; holds only (assignments never expire).
        public var expiresAt: Int?

        public init(kind: Kind, id: String, booking: String, startMinute: Int, endMinute: Int, expiresAt: Int?) {
            self.kind = kind
            self.id = id
            self.booking = booking
            self.startMinute = startMinute
            self.endMinute = endMinute
            self.expiresAt = expiresAt
        }
    }

    /// Per table index, in the order they were placed.
    public private(set) var tables: [[Occupation]]
    /// Changes whenever an occupation is added or removed: results computed from the same
    /// version are still valid (the look-ahead's cache relies on it).
    public private(set) var version = 0

    public init(tableCount: Int) { tables = Array(repeating: [], count: tableCount) }

    public mutating func add(_ occupation: Occupation, on set: TableSet) {
        for index in set { tables[index].append(occupation) }
        version += 1
    }

    /// Removes the hold or assignment with this id from the given tables.
    public mutating func remove(id: String, from set: TableSet) {
        for index in set { tables[index].removeAll { $0.id == id } }
        version += 1
    }

    /// The first occupation that blocks `booking` from `table` during `window` at virtual time
    /// `now`: an overlapping assignment of another booking, or an overlapping hold of another
    /// booking that has not expired. A booking's own holds never block it (the original's bug),
    /// nor its own assignment (only an edit quotes a seated booking: its tables are free for it).
    public func blocker(table: Int, window: BookingWindow, booking: String, now: Int) -> Occupation? {
        for occupation in tables[table]
        where window.overlaps(startMinute: occupation.startMinute, endMinute: occupation.endMinute) {
            switch occupation.kind {
            case .assignment: if occupation.booking != booking { return occupation }
            case .hold:
                if occupation.booking != booking, (occupation.expiresAt ?? Int.max) > now { return occupation }
            }
        }
        return nil
    }

    /// Blockers of a whole set, in table order.
    public func blockers(of set: TableSet, window: BookingWindow, booking: String, now: Int) -> [(
        table: Int, occupation: Occupation
    )] {
        var found: [(table: Int, occupation: Occupation)] = []
        for index in set {
            if let occupation = blocker(table: index, window: window, booking: booking, now: now) {
                found.append((index, occupation))
            }
        }
        return found
    }
}
