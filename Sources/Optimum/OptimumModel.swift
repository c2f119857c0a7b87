import Allocation
import Projections

/// The best possible day of one restaurant as a 0-1 program: a variable per (booking, minimal
/// feasible table set), at most one set per booking, and per table at most one booking at any moment.
/// Feasible sets follow the run's rules knowing the whole day in advance (no occupancy): active
/// tables of one zone, a single table by its min...max, a combination by capacity and spare
/// seats, up to the run's max tables; adjacency is not required because every run tries the
/// relaxed strategies too (docs/optimum.md).
public struct OptimumModel: Sendable {
    /// What is maximised.
    public enum Objective: String, Sendable, CaseIterable {
        /// Bookings seated, then covers: each seated booking weighs (every party of the day + 1)
        /// plus its party, so one more booking always beats any number of covers.
        case bookings
        /// Covers seated.
        case covers
    }

    public struct Choice: Sendable {
        public var booking: String
        public var party: Int
        public var window: BookingWindow
        public var tables: [String]
        public var weight: Int
    }

    public var restaurant: String
    /// Bookings the run tried, in (start, id) order, with whether they have a window at all.
    public var bookings: [BookingState]
    /// The variables, `x1`, `x2`, ... in this order.
    public var choices: [Choice]
    /// Each constraint: the indexes of its choices (sum at most 1).
    public var constraints: [(name: String, choices: [Int])]
    /// With the `bookings` objective, the weight every seated booking is worth at least (so a
    /// bound on the objective divided by it bounds the bookings); nil with `covers`.
    public var bookingWeight: Int?
    /// The oracle's enumeration stopped at its budget for some booking, or the model reached
    /// `maximumChoices`: it lacks some feasible sets, so its optimum is only a lower bound (never
    /// reported as proven).
    public var enumerationLimitReached = false

    /// The most variables one restaurant's model holds (about 100 MB of model and a solver that
    /// stays within a few GB): a 400-table hall asked for millions and ran the machine out of
    /// memory. Past it the model keeps the sets found so far and says the limit was reached.
    public static let maximumChoices = 200_000

    /// The model of one restaurant of a folded run. `keepingSupersets`: a variable for every
    /// feasible set, not only the minimal ones (the tests' exhaustive search, against which the
    /// smaller model's optimum is checked).
    public static func make(
        restaurant: RestaurantState, state: RunState, maxTables: Int, objective: Objective,
        keepingSupersets: Bool = false
    ) -> OptimumModel {
        let floor = restaurant.currentFloor
        let bookings = restaurant.bookingPositions.map { state.bookings[$0] }
            .filter { $0.status != .source }
            .sorted { ($0.startMinute, $0.id) < ($1.startMinute, $1.id) }
        let coverWeight = bookings.reduce(0) { $0 + $1.partySize } + 1
        var choices: [Choice] = []
        var limitReached = false
        for booking in bookings {
            guard
                case .success(let window) = restaurant.restaurant.window(
                    startMinute: booking.startMinute, partySize: booking.partySize,
                    durationMinutes: Self.duration(of: booking, in: state))
            else { continue }
            let (sets, cut) = CoverageOracle.feasibleSets(
                partySize: booking.partySize, window: window, booking: booking.id, now: 0, floor: floor,
                occupancy: Occupancy(tableCount: floor.tables.count), maxTables: maxTables)
            limitReached = limitReached || cut
            let weight = objective == .bookings ? coverWeight + booking.partySize : booking.partySize
            for set in keepingSupersets ? sets : minimal(sets) {
                guard choices.count < maximumChoices else {
                    limitReached = true
                    break
                }
                choices.append(
                    Choice(
                        booking: booking.id, party: booking.partySize, window: window, tables: floor.ids(of: set),
                        weight: weight))
            }
        }
        var constraints: [(name: String, choices: [Int])] = []
        // One set per booking.
        var byBooking: [(String, [Int])] = []
        for (index, choice) in choices.enumerated() {
            if byBooking.last?.0 == choice.booking {
                byBooking[byBooking.count - 1].1.append(index)
            } else {
                byBooking.append((choice.booking, [index]))
            }
        }
        for (number, entry) in byBooking.enumerated() where entry.1.count > 1 {
            constraints.append(("b\(number + 1)", entry.1))
        }
        // Per table, per moment a window starts: the choices on that table whose windows contain
        // it. Overlapping intervals always share the latest of their starts, so these cliques
        // cover every conflict.
        var seen: Set<[Int]> = []  // membership only: constraints keep their generation order
        for table in floor.tables.map(\.id) {
            let onTable = choices.indices.filter { choices[$0].tables.contains(table) }
            var starts = onTable.map { choices[$0].window.startMinute }
            starts = Array(Set(starts)).sorted()
            for moment in starts {
                let members = onTable.filter {
                    choices[$0].window.startMinute <= moment && moment < choices[$0].window.endMinute
                }
                let bookingsInvolved = Set(members.map { choices[$0].booking })
                guard bookingsInvolved.count > 1, !seen.contains(members) else { continue }
                seen.insert(members)
                constraints.append(("t\(constraints.count + 1)", members))
            }
        }
        var model = OptimumModel(
            restaurant: restaurant.slug, bookings: bookings, choices: choices, constraints: constraints,
            bookingWeight: objective == .bookings ? coverWeight : nil)
        model.enumerationLimitReached = limitReached
        return model
    }

