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
        guard booking.status == .failed || booking.status == .refused, let restaurant = state.restaurant(booking.restaurant) else { return nil }
        self.booking = booking.id
        self.restaurant = booking.restaurant
        status = booking.status.rawValue
        reason = booking.reason ?? booking.status.rawValue
        partySize = booking.partySize
        startMinute = booking.startMinute
        let plan = restaurant.restaurant
        let window = booking.resolvedWindow
            ?? (try? plan.window(startMinute: booking.startMinute, partySize: booking.partySize, durationMinutes: booking.durationMinutes).get())
        let turn = booking.durationMinutes ?? plan.turnMinutes(forParty: booking.partySize, at: booking.startMinute) ?? 90
        endMinute = window?.seatingEndMinute ?? booking.startMinute + turn
        blockedBy = []
        switch reason {
        case RejectionReason.serviceWindowOverrun.rawValue:
            windowProblem = plan.service(containing: booking.startMinute).map {
                "asked \(ClockText.minutes(booking.startMinute))-\(ClockText.minutes(booking.startMinute + turn)), \($0.name) ends \(ClockText.minutes($0.endMinute))"
            }
        case RejectionReason.outsideService.rawValue:
            windowProblem = "no service at \(ClockText.minutes(booking.startMinute))"
                + (plan.services.isEmpty ? "" : ": " + plan.services.map { "\($0.name) \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))" }.joined(separator: ", "))
        default:
            windowProblem = nil
        }
        engineMiss = Self.engineMiss(booking, reason: reason)
        guard Self.takenReasons.contains(reason), let window else { return }
        let floor = restaurant.floor
        let maxTables = state.options?.maxTables ?? Strategy.maxTablesRange.upperBound
        // Every table of a set that fits the party on an empty floor.
        var fitting = TableSet()
        for set in CoverageOracle.feasibleSets(partySize: booking.partySize, window: window, booking: booking.id, now: 0, floor: floor,
                                               occupancy: Occupancy(tableCount: floor.tables.count), maxTables: maxTables).sets {
            fitting = fitting.union(set)
        }
        for id in restaurant.assignmentIDs {
            guard let assignment = state.assignments[id], assignment.booking != booking.id,
                  window.overlaps(startMinute: assignment.startMinute, endMinute: assignment.endMinute) else { continue }
            let tables = assignment.tables.filter { floor.index(ofTable: $0).map(fitting.contains) ?? false }
            if !tables.isEmpty { blockedBy.append(Blocker(booking: assignment.booking, tables: tables)) }
        }
        blockedBy.sort { NaturalOrder.precedes($0.booking, $1.booking) }
    }

    /// What the oracle found at the last quote of a booking its engine failed, in words.
    static func engineMiss(_ booking: BookingState, reason: String) -> String? {
        guard reason == RejectionReason.engineMissed.rawValue || reason == RejectionReason.declaredRule.rawValue else { return nil }
        guard let verdict = booking.lastVerdict, verdict.feasible > 0 else {
            return reason == RejectionReason.engineMissed.rawValue ? "the engine offered nothing while feasible sets existed" : "every feasible set is one the engine's declared rules exclude"
        }
        // A refused booking has no quote: its capacity check was judged as the union of every strategy.
        let at = booking.lastQuoteStrategy.map { " of \($0) at its last quote" } ?? " at its capacity check"
        let only = verdict.feasible == 1
        if reason == RejectionReason.declaredRule.rawValue {
            return "the engine's declared rules exclude " + (only ? "the only feasible set" : "all \(verdict.feasible) feasible sets") + at
        }
        let examples = OracleVerdict.setsText(verdict.missed, count: verdict.missedCount)
        return (only ? "the engine did not offer the only feasible set" : "the engine offered none of the \(verdict.feasible) feasible sets") + at
            + (verdict.missed.isEmpty ? "" : (only ? ": " : ": missed ") + examples)
    }

    /// "B062 on T003, B065 on T004+T005", or nil when nobody is named.
    public var blockedByText: String? {
        blockedBy.isEmpty ? nil : blockedBy.map { "\($0.booking) on \($0.tables.joined(separator: "+"))" }.joined(separator: ", ")
    }

    /// One line: "B071 19:20 party 4 failed: tables_occupied; blocked by B062 on T003".
    public var text: String {
        "\(booking) \(ClockText.minutes(startMinute)) party \(partySize) \(status): \(reason)" + (note.map { " (\($0))" } ?? "")
            + (blockedByText.map { "; blocked by \($0)" } ?? "")
    }
}
