import Allocation
import CanonicalJSON
import Projections
import Scenarios

/// One stress run: seeds the scenario, runs the mode's flow and completes. Every step is an
/// event, applied to `state` (the projection) and then handed to the sink; the flow reads the
/// state to decide, and never changes it any other way.
public final class StressRun {
    public let scenario: Scenario
    public let options: RunOptions
    public let allocator: any CandidateSearch
    public private(set) var state = RunState()
    /// Called with one line per attempt (`--verbose`).
    public var onAttempt: ((String) -> Void)?
    /// Called after each decided booking (for the progress line).
    public var onProgress: ((RunProgress) -> Void)?

    let sink: EventSink
    var now = VirtualClock.startSeconds
    /// Per restaurant, positions of its bookings in the run sorted by start (look-up only).
    var lookAheadIndex: [String: [Int]] = [:]
    /// The look-ahead's plans per protected booking: reused as they are while the occupancy
    /// version holds, and filtered instead of searched again while tables only become unavailable.
    var planCache: [String: (version: Int, memo: Allocator.PlanMemo)] = [:]
    private var writer = JSONWriter(capacity: 512)

    public init(scenario: Scenario, options: RunOptions, sink: EventSink, allocator: (any CandidateSearch)? = nil) {
        self.scenario = scenario
        self.options = options
        self.sink = sink
        self.allocator = allocator ?? Allocator(lookAheadMaxTables: options.maxTables)
    }

    /// The service date of the run.
    public var serviceDate: String { options.date ?? scenario.date }

    /// The scenario's restaurants this run covers, in scenario order.
    var selectedRestaurants: [RestaurantPlan] {
        options.restaurants.isEmpty ? scenario.restaurants : scenario.restaurants.filter { options.restaurants.contains($0.restaurant.slug) }
    }

    /// Runs to completion. Throws what the sink throws (a full disk, a simulated crash, a replay
    /// divergence) or an `InvariantViolation` (a bug: the run's own events broke a rule).
    public func run() throws {
        try seed()
        try releaseStaleHolds()
        switch options.mode {
        case .assign: try AssignLoop(stress: self).run()
        case .reserve: try CreateFlow(stress: self).run()
        }
        try releaseStaleHolds()
        try emit(.runCompleted(state.summary(events: state.lastSeq)))
    }

    /// Releases, with reason `cleanup`, every live hold whose booking is not being worked on
    /// (all of them at run start, between passes of the assign loop, and before completion), so
    /// no pass or rerun inherits a hold from an abandoned step: the original's reset cleared
    /// neither holds nor locks. A multi-table plan is one hold, so no half of one can remain.
    func releaseStaleHolds(keeping inProgress: [String] = []) throws {
        for id in state.activeHoldIDs {
            guard let hold = state.holds[id], !inProgress.contains(hold.booking) else { continue }
            try emit(.holdReleased(HoldReleased(hold: id, reason: "cleanup")), restaurant: hold.restaurant, booking: hold.booking)
            report("\(hold.restaurant) \(hold.booking) hold \(id) released by cleanup")
        }
    }

    // MARK: Emitting

    /// Applies the event to the state, then writes it.
    func emit(_ body: EventBody, restaurant: String? = nil, booking: String? = nil) throws {
        let event = Event(at: now, restaurant: restaurant, booking: booking, body)
        try state.apply(event, seq: state.lastSeq + 1)
        let payload = event.payloadText(using: &writer)
        try sink.write(type: body.type, at: now, restaurant: restaurant, booking: booking, payload: payload)
    }

    /// Moves the clock forward by an operation's cost, first expiring every hold whose TTL runs
    /// out before then (each at its own expiry time, in expiry then id order).
    func advance(by seconds: Int) throws {
        let target = now + seconds
        while true {
            let due = state.activeHoldIDs.compactMap { state.holds[$0] }.filter { $0.expiresAt <= target }
                .min { ($0.expiresAt, $0.id) < ($1.expiresAt, $1.id) }
            guard let hold = due else { break }
            now = max(now, hold.expiresAt)
            try emit(.holdExpired(HoldExpired(hold: hold.id)), restaurant: hold.restaurant, booking: hold.booking)
        }
        now = target
    }

    func report(_ line: @autoclosure () -> String) {
        onAttempt?(line())
    }

    // MARK: Seeding

