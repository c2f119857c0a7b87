import Allocation

/// A stress day: restaurants with their floors, and the bookings to allocate. Loaded from JSON
/// (`ScenarioLoader`), built in (`DefaultScenario`) or generated (`ScenarioGenerator`).
public struct Scenario: Equatable, Sendable {
    public var name: String
    /// Service date, `YYYY-MM-DD`.
    public var date: String
    public var restaurants: [RestaurantPlan]
    public var bookings: [ScenarioBooking]
    /// Edits and cancellations of the day's bookings at times of the day, in the file's order
    /// (`changes`, capture format 7); applied in (time, this order).
    public var changes: [ScenarioChange]

    public init(
        name: String, date: String, restaurants: [RestaurantPlan], bookings: [ScenarioBooking],
        changes: [ScenarioChange] = []
    ) {
        self.name = name
        self.date = date
        self.restaurants = restaurants
        self.bookings = bookings
        self.changes = changes
    }
}

/// A change the scenario schedules for one of its bookings: at `atMinute`, a new party and/or
/// start (an edit), or a cancellation.
public struct ScenarioChange: Equatable, Sendable {
    public enum Kind: String, Sendable {
        case edit
        case cancel
    }

    public var booking: String
    /// The booking's restaurant (derived from the booking when loaded).
    public var restaurant: String
    public var atMinute: Int
    public var kind: Kind
    public var partySize: Int?
    public var startMinute: Int?

    public init(
        booking: String, restaurant: String, atMinute: Int, kind: Kind, partySize: Int? = nil, startMinute: Int? = nil
    ) {
        self.booking = booking
        self.restaurant = restaurant
        self.atMinute = atMinute
        self.kind = kind
        self.partySize = partySize
        self.startMinute = startMinute
    }
}

/// A restaurant with its tables and adjacency pairs, as the scenario lists them.
public struct RestaurantPlan: Equatable, Sendable {
    public var restaurant: Restaurant
    public var tables: [Table]
    public var adjacency: [AdjacencyPair]

    public init(restaurant: Restaurant, tables: [Table], adjacency: [AdjacencyPair]) {
        self.restaurant = restaurant
        self.tables = tables
        self.adjacency = adjacency
    }
}

/// A booking as the scenario gives it.
public struct ScenarioBooking: Equatable, Sendable {
    public var id: String
    public var restaurant: String
    /// The booking's own date when it differs from the scenario's (source bookings of reserve mode).
    public var date: String?
    public var startMinute: Int
    public var partySize: Int
    /// Given duration; nil means the turn time of the party size.
    public var durationMinutes: Int?
    /// The tables the booking already has on the real floor (an imported day's assignment or
    /// hold), which `record --prefill real` seats it on first; nil for none.
    public var tables: [String]?

    public init(
        id: String, restaurant: String, date: String? = nil, startMinute: Int, partySize: Int,
        durationMinutes: Int? = nil,
        tables: [String]? = nil
    ) {
        self.id = id
        self.restaurant = restaurant
        self.date = date
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
        self.tables = tables
    }
}
