import Projections

/// `replay optimum`'s figures as the reports show them (`record --optimum`, `report --optimum`):
/// per restaurant the most bookings any plan could seat, and the bookings an optimal plan seats
/// that the run did not, with the tables and window the plan gives them.
public struct OptimumFigures: Sendable {
    public struct Restaurant: Sendable {
        public var slug: String
        public var optimum: Int
        public var proven: Bool
        public var bound: Int?
        public init(slug: String, optimum: Int, proven: Bool, bound: Int?) {
            self.slug = slug
            self.optimum = optimum
            self.proven = proven
            self.bound = bound
        }
    }

    public struct Recoverable: Sendable {
        public var restaurant: String
        public var booking: String
        public var tables: [String]
        public var startMinute: Int
        public var endMinute: Int
        public init(restaurant: String, booking: String, tables: [String], startMinute: Int, endMinute: Int) {
            self.restaurant = restaurant
            self.booking = booking
            self.tables = tables
            self.startMinute = startMinute
            self.endMinute = endMinute
        }
    }

    public var solver: String
    public var restaurants: [Restaurant]
    public var recoverable: [Recoverable]

    public init(solver: String, restaurants: [Restaurant], recoverable: [Recoverable]) {
        self.solver = solver
        self.restaurants = restaurants
        self.recoverable = recoverable
    }

    public var optimum: Int { restaurants.reduce(0) { $0 + $1.optimum } }
    public var proven: Bool { restaurants.allSatisfy(\.proven) }

    /// (optimum - seated) / optimum in basis points (0 for an empty optimum).
    public static func gapBasisPoints(seated: Int, optimum: Int) -> Int { Ratio.basisPoints(optimum - seated, of: optimum) ?? 0 }

    /// The gap in words: "2.11%" ("0.00%" for an empty optimum).
    public static func gapText(seated: Int, optimum: Int) -> String {
        optimum == 0 ? "0.00%" : Ratio.percentText(optimum - seated, of: optimum)
    }
}