    func seed() throws {
        defer {
            // Index the seeded floors now (derived data, not state: no event changes).
            state.prepareFloors()
            for (position, booking) in state.bookings.enumerated() where booking.status == .pending {
                indexForLookAhead(position: position)
            }
        }
        let restaurants = selectedRestaurants
        try emit(.runStarted(RunStarted(
            scenario: scenario.name, scenarioDate: scenario.date, date: serviceDate, mode: options.mode.rawValue,
            seed: Int(options.seed), restaurants: options.restaurants, maxIterations: options.maxIterations,
            maxTables: options.maxTables, holdTTLSeconds: options.holdTTLSeconds, cloneLimit: options.cloneLimit,
            sourceDate: options.sourceDate ?? scenario.date, sourceAfterMinute: options.sourceAfterMinute,
            avoidUsed: options.avoidUsed, clients: options.clients, bruteforce: options.bruteforce)))
        for plan in restaurants {
            let slug = plan.restaurant.slug
            try emit(.restaurantSeeded(RestaurantSeeded(
                services: plan.restaurant.services.map {
                    ServiceSeed(name: $0.name, startMinute: $0.startMinute, endMinute: $0.endMinute, turnMinutes: $0.turnMinutes.map(Self.pairs))
                },
                turnMinutes: Self.pairs(plan.restaurant.turnMinutes), bufferMinutes: plan.restaurant.bufferMinutes,
                maxOverage: plan.restaurant.maxOverage)), restaurant: slug)
            for table in plan.tables {
                try emit(.tableSeeded(TableSeeded(table: table.id, zone: table.zone, minCovers: table.minCovers, maxCovers: table.maxCovers,
                                                  movable: table.movable, active: table.active)), restaurant: slug)
            }
            for pair in plan.adjacency {
                try emit(.adjacencySeeded(AdjacencySeeded(tables: [pair.first, pair.second])), restaurant: slug)
            }
        }
        let slugs = Set(restaurants.map(\.restaurant.slug))  // membership only
        for booking in scenario.bookings where slugs.contains(booking.restaurant) {
            try emit(.bookingSeeded(BookingSeeded(date: booking.date ?? scenario.date, startMinute: booking.startMinute,
                                                  partySize: booking.partySize, durationMinutes: booking.durationMinutes)),
                     restaurant: booking.restaurant, booking: booking.id)
        }
    }

    static func pairs(_ table: TurnTable) -> [[Int]] { table.entries.map { [$0.partySize, $0.minutes] } }

    // MARK: Shared steps of the flows

    /// Quotes every strategy at the current state (no look-ahead: it changes only the order) and
    /// records what the oracle thinks of the union: the coverage of this booking's first quote.
    func measureCoverage(booking: BookingState, window: BookingWindow, excluded: TableSet) throws {
        guard options.bruteforce, let restaurant = state.restaurant(booking.restaurant) else { return }
        let floor = restaurant.floor
        var offered: [TableSet] = []
        for strategy in Strategy.legacyOrder(maxTables: options.maxTables) {
            let request = QuoteRequest(booking: booking.id, partySize: booking.partySize, window: window, strategy: strategy,
                                       now: now, excluded: excluded)
            offered += allocator.offeredSets(request, floor: floor, occupancy: restaurant.occupancy)
        }
        let feasible = CoverageOracle.feasibleSets(partySize: booking.partySize, window: window, booking: booking.id, now: now,
                                                   floor: floor, occupancy: restaurant.occupancy, maxTables: options.maxTables,
                                                   excluded: excluded)
        let coverage = CoverageOracle.compare(offered: offered, feasible: feasible)
        try emit(.coverageMeasured(CoverageMeasured(
            feasible: coverage.feasible, quoted: coverage.quoted, quotedFeasible: coverage.quotedFeasible,
            phantomUnavailable: coverage.phantomUnavailable, unsound: coverage.unsound.map(floor.ids(of:)),
            missed: coverage.missed.prefix(CoverageMeasured.listedMisses).map(floor.ids(of:)), missedCount: coverage.missed.count)),
                 restaurant: booking.restaurant, booking: booking.id)
    }

