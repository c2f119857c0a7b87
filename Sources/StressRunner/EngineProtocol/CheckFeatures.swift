import Allocation

/// What a check case's floor and request hold that allocators often get wrong: the summary of
/// `engine check` says which of these every failing case has in common, against how many
/// passing cases have it too. A bit set, so its order is fixed (never a hashed `Set`).
public struct CheckFeatures: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let busyTouching = CheckFeatures(rawValue: 1 << 0)
    public static let busyWithinBuffer = CheckFeatures(rawValue: 1 << 1)
    public static let threeOrMoreTables = CheckFeatures(rawValue: 1 << 2)
    public static let spareSeatsAtLimit = CheckFeatures(rawValue: 1 << 3)
    public static let singleOverSpareLimit = CheckFeatures(rawValue: 1 << 4)
    public static let memberMinimumAboveParty = CheckFeatures(rawValue: 1 << 5)
    public static let tableWithoutNeighbours = CheckFeatures(rawValue: 1 << 6)
    public static let connectedOnlyThroughALaterTable = CheckFeatures(rawValue: 1 << 7)
    public static let afterMidnight = CheckFeatures(rawValue: 1 << 8)
    public static let hold = CheckFeatures(rawValue: 1 << 9)
    public static let pendingListed = CheckFeatures(rawValue: 1 << 10)
    public static let inactiveTable = CheckFeatures(rawValue: 1 << 11)
    public static let adjacencyRequired = CheckFeatures(rawValue: 1 << 12)

    /// Every feature with its words, in a fixed order: as a case feature ("a busy window that
    /// touches the booking's") and as a missed set's ("a table whose busy window touches the booking's").
    public static let described: [(feature: CheckFeatures, inCase: String, inSet: String)] = [
        (
            .busyTouching, "a busy window that only touches the booking's",
            "a table whose busy window only touches the booking's"
        ),
        (
            .busyWithinBuffer, "a busy window within the buffer of the booking's",
            "a table busy within the buffer of the booking's window"
        ),
        (.threeOrMoreTables, "a feasible set of 3 or more tables", "3 or more tables"),
        (
            .spareSeatsAtLimit, "a feasible combination exactly at the spare-seat limit",
            "exactly the spare seats allowed"
        ),
        (
            .singleOverSpareLimit, "a feasible single table with more spare seats than a combination may have",
            "a single table with more spare seats than a combination may have"
        ),
        (
            .memberMinimumAboveParty, "a feasible combination with a member whose minimum is above the party",
            "a member whose minimum is above the party"
        ),
        (
            .tableWithoutNeighbours, "a feasible set with a table that has no adjacency pair",
            "a table that has no adjacency pair"
        ),
        (
            .connectedOnlyThroughALaterTable, "a feasible set connected only through a table later in id order",
            "tables connected only through a table later in id order"
        ),
        (.afterMidnight, "a booking after midnight", "a booking after midnight"),
        (.hold, "a hold among the busy entries", "a hold among the busy entries"),
        (.pendingListed, "pending bookings in the request", "pending bookings in the request"),
        (.inactiveTable, "an inactive table", "an inactive table"),
        (.adjacencyRequired, "a strategy that requires adjacency", "a strategy that requires adjacency")
    ]

    /// The features of one feasible set (`inSet` words) at a question.
    public static func of(set: TableSet, question: EngineQuestion) -> CheckFeatures {
        let floor = question.floor
        let request = question.request
        var features = CheckFeatures()
        if set.count >= 3 { features.insert(.threeOrMoreTables) }
        let capacity = floor.capacity(of: set)
        if set.count > 1 && capacity == request.partySize + floor.restaurant.maxOverage {
            features.insert(.spareSeatsAtLimit)
        }
        if set.count == 1 && capacity > request.partySize + floor.restaurant.maxOverage {
            features.insert(.singleOverSpareLimit)
        }
        if set.count > 1 && set.contains(where: { floor.tables[$0].minCovers > request.partySize }) {
            features.insert(.memberMinimumAboveParty)
        }
        if set.contains(where: { floor.adjacency[$0].isEmpty }) { features.insert(.tableWithoutNeighbours) }
        if request.strategy.requireAdjacency && set.count > 2 && !reachedInIdOrder(set, floor: floor) {
            features.insert(.connectedOnlyThroughALaterTable)
        }
        for index in set {
            for occupation in question.occupancy.tables[index] where occupation.booking != request.booking {
                features.formUnion(nearness(of: occupation, to: request.window, margin: floor.restaurant.bufferMinutes))
            }
        }
        return features.union(ofRequest: question)
    }

    /// The features of a case: its request's, and those of every feasible set it has (`feasible`).
    public static func of(question: EngineQuestion, feasible: [TableSet]) -> CheckFeatures {
        var features = CheckFeatures().union(ofRequest: question)
        for set in feasible { features.formUnion(of(set: set, question: question)) }
        let floor = question.floor
        let request = question.request
        for index in floor.tables.indices where !floor.tables[index].active { features.insert(.inactiveTable) }
        // A busy window near the booking's on any table, whether or not a feasible set uses it.
        for index in floor.tables.indices {
            for occupation in question.occupancy.tables[index] where occupation.booking != request.booking {
                if occupation.kind == .hold { features.insert(.hold) }
                features.formUnion(nearness(of: occupation, to: request.window, margin: floor.restaurant.bufferMinutes))
            }
        }
        return features
    }

    /// A busy window that does not overlap the booking's but touches it, or lies within `margin` of it.
    static func nearness(of occupation: Occupancy.Occupation, to window: BookingWindow, margin: Int) -> CheckFeatures {
        if window.overlaps(startMinute: occupation.startMinute, endMinute: occupation.endMinute) { return [] }
        if occupation.endMinute == window.startMinute || occupation.startMinute == window.endMinute {
            return .busyTouching
        }
        if window.isNear(startMinute: occupation.startMinute, endMinute: occupation.endMinute, margin: margin) {
            return .busyWithinBuffer
        }
        return []
    }

    private func union(ofRequest question: EngineQuestion) -> CheckFeatures {
        var features = self
        if question.request.window.startMinute >= 24 * 60 { features.insert(.afterMidnight) }
        if !question.pending.isEmpty { features.insert(.pendingListed) }
        if question.request.strategy.requireAdjacency { features.insert(.adjacencyRequired) }
        return features
    }

    /// Whether each table of the set, taken in id order, is next to one taken before it: a walk
    /// that only moves forward reaches the whole set.
    static func reachedInIdOrder(_ set: TableSet, floor: Floor) -> Bool {
        var reached = TableSet()
        for index in set {
            if !reached.isEmpty && !floor.adjacency[index].intersects(reached) { return false }
            reached.insert(index)
        }
        return true
    }
}
