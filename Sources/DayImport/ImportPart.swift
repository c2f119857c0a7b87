/// The parts of an imported day, each a table of named columns: what a mapping's query
/// returns and what a CSV file's header names. One list of columns serves both sources, so a day
/// read from the database and the same day exported to CSV are read by the same code.
public enum ImportPart: String, CaseIterable, Sendable {
    case restaurants, services, tables, adjacency, bookings, assignments
    /// The day's booking history where a schema keeps one: each later version of a booking as a
    /// change at a time of the day (capture format 7). The original schema keeps none.
    case changes

    /// Columns every row must have.
    public var requiredColumns: [String] {
        switch self {
        case .restaurants: ["restaurant"]
        case .services: ["restaurant", "service", "start", "end"]
        case .tables: ["restaurant", "table", "zone", "min", "max"]
        case .adjacency: ["restaurant", "table_a", "table_b"]
        case .bookings: ["restaurant", "booking", "start", "party"]
        case .assignments: ["booking", "table"]
        case .changes: ["booking", "at"]
        }
    }

    /// Columns a source may give or leave out (a default applies; docs/scenarios.md).
    public var optionalColumns: [String] {
        switch self {
        case .restaurants: ["name", "timezone", "turn_minutes", "buffer_minutes", "max_overage", "closed"]
        case .services: ["turn_minutes"]
        case .tables: ["active", "movable"]
        case .adjacency: []
        case .bookings: ["end", "duration_minutes", "status", "created"]
        case .assignments: []
        case .changes: ["party", "start", "cancel"]
        }
    }

    /// Every column replay reads. Anything else is refused (a query) or must start with `x-` (a
    /// CSV header), so guest data (names, e-mails, phone numbers, notes) is never read by mistake.
    public var columns: [String] { requiredColumns + optionalColumns }

    /// Whether a day can be made without this part (no restaurant settings: defaults; no
    /// adjacency; no existing assignments).
    public var isOptional: Bool {
        self == .restaurants || self == .adjacency || self == .assignments || self == .changes
    }

    /// The part's file in a CSV folder.
    public var fileName: String { "\(rawValue).csv" }
}