    /// The sets of which no other set of the list is a proper subset, in the list's order.
    ///
    /// A booking seated on a set can move to any feasible subset of it: the same weight, and its
    /// other tables freed, so no new conflict. A model of the minimal sets alone therefore has the
    /// same optimum as one of every feasible set, with about a third of the variables (a
    /// generated 50-restaurant, 3,000-booking day: 34,835 instead of 100,894).
    static func minimal(_ sets: [TableSet]) -> [TableSet] {
        // Smallest first: a set is minimal when no minimal set found before it is inside it (a
        // subset of a subset is a subset, so the minimal ones are enough to compare with).
        let order = sets.indices.sorted { (sets[$0].count, $0) < (sets[$1].count, $1) }
        var minimalSets: [TableSet] = []
        var keep = [Bool](repeating: false, count: sets.count)
        for index in order {
            let set = sets[index]
            if minimalSets.contains(where: { $0.count < set.count && $0.union(set) == set }) { continue }
            minimalSets.append(set)
            keep[index] = true
        }
        return sets.indices.filter { keep[$0] }.map { sets[$0] }
    }

    /// Why `chosen` (indexes of choices a solver set to 1) is not a plan of this day, or nil: a
    /// booking seated twice, or two bookings on one table at one moment. A solver's answer is
    /// checked before anything is called proven.
    public func problem(with chosen: [Int]) -> String? {
        var seated: [String] = []
        for index in chosen {
            guard choices.indices.contains(index) else {
                return "it names a variable x\(index + 1) the model does not have"
            }
            let booking = choices[index].booking
            if seated.contains(booking) { return "it seats \(booking) twice" }
            seated.append(booking)
        }
        for (position, first) in chosen.enumerated() {
            for second in chosen[(position + 1)...] {
                let a = choices[first]
                let b = choices[second]
                guard a.window.startMinute < b.window.endMinute, b.window.startMinute < a.window.endMinute,
                    let shared = a.tables.first(where: { b.tables.contains($0) })
                else { continue }
                return "it puts \(a.booking) and \(b.booking) on \(shared) at once"
            }
        }
        return nil
    }

    /// A booking's own duration when it had one (a clone's is its source's).
    static func duration(of booking: BookingState, in state: RunState) -> Int? {
        booking.durationMinutes ?? booking.source.flatMap { state.booking($0)?.durationMinutes }
    }

    /// The model in the LP file format CBC and HiGHS read (pinned by a test).
    public var lpText: String {
        var lines = [
            "\\ replay optimum: restaurant \(restaurant.replacingOccurrences(of: "\n", with: " ")), \(choices.count) choices",
            "Maximize"
        ]
        lines += Self.wrap(
            "obj:", choices.indices.map { "\(choices[$0].weight) x\($0 + 1)" }, joiner: " + ", empty: "0 x0")
        lines.append("Subject To")
        for constraint in constraints {
            lines += Self.wrap(
                "\(constraint.name):", constraint.choices.map { "x\($0 + 1)" }, joiner: " + ", empty: "0 x0")
            lines[lines.count - 1] += " <= 1"
        }
        lines.append("Binary")
        lines += choices.indices.map { " x\($0 + 1)" }
        lines.append("End")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Terms on lines of at most about 200 characters (LP readers limit line length).
    static func wrap(_ head: String, _ terms: [String], joiner: String, empty: String) -> [String] {
        guard !terms.isEmpty else { return [" \(head) \(empty)"] }
        var lines: [String] = []
        var current = " \(head)"
        for (index, term) in terms.enumerated() {
            let piece = (index == 0 ? " " : joiner) + term
            if current.count + piece.count > 200 {
                lines.append(current)
                current = "   " + (index == 0 ? term : "+ " + term)
            } else {
                current += piece
            }
        }
        lines.append(current)
        return lines
    }
}
