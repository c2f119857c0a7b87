import Allocation
import Projections

/// Why a booking was not seated, as the reports and `show` explain it: the window it asked for,
/// its reason and, when its tables were taken (`tables_occupied`, `no_capacity`), who had them:
/// the bookings seated during its window on tables of some set that could have seated it. Read
/// from the floor as the run ended: assignments are never taken back, so everyone who was in its
/// way at its last quote is among them (and so is anyone seated there after it gave up).
public struct FailureExplanation: Sendable, Equatable {
    /// A booking in the way and the tables it held that could have seated this one.
    public struct Blocker: Sendable, Equatable {
        public var booking: String
        public var tables: [String]
    }

    /// Free tables (no other seating overlaps the window) grouped by the rule that kept each from
    /// seating the party, in the restaurant's words: "minimum 3 covers, above the party of 2".
    public struct RuledOut: Sendable, Equatable {
        public var rule: String
        public var tables: [String]
    }

    public var booking: String
    public var restaurant: String
    /// `failed` or `refused`.
    public var status: String
    public var reason: String
    public var startMinute: Int
    /// The end of the seating it asked for (start + its turn time).
    public var endMinute: Int
    public var partySize: Int
    public var blockedBy: [Blocker]
    /// For `tables_occupied` and `no_capacity`: every table nobody was seated on during the
    /// window, by why it could not seat this party (empty otherwise).
    public var ruledOut: [RuledOut] = []
    /// For a window that cannot exist, what is wrong with it: "asked 20:50-22:05, dinner ends
    /// 22:00" or "no service at 11:45".
    public var windowProblem: String?
    /// For a booking an outside engine failed (`engine_missed`, `declared_rule`), what the
    /// oracle found at its last quote: "the engine offered none of the 12 feasible sets of
    /// relaxed-x4 (e.g. T003, T004+T005)".
    public var engineMiss: String?

    /// The explanation beside the reason, whichever applies: the window's problem or the engine's miss.
    public var note: String? { windowProblem ?? engineMiss }

    /// Reasons that mean "the tables were taken", the ones with a blocked-by list.
    public static let takenReasons = [RejectionReason.tablesOccupied.rawValue, RejectionReason.noCapacity.rawValue]