    /// Quotes one strategy for a booking and records it (with the coverage on its first quote).
    func quote(_ booking: BookingState, window: BookingWindow, strategy: Strategy, excluded: TableSet = TableSet()) throws -> Quote {
        try advance(by: VirtualClock.quoteSeconds)
        guard let restaurant = state.restaurant(booking.restaurant) else { throw RunError.unknownRestaurant(booking.restaurant) }
        let request = QuoteRequest(booking: booking.id, partySize: booking.partySize, window: window, strategy: strategy,
                                   now: now, excluded: excluded)
        let quote = allocator.quote(request, floor: restaurant.floor, occupancy: restaurant.occupancy,
                                    lookAhead: lookAhead(for: booking.restaurant, window: window, excluded: excluded))
        let floor = restaurant.floor
        let attempt = (state.booking(booking.id)?.quotes ?? 0) + 1
        try emit(.quoteIssued(QuoteIssued(
            strategy: strategy.label, attempt: attempt, startMinute: window.startMinute, endMinute: window.endMinute,
            candidates: quote.candidates.count,
            top: quote.candidates.prefix(QuoteIssued.topCount).map { QuotedCandidate(tables: floor.ids(of: $0.tables), score: $0.score) },
            rejected: quote.rejections.entries.map { ($0.reason.rawValue, $0.count) })),
                 restaurant: booking.restaurant, booking: booking.id)
        if attempt == 1 { try measureCoverage(booking: booking, window: window, excluded: excluded) }
        report("\(booking.restaurant) \(booking.id) party \(booking.partySize) \(strategy.label): \(quote.candidates.count) candidates")
        return quote
    }

    /// Pending bookings of the restaurant starting within the look-ahead after `window` starts:
    /// who the look-ahead protects. A binary search in the restaurant's start-ordered index keeps
    /// this independent of the day's size.
    func lookAhead(for slug: String, window: BookingWindow, excluded: TableSet) -> [LookAheadBooking] {
        let positions = lookAheadIndex[slug] ?? []
        guard let restaurant = state.restaurant(slug) else { return [] }
        let planner = Allocator(lookAheadMaxTables: options.maxTables)
        var low = 0, high = positions.count
        while low < high {
            let middle = (low + high) / 2
            if state.bookings[positions[middle]].startMinute < window.startMinute { low = middle + 1 } else { high = middle }
        }
        var result: [LookAheadBooking] = []
        let horizon = window.startMinute + Allocator.defaultLookAheadMinutes
        for position in positions[low...] {
            // Fields read in place: copying a whole BookingState per candidate costs more than the rest.
            if state.bookings[position].startMinute > horizon { break }
            guard state.bookings[position].status == .pending, let bookingWindow = state.bookings[position].resolvedWindow,
                  bookingWindow.overlaps(startMinute: window.startMinute, endMinute: window.endMinute) else { continue }
            let id = state.bookings[position].id
            var protected = LookAheadBooking(booking: id, partySize: state.bookings[position].partySize, window: bookingWindow)
            // Plans depend only on the floor's occupancy (live holds all lie before their expiry),
            // so they are reused until it changes.
            let cached = planCache[id]
            if let cached, cached.version == restaurant.occupancy.version, cached.memo.excluded == excluded {
                protected.plans = cached.memo.plans
            } else {
                let memo = planner.protectedPlans(protected, now: now, excluded: excluded, floor: restaurant.floor,
                                                  occupancy: restaurant.occupancy, memo: cached?.memo)
                planCache[id] = (restaurant.occupancy.version, memo)
                protected.plans = memo.plans
            }
            result.append(protected)
        }
        return result
    }

    /// Adds a booking (seeded or created) to its restaurant's look-ahead index, keeping it sorted by start.
    func indexForLookAhead(position: Int) {
        let booking = state.bookings[position]
        var positions = lookAheadIndex[booking.restaurant] ?? []
        let insertAt = positions.firstIndex { state.bookings[$0].startMinute > booking.startMinute } ?? positions.count
        positions.insert(position, at: insertAt)
        lookAheadIndex[booking.restaurant] = positions
    }

    /// Hold then confirm one candidate. Returns nil when confirmed, else the reason it was not.
    func holdAndConfirm(_ booking: BookingState, window: BookingWindow, candidate: Candidate, rank: Int,
                        strategy: Strategy) throws -> RejectionReason? {
        guard let hold = try placeHold(booking, window: window, candidate: candidate, rank: rank, strategy: strategy) else {
            return .holdConflict
        }
        return try confirm(booking, hold: hold, strategy: strategy, rank: rank)
    }

