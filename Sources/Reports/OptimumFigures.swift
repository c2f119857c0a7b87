import Allocation
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

    /// What an optimal plan does differently from the run in one restaurant: the bookings it
    /// seats that the run did not, and those the run seated that it gives up to do so. Without
    /// the second list a plan at a 0.00% gap seems to seat bookings for free.
    public struct Exchange: Sendable, Equatable {
        public var restaurant: String
        public var seats: [String]
        public var givesUp: [String]
        public init(restaurant: String, seats: [String], givesUp: [String]) {
            self.restaurant = restaurant
            self.seats = seats
            self.givesUp = givesUp
        }

        public var net: Int { seats.count - givesUp.count }

        /// "seats B071, B076; gives up B066 to do so; net +1".
        public var text: String {
            var parts: [String] = []
            if !seats.isEmpty { parts.append("seats " + seats.joined(separator: ", ")) }
            if !givesUp.isEmpty {
                parts.append("gives up " + givesUp.joined(separator: ", ") + (seats.isEmpty ? "" : " to do so"))
            }
            parts.append("net " + (net > 0 ? "+" : "") + String(net))
            return parts.joined(separator: "; ")
        }

        /// Per restaurant, where the plan and the run differ: `plans` holds each restaurant's
        /// planned bookings; the run's are its confirmed ones. Ids in natural order.
        public static func all(plans: [(restaurant: String, bookings: [String])], state: RunState) -> [Exchange] {
            // The run's confirmed bookings by restaurant, in one pass (a dictionary looked up only).
            var confirmedAt: [String: [String]] = [:]
            for booking in state.bookings where booking.status == .confirmed {
                confirmedAt[booking.restaurant, default: []].append(booking.id)
            }
            return plans.compactMap { plan in
                let planned = Set(plan.bookings)
                let confirmed = confirmedAt[plan.restaurant] ?? []
                let seated = Set(confirmed)
                let exchange = Exchange(
                    restaurant: plan.restaurant,
                    seats: plan.bookings.filter { !seated.contains($0) }.sorted(by: NaturalOrder.precedes),
                    givesUp: confirmed.filter { !planned.contains($0) }.sorted(by: NaturalOrder.precedes))
                return exchange.seats.isEmpty && exchange.givesUp.isEmpty ? nil : exchange
            }
        }
    }

    public var solver: String
    public var restaurants: [Restaurant]
    public var recoverable: [Recoverable]
    public var exchanges: [Exchange]

    public init(solver: String, restaurants: [Restaurant], recoverable: [Recoverable], exchanges: [Exchange] = []) {
        self.solver = solver
        self.restaurants = restaurants
        self.recoverable = recoverable
        self.exchanges = exchanges
    }

    public var optimum: Int { restaurants.reduce(0) { $0 + $1.optimum } }
    public var proven: Bool { restaurants.allSatisfy(\.proven) }

    /// (optimum - seated) / optimum in basis points (0 for an empty optimum).
    public static func gapBasisPoints(seated: Int, optimum: Int) -> Int {
        Ratio.basisPoints(optimum - seated, of: optimum) ?? 0
    }

    /// The gap in words: "2.11%" ("0.00%" for an empty optimum).
    public static func gapText(seated: Int, optimum: Int) -> String {
        optimum == 0 ? "0.00%" : Ratio.percentText(optimum - seated, of: optimum)
    }
}