    /// Nil unless the booking failed or was refused.
    public init?(_ booking: BookingState, in state: RunState) {
        guard booking.status == .failed || booking.status == .refused,
            let restaurant = state.restaurant(booking.restaurant)
        else { return nil }
        self.booking = booking.id
        self.restaurant = booking.restaurant
        status = booking.status.rawValue
        reason = booking.reason ?? booking.status.rawValue
        partySize = booking.partySize
        startMinute = booking.startMinute
        let plan = restaurant.restaurant
        let window =
            booking.resolvedWindow
            ?? (try? plan.window(
                startMinute: booking.startMinute, partySize: booking.partySize, durationMinutes: booking.durationMinutes
            ).get())
        let turn =
            booking.durationMinutes ?? plan.turnMinutes(forParty: booking.partySize, at: booking.startMinute) ?? 90
        endMinute = window?.seatingEndMinute ?? booking.startMinute + turn
        blockedBy = []
        switch reason {
        case RejectionReason.serviceWindowOverrun.rawValue:
            windowProblem = plan.service(containing: booking.startMinute).map {
                "asked \(ClockText.minutes(booking.startMinute))-\(ClockText.minutes(booking.startMinute + turn)), \($0.name) ends \(ClockText.minutes($0.endMinute))"
            }
        case RejectionReason.outsideService.rawValue:
            windowProblem =
                "no service at \(ClockText.minutes(booking.startMinute))"
                + (plan.services.isEmpty
                    ? ""
                    : ": "
                        + plan.services.map {
                            "\($0.name) \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))"
                        }.joined(separator: ", "))
        default:
            windowProblem = nil
        }
        engineMiss = Self.engineMiss(booking, reason: reason)
        guard Self.takenReasons.contains(reason), let window else { return }
        let floor = restaurant.floor
        let maxTables = state.options?.maxTables ?? Strategy.maxTablesRange.upperBound
        // Every table of a set that fits the party on an empty floor.
        var fitting = TableSet()
        for set in CoverageOracle.feasibleSets(
            partySize: booking.partySize, window: window, booking: booking.id, now: 0, floor: floor,
            occupancy: Occupancy(tableCount: floor.tables.count), maxTables: maxTables
        ).sets {
            fitting = fitting.union(set)
        }
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id], assignment.booking != booking.id,
                window.overlaps(startMinute: assignment.startMinute, endMinute: assignment.endMinute)
            else { continue }
            let tables = assignment.tables.filter { floor.index(ofTable: $0).map(fitting.contains) ?? false }
            if !tables.isEmpty { blockedBy.append(Blocker(booking: assignment.booking, tables: tables)) }
        }
        blockedBy.sort { NaturalOrder.precedes($0.booking, $1.booking) }
        ruledOut = Self.ruledOut(
            booking, window: window, floor: floor, state: state, restaurant: restaurant, maxTables: maxTables)
    }

    /// Why each free table could not seat the party, first rule that applies: inactive; a
    /// minimum above the party (it seats enough, but not so few); too small alone and no free
    /// table of its zone to join; too small even joined with the free tables of its zone;
    /// joined, over the spare seats allowed. A free table that sits in a feasible set of free
    /// tables was held by another booking's hold when this one asked (holds are not kept on the
    /// floor). Adjacency is never the rule: the relaxed strategies join tables that do not touch.
    static func ruledOut(
        _ booking: BookingState, window: BookingWindow, floor: Floor, state: RunState, restaurant: RestaurantState,
        maxTables: Int
    ) -> [RuledOut] {
        var taken = TableSet()
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id], assignment.booking != booking.id,
                window.overlaps(startMinute: assignment.startMinute, endMinute: assignment.endMinute)
            else { continue }
            for table in assignment.tables { if let index = floor.index(ofTable: table) { taken.insert(index) } }
        }
        let party = booking.partySize
        var usableNow = TableSet()
        for (index, table) in floor.tables.enumerated() where !taken.contains(index) && table.active {
            usableNow.insert(index)
        }
        // Sets of free tables that seat the party: their tables were only held when it asked.
        var seatable = TableSet()
        for set in CoverageOracle.feasibleSets(
            partySize: party, window: window, booking: booking.id, now: 0, floor: floor,
            occupancy: Occupancy(tableCount: floor.tables.count), maxTables: maxTables, excluded: taken
        ).sets {
            seatable = seatable.union(set)
        }
        var groups: [RuledOut] = []
        func add(_ rule: String, _ table: String) {
            if let position = groups.firstIndex(where: { $0.rule == rule }) {
                groups[position].tables.append(table)
            } else {
                groups.append(RuledOut(rule: rule, tables: [table]))
            }
        }
        for (index, table) in floor.tables.enumerated() where !taken.contains(index) {
            if !table.active {
                add("inactive", table.id)
                continue
            }
            if seatable.contains(index) {
                add("held by another booking's hold when it asked", table.id)
                continue
            }
            // Seating enough on its own yet in no feasible set: its minimum is above the party.
            if table.maxCovers >= party {
                add("minimum \(table.minCovers) covers, above the party of \(party)", table.id)
                continue
            }
            // Too small alone: what joining it with the other free tables of its zone gives.
            let partners = floor.zones[floor.zoneOfTable[index]].tables.intersection(usableNow).subtracting(
                TableSet([index])
            )
            .map { floor.tables[$0].maxCovers }.sorted()
            if maxTables < 2 || partners.isEmpty {
                add(
                    maxTables < 2
                        ? "too small (the run seats one table a booking)"
                        : "too small, and no free table of its zone to join", table.id)
            } else if table.maxCovers + partners.suffix(maxTables - 1).reduce(0, +) < party {
                add("too small, even joined with the free tables of its zone", table.id)
            } else {
                add("joined, over the \(floor.restaurant.maxOverage) spare seats allowed", table.id)
            }
        }
        return groups
    }

    /// What the oracle found at the last quote of a booking its engine failed, in words.
    static func engineMiss(_ booking: BookingState, reason: String) -> String? {
        guard reason == RejectionReason.engineMissed.rawValue || reason == RejectionReason.declaredRule.rawValue else {
            return nil
        }
        guard let verdict = booking.lastVerdict, verdict.feasible > 0 else {
            return reason == RejectionReason.engineMissed.rawValue
                ? "the engine offered nothing while feasible sets existed"
                : "every feasible set is one the engine's declared rules exclude"
        }
        // A refused booking has no quote: its capacity check was judged as the union of every strategy.
        let at = booking.lastQuoteStrategy.map { " of \($0) at its last quote" } ?? " at its capacity check"
        let only = verdict.feasible == 1
        if reason == RejectionReason.declaredRule.rawValue {
            return "the engine's declared rules exclude "
                + (only ? "the only feasible set" : "all \(verdict.feasible) feasible sets") + at
        }
        let examples = OracleVerdict.setsText(verdict.missed, count: verdict.missedCount)
        return
            (only
            ? "the engine did not offer the only feasible set"
            : "the engine offered none of the \(verdict.feasible) feasible sets") + at
            + (verdict.missed.isEmpty ? "" : (only ? ": " : ": missed ") + examples)
    }

    /// "B062 on T003, B065 on T004+T005", or nil when nobody is named.
    public var blockedByText: String? {
        blockedBy.isEmpty
            ? nil : blockedBy.map { "\($0.booking) on \($0.tables.joined(separator: "+"))" }.joined(separator: ", ")
    }

    /// "T006, T011 (minimum covers above the party of 2); T020 (inactive)", or nil.
    public var ruledOutText: String? {
        ruledOut.isEmpty
            ? nil : ruledOut.map { "\($0.tables.joined(separator: ", ")) (\($0.rule))" }.joined(separator: "; ")
    }

    /// One line: "B071 19:20 party 4 failed: tables_occupied; blocked by B062 on T003; free but
    /// ruled out: T006 (minimum covers above the party of 2)".
    public var text: String {
        "\(booking) \(ClockText.minutes(startMinute)) party \(partySize) \(status): \(reason)"
            + (note.map { " (\($0))" } ?? "")
            + (blockedByText.map { "; blocked by \($0)" } ?? "")
            + (ruledOutText.map { "; free but ruled out: \($0)" } ?? "")
    }
}