    /// Places a hold, or records the conflict that refuses it. Returns the hold id.
    func placeHold(_ booking: BookingState, window: BookingWindow, candidate: Candidate, rank: Int, strategy: Strategy) throws -> String? {
        try advance(by: VirtualClock.holdSeconds)
        guard let restaurant = state.restaurant(booking.restaurant) else { throw RunError.unknownRestaurant(booking.restaurant) }
        let floor = restaurant.floor
        let tables = floor.ids(of: candidate.tables)
        let blockers = restaurant.occupancy.blockers(of: candidate.tables, window: window, booking: booking.id, now: now)
        if !blockers.isEmpty {
            try emit(.conflictDetected(ConflictDetected(kind: RejectionReason.holdConflict.rawValue, tables: tables,
                                                        with: Self.uniqueSorted(blockers.map(\.occupation.booking)), hold: nil,
                                                        strategy: strategy.label, rank: rank)),
                     restaurant: booking.restaurant, booking: booking.id)
            report("\(booking.restaurant) \(booking.id) hold \(tables.joined(separator: "+")): conflict")
            return nil
        }
        let id = "H" + Self.padded(state.holdsPlaced + 1)
        try emit(.holdPlaced(HoldPlaced(hold: id, tables: tables, startMinute: window.startMinute, endMinute: window.endMinute,
                                        expiresAt: now + options.holdTTLSeconds, strategy: strategy.label, rank: rank,
                                        score: candidate.score)),
                 restaurant: booking.restaurant, booking: booking.id)
        report("\(booking.restaurant) \(booking.id) hold \(id) \(tables.joined(separator: "+")) rank \(rank)")
        return id
    }

    /// Confirms a hold (re-checking conflicts), or records the conflict and releases the hold.
    /// Returns nil when confirmed. A hold that expired before the confirm is a conflict too.
    func confirm(_ booking: BookingState, hold id: String, strategy: Strategy, rank: Int) throws -> RejectionReason? {
        try advance(by: VirtualClock.confirmSeconds)
        guard let hold = state.holds[id], let restaurant = state.restaurant(booking.restaurant),
              let set = restaurant.floor.tableSet(ids: hold.tables) else {
            try emit(.conflictDetected(ConflictDetected(kind: RejectionReason.confirmConflict.rawValue, tables: [], with: [], hold: id,
                                                        strategy: strategy.label, rank: rank)),
                     restaurant: booking.restaurant, booking: booking.id)
            return .confirmConflict
        }
        let window = BookingWindow(startMinute: hold.startMinute, endMinute: hold.endMinute, seatingEndMinute: hold.endMinute, service: "")
        let blockers = restaurant.occupancy.blockers(of: set, window: window, booking: booking.id, now: now)
            .filter { $0.occupation.id != id }
        if !blockers.isEmpty {
            try emit(.conflictDetected(ConflictDetected(kind: RejectionReason.confirmConflict.rawValue, tables: hold.tables,
                                                        with: Self.uniqueSorted(blockers.map(\.occupation.booking)), hold: id,
                                                        strategy: strategy.label, rank: rank)),
                     restaurant: booking.restaurant, booking: booking.id)
            try advance(by: VirtualClock.releaseSeconds)
            if state.holds[id] != nil {
                try emit(.holdReleased(HoldReleased(hold: id, reason: "conflict")), restaurant: booking.restaurant, booking: booking.id)
            }
            report("\(booking.restaurant) \(booking.id) confirm \(id): conflict, released")
            return .confirmConflict
        }
        let assignment = "A" + Self.padded(state.assignmentsMade + 1)
        try emit(.assignmentConfirmed(AssignmentConfirmed(assignment: assignment, hold: id, tables: hold.tables,
                                                          startMinute: hold.startMinute, endMinute: hold.endMinute)),
                 restaurant: booking.restaurant, booking: booking.id)
        report("\(booking.restaurant) \(booking.id) confirmed \(assignment) on \(hold.tables.joined(separator: "+"))")
        return nil
    }

    static func padded(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    static func uniqueSorted(_ values: [String]) -> [String] {
        var result: [String] = []
        for value in values.sorted() where result.last != value { result.append(value) }
        return result
    }
}

/// Where a run is, for a progress display.
public struct RunProgress: Sendable {
    public var restaurantsDone: Int
    public var restaurants: Int
    public var bookingsDecided: Int
    public var bookings: Int
    public var events: Int
}

/// A run that cannot go on for a reason of its own making (never expected; reported, not trapped).
public enum RunError: Error, CustomStringConvertible {
    case unknownRestaurant(String)
    public var description: String {
        switch self {
        case .unknownRestaurant(let slug): "internal error: restaurant \(slug) has no state"
        }
    }
}
