import Allocation

/// The state of a run, folded from its events. `apply` is the only thing that changes it, and
/// both the live run and every replay call it, so they cannot disagree silently. Every event is
/// checked against the domain's invariants as it is applied.
///
/// Ordered arrays hold everything that reaches an output; dictionaries are used only to look up.
public struct RunState: Sendable {
    public private(set) var options: RunStarted?
    public private(set) var restaurants: [RestaurantState] = []
    public private(set) var bookings: [BookingState] = []
    public private(set) var holds: [String: HoldState] = [:]
    /// Live holds in the order they were placed.
    public private(set) var activeHoldIDs: [String] = []
    public private(set) var assignments: [String: AssignmentState] = [:]
    /// Confirmed assignments in order.
    public private(set) var assignmentIDs: [String] = []
    public private(set) var lastSeq = 0
    public private(set) var now = 0
    public private(set) var holdsPlaced = 0
    public private(set) var assignmentsMade = 0
    public private(set) var completed: RunCompleted?
    public private(set) var allocationStarted = false
    // Copies of options read on every event (reading `options` copies the whole struct).
    private var isAssignMode = false
    private var serviceDate = ""
    private var holdTTLSeconds = 0
    private var restaurantIndex: [String: Int] = [:]
    private var bookingIndex: [String: Int] = [:]

    public init() {}

    // MARK: Look-ups

    public func restaurant(_ slug: String) -> RestaurantState? { restaurantIndex[slug].map { restaurants[$0] } }
    public func booking(_ id: String) -> BookingState? { bookingIndex[id].map { bookings[$0] } }
    public func restaurantPosition(_ slug: String) -> Int? { restaurantIndex[slug] }
    public func bookingPosition(_ id: String) -> Int? { bookingIndex[id] }

    /// Figures of every restaurant together.
    public var overall: RestaurantMetrics {
        var total = RestaurantMetrics(slug: "all")
        for restaurant in restaurants { total.add(restaurant.metrics) }
        total.tablesUsed.sort()
        return total
    }

    /// The summary `run.completed` should carry at this point, `events` events in.
    public func summary(events: Int) -> RunCompleted {
        let total = overall
        return RunCompleted(bookings: total.bookings, confirmed: total.confirmed, failed: total.failed, refused: total.refused,
                            quotes: total.quotes, holds: total.holds, conflicts: total.conflicts, events: events)
    }

    /// Indexes every floor whose seed changed since it was last indexed. Called when allocation
    /// starts; call it before reading floors of a state folded only part-way through its seed.
    public mutating func prepareFloors() {
        for index in restaurants.indices where !restaurants[index].floorIsCurrent { restaurants[index].reindex() }
    }

    // MARK: Applying

    /// Applies one event, or throws the invariant it breaks. After a violation the state is
    /// not to be used further: the run or replay stops there (copying the state per event to
    /// roll back would make every fold quadratic).
    public mutating func apply(_ event: Event, seq: Int) throws(InvariantViolation) {
        try fold(event, seq: seq)
    }

    private func violation(_ seq: Int, _ invariant: String, _ detail: String, bookings: [String] = [], tables: [String] = []) -> InvariantViolation {
        InvariantViolation(seq: seq, invariant: invariant, detail: detail, bookings: bookings, tables: tables)
    }

    private mutating func fold(_ event: Event, seq: Int) throws(InvariantViolation) {
        guard seq == lastSeq + 1 else { throw violation(seq, "gapless", "expected event \(lastSeq + 1)") }
        guard event.at >= now else { throw violation(seq, "clock-monotonic", "time \(event.at) s is before \(now) s") }
        if case .runStarted = event.body {} else if options == nil {
            throw violation(seq, "run-started-first", "the first event must be run.started")
        }
        if completed != nil { throw violation(seq, "nothing-after-completion", "event after run.completed") }
        try checkHoldLifetimes(at: event.at, seq: seq)
        lastSeq = seq
        now = event.at
        if !event.body.isInput && !allocationStarted {
            allocationStarted = true
            prepareFloors()
        }
        switch event.body {
        case .runStarted(let e):
            guard seq == 1 else { throw violation(seq, "run-started-first", "run.started must be event 1") }
            options = e
            isAssignMode = e.mode == "assign"
            serviceDate = e.date
            holdTTLSeconds = e.holdTTLSeconds
        case .restaurantSeeded(let e): try seedRestaurant(event, e, seq: seq)
        case .tableSeeded(let e): try seedTable(event, e, seq: seq)
        case .adjacencySeeded(let e): try seedAdjacency(event, e, seq: seq)
        case .bookingSeeded(let e): try seedBooking(event, e, seq: seq)
        case .bookingCreated(let e): try createBooking(event, e, seq: seq)
        case .bookingRefused(let e): try refuseBooking(event, e, seq: seq)
        case .quoteIssued(let e): try quote(event, e, seq: seq)
        case .coverageMeasured(let e): try measure(event, e, seq: seq)
        case .holdPlaced(let e): try placeHold(event, e, seq: seq)
        case .conflictDetected(let e): try conflict(event, e, seq: seq)
        case .holdReleased(let e): try endHold(e.hold, event: event, seq: seq, expired: false)
        case .holdExpired(let e): try endHold(e.hold, event: event, seq: seq, expired: true)
        case .assignmentConfirmed(let e): try confirm(event, e, seq: seq)
        case .bookingFailed(let e): try fail(event, e, seq: seq)
        case .iterationCompleted(let e):
            let index = try restaurantPosition(of: event, seq: seq)
            restaurants[index].metrics.iterations.append(e)
        case .runCompleted(let e): try complete(e, seq: seq)
        }
    }

    /// No hold outlives its TTL: by the time the clock passes a hold's expiry, it must have been
    /// expired or released.
    private func checkHoldLifetimes(at time: Int, seq: Int) throws(InvariantViolation) {
        for id in activeHoldIDs {
            guard let hold = holds[id], hold.expiresAt < time else { continue }
            throw violation(seq, "hold-ttl", "hold \(id) expired at \(hold.expiresAt) s but is still live at \(time) s",
                            bookings: [hold.booking], tables: hold.tables)
        }
    }

    private func restaurantPosition(of event: Event, seq: Int) throws(InvariantViolation) -> Int {
        guard let slug = event.restaurant, let index = restaurantIndex[slug] else {
            throw violation(seq, "known-restaurant", "unknown restaurant \(event.restaurant ?? "(none)")")
        }
        return index
    }

    private func bookingPosition(of event: Event, seq: Int) throws(InvariantViolation) -> Int {
        guard let id = event.booking, let index = bookingIndex[id] else {
            throw violation(seq, "known-booking", "unknown booking \(event.booking ?? "(none)")")
        }
        guard bookings[index].restaurant == event.restaurant else {
            throw violation(seq, "known-booking", "booking \(bookings[index].id) belongs to \(bookings[index].restaurant)", bookings: [bookings[index].id])
        }
        return index
    }

    private func pendingBookingPosition(of event: Event, seq: Int) throws(InvariantViolation) -> Int {
        let index = try bookingPosition(of: event, seq: seq)
        guard bookings[index].status == .pending else {
            throw violation(seq, "booking-pending", "booking \(bookings[index].id) is \(bookings[index].status.rawValue), not pending",
                            bookings: [bookings[index].id])
        }
        return index
    }

    // MARK: Seeding

    private func requireSeeding(_ seq: Int) throws(InvariantViolation) {
        if allocationStarted { throw violation(seq, "seed-first", "seed event after allocation started") }
    }

    private mutating func seedRestaurant(_ event: Event, _ e: RestaurantSeeded, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        guard let slug = event.restaurant, restaurantIndex[slug] == nil else {
            throw violation(seq, "unique-restaurant", "restaurant \(event.restaurant ?? "(none)") seeded twice or unnamed")
        }
        let restaurant = Restaurant(
            slug: slug,
            services: e.services.map { ServicePeriod(name: $0.name, startMinute: $0.startMinute, endMinute: $0.endMinute,
                                                     turnMinutes: $0.turnMinutes.map(Self.turnTable)) },
            turnMinutes: Self.turnTable(e.turnMinutes), bufferMinutes: e.bufferMinutes, maxOverage: e.maxOverage)
        restaurantIndex[slug] = restaurants.count
        restaurants.append(RestaurantState(slug: slug, restaurant: restaurant))
    }

    /// Turn times from their event form, `[[party, minutes]]`.
    public static func turnTable(_ pairs: [[Int]]) -> TurnTable {
        TurnTable(pairs.compactMap { $0.count == 2 ? (partySize: $0[0], minutes: $0[1]) : nil })
    }

    private mutating func seedTable(_ event: Event, _ e: TableSeeded, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        let index = try restaurantPosition(of: event, seq: seq)
        guard !restaurants[index].tables.contains(where: { $0.id == e.table }) else {
            throw violation(seq, "unique-table", "table \(e.table) seeded twice", tables: [e.table])
        }
        guard restaurants[index].tables.count < TableSet.capacity else {
            throw violation(seq, "table-limit", "more than \(TableSet.capacity) tables", tables: [e.table])
        }
        restaurants[index].tables.append(Table(id: e.table, zone: e.zone, minCovers: e.minCovers, maxCovers: e.maxCovers,
                                               movable: e.movable, active: e.active))
        restaurants[index].floorIsCurrent = false
    }

    private mutating func seedAdjacency(_ event: Event, _ e: AdjacencySeeded, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        let index = try restaurantPosition(of: event, seq: seq)
        guard e.tables.count == 2, e.tables.allSatisfy({ id in restaurants[index].tables.contains { $0.id == id } }) else {
            throw violation(seq, "known-table", "adjacency names unknown tables", tables: e.tables)
        }
        restaurants[index].adjacency.append((e.tables[0], e.tables[1]))
        restaurants[index].floorIsCurrent = false
    }

    private mutating func seedBooking(_ event: Event, _ e: BookingSeeded, seq: Int) throws(InvariantViolation) {
        try requireSeeding(seq)
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        guard let id = event.booking, bookingIndex[id] == nil else {
            throw violation(seq, "unique-booking", "booking \(event.booking ?? "(none)") seeded twice or unnamed")
        }
        let inRun = isAssignMode && e.date == serviceDate
        var booking = BookingState(id: id, restaurant: restaurants[restaurantIndex].slug, date: e.date, startMinute: e.startMinute,
                                   partySize: e.partySize, durationMinutes: e.durationMinutes, status: inRun ? .pending : .source)
        if inRun {
            booking.window = restaurants[restaurantIndex].restaurant.window(startMinute: e.startMinute, partySize: e.partySize,
                                                                       durationMinutes: e.durationMinutes)
        }
        insert(booking, restaurant: restaurantIndex, counted: inRun)
    }

    /// Adds a booking to the run's list and its restaurant's index (and to its count when in the run).
    private mutating func insert(_ booking: BookingState, restaurant index: Int, counted: Bool) {
        if counted { restaurants[index].metrics.bookings += 1 }
        restaurants[index].bookingPositions.append(bookings.count)
        bookingIndex[booking.id] = bookings.count
        bookings.append(booking)
    }

    // MARK: Create flow

    private mutating func createBooking(_ event: Event, _ e: BookingCreated, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        guard let id = event.booking, bookingIndex[id] == nil else {
            throw violation(seq, "unique-booking", "booking \(event.booking ?? "(none)") created twice or unnamed")
        }
        var booking = BookingState(id: id, restaurant: restaurants[restaurantIndex].slug, date: serviceDate,
                                   startMinute: e.startMinute, partySize: e.partySize, durationMinutes: e.durationMinutes,
                                   status: .pending, source: e.source, client: e.client)
        booking.window = restaurants[restaurantIndex].restaurant.window(startMinute: e.startMinute, partySize: e.partySize,
                                                                   durationMinutes: e.durationMinutes)
        insert(booking, restaurant: restaurantIndex, counted: true)
    }

    private mutating func refuseBooking(_ event: Event, _ e: BookingRefused, seq: Int) throws(InvariantViolation) {
        let restaurantIndex = try restaurantPosition(of: event, seq: seq)
        guard let id = event.booking, bookingIndex[id] == nil else {
            throw violation(seq, "unique-booking", "booking \(event.booking ?? "(none)") refused twice or unnamed")
        }
        var booking = BookingState(id: id, restaurant: restaurants[restaurantIndex].slug, date: serviceDate,
                                   startMinute: self.booking(e.source)?.startMinute ?? 0, partySize: self.booking(e.source)?.partySize ?? 0,
                                   durationMinutes: nil, status: .refused, source: e.source)
        booking.reason = e.reason
        restaurants[restaurantIndex].metrics.refused += 1
        restaurants[restaurantIndex].metrics.count(reason: e.reason)
        insert(booking, restaurant: restaurantIndex, counted: true)
    }

    // MARK: Allocation

    private mutating func quote(_ event: Event, _ e: QuoteIssued, seq: Int) throws(InvariantViolation) {
        let index = try pendingBookingPosition(of: event, seq: seq)
        guard e.attempt == bookings[index].quotes + 1 else {
            throw violation(seq, "attempt-count", "quote attempt \(e.attempt), expected \(bookings[index].quotes + 1)", bookings: [bookings[index].id])
        }
        guard let window = bookings[index].resolvedWindow, window.startMinute == e.startMinute, window.endMinute == e.endMinute else {
            throw violation(seq, "booking-window", "quote window differs from the booking's", bookings: [bookings[index].id])
        }
        bookings[index].quotes += 1
        restaurants[try restaurantPosition(of: event, seq: seq)].metrics.quotes += 1
    }

    private mutating func measure(_ event: Event, _ e: CoverageMeasured, seq: Int) throws(InvariantViolation) {
        let index = try bookingPosition(of: event, seq: seq)
        let r = try restaurantPosition(of: event, seq: seq)
        restaurants[r].metrics.coverageMeasured += 1
        restaurants[r].metrics.feasibleSets += e.feasible
        restaurants[r].metrics.quotedFeasibleSets += e.quotedFeasible
        restaurants[r].metrics.quotedSets += e.quoted
        restaurants[r].metrics.missedSets += e.missedCount
        if e.phantomUnavailable { restaurants[r].metrics.phantomUnavailable.append(bookings[index].id) }
        for set in e.unsound { restaurants[r].metrics.unsoundOffers.append((bookings[index].id, set)) }
    }

    /// The tables as an index set of the restaurant's floor, checking that they exist.
    private func tableSet(_ ids: [String], restaurant r: Int, seq: Int) throws(InvariantViolation) -> TableSet {
        guard !ids.isEmpty, let set = restaurants[r].floor.tableSet(ids: ids), set.count == ids.count else {
            throw violation(seq, "known-table", "unknown or repeated tables", tables: ids)
        }
        return set
    }

    /// No table in two overlapping live holds or assignments.
    private func checkNoOverlap(_ set: TableSet, restaurant r: Int, start: Int, end: Int, ignoring ownID: String?, booking: String,
                                seq: Int) throws(InvariantViolation) {
        let window = BookingWindow(startMinute: start, endMinute: end, seatingEndMinute: end, service: "")
        for index in set {
            for occupation in restaurants[r].occupancy.tables[index] where occupation.id != ownID {
                guard window.overlaps(startMinute: occupation.startMinute, endMinute: occupation.endMinute) else { continue }
                throw violation(seq, "no-overlap",
                                "table \(restaurants[r].floor.tables[index].id) is in \(occupation.kind.rawValue) \(occupation.id) of \(occupation.booking) at an overlapping time",
                                bookings: [booking, occupation.booking], tables: [restaurants[r].floor.tables[index].id])
            }
        }
    }

    /// A combination obeys its strategy: one zone, at most maxTables, connected when adjacency is required.
    private func checkStrategy(_ label: String, set: TableSet, restaurant r: Int, booking: String, seq: Int) throws(InvariantViolation) {
        let floor = restaurants[r].floor
        let ids = floor.ids(of: set)
        guard let strategy = StrategyLabel.parse(label) else {
            throw violation(seq, "strategy", "unknown strategy \(label)", bookings: [booking], tables: ids)
        }
        guard set.count <= strategy.maxTables else {
            throw violation(seq, "strategy", "\(set.count) tables under \(label)", bookings: [booking], tables: ids)
        }
        guard Set(set.map { floor.zoneOfTable[$0] }).count == 1 else {
            throw violation(seq, "strategy", "tables of more than one zone", bookings: [booking], tables: ids)
        }
        if strategy.requireAdjacency && floor.adjacencyDepth(of: set) == nil {
            throw violation(seq, "strategy", "tables not adjacent under \(label)", bookings: [booking], tables: ids)
        }
    }

    private mutating func placeHold(_ event: Event, _ e: HoldPlaced, seq: Int) throws(InvariantViolation) {
        let b = try pendingBookingPosition(of: event, seq: seq)
        let r = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[b]
        guard holds[e.hold] == nil else { throw violation(seq, "unique-hold", "hold \(e.hold) placed twice", bookings: [booking.id]) }
        let set = try tableSet(e.tables, restaurant: r, seq: seq)
        guard let window = booking.resolvedWindow, window.startMinute == e.startMinute, window.endMinute == e.endMinute else {
            throw violation(seq, "booking-window", "hold window differs from the booking's", bookings: [booking.id], tables: e.tables)
        }
        guard restaurants[r].floor.capacity(of: set) >= booking.partySize else {
            throw violation(seq, "covers-party", "tables seat \(restaurants[r].floor.capacity(of: set)) for a party of \(booking.partySize)",
                            bookings: [booking.id], tables: e.tables)
        }
        let ttl = holdTTLSeconds
        guard e.expiresAt > event.at, e.expiresAt <= event.at + ttl else {
            throw violation(seq, "hold-ttl", "hold expires at \(e.expiresAt) s, placed at \(event.at) s with a TTL of \(ttl) s",
                            bookings: [booking.id], tables: e.tables)
        }
        try checkStrategy(e.strategy, set: set, restaurant: r, booking: booking.id, seq: seq)
        try checkNoOverlap(set, restaurant: r, start: e.startMinute, end: e.endMinute, ignoring: nil, booking: booking.id, seq: seq)
        holds[e.hold] = HoldState(id: e.hold, booking: booking.id, restaurant: restaurants[r].slug, tables: e.tables,
                                  startMinute: e.startMinute, endMinute: e.endMinute, expiresAt: e.expiresAt, strategy: e.strategy)
        activeHoldIDs.append(e.hold)
        restaurants[r].occupancy.add(Occupancy.Occupation(kind: .hold, id: e.hold, booking: booking.id, startMinute: e.startMinute,
                                                          endMinute: e.endMinute, expiresAt: e.expiresAt), on: set)
        bookings[b].holds += 1
        holdsPlaced += 1
        restaurants[r].metrics.holds += 1
    }

    private mutating func conflict(_ event: Event, _ e: ConflictDetected, seq: Int) throws(InvariantViolation) {
        let b = try bookingPosition(of: event, seq: seq)
        let r = try restaurantPosition(of: event, seq: seq)
        bookings[b].conflicts += 1
        let window = bookings[b].resolvedWindow
        restaurants[r].conflicts.append(ConflictMark(booking: bookings[b].id, kind: e.kind, tables: e.tables, with: e.with,
                                                     startMinute: window?.startMinute ?? 0, endMinute: window?.endMinute ?? 0, at: event.at))
        switch e.kind {
        case RejectionReason.holdConflict.rawValue: restaurants[r].metrics.holdConflicts += 1
        case RejectionReason.confirmConflict.rawValue: restaurants[r].metrics.confirmConflicts += 1
        default: throw violation(seq, "conflict-kind", "unknown conflict kind \(e.kind)", bookings: [bookings[b].id])
        }
    }

    private mutating func endHold(_ id: String, event: Event, seq: Int, expired: Bool) throws(InvariantViolation) {
        guard let hold = holds[id], activeHoldIDs.contains(id) else {
            throw violation(seq, "live-hold", "hold \(id) is not live", bookings: event.booking.map { [$0] } ?? [])
        }
        guard hold.booking == event.booking, hold.restaurant == event.restaurant else {
            throw violation(seq, "live-hold", "hold \(id) belongs to \(hold.booking)", bookings: [hold.booking])
        }
        if expired && hold.expiresAt > event.at {
            throw violation(seq, "hold-ttl", "hold \(id) expired at \(event.at) s, before its expiry \(hold.expiresAt) s", bookings: [hold.booking])
        }
        try removeHold(hold, seq: seq)
        let r = try restaurantPosition(of: event, seq: seq)
        let outcome: String = if case .holdReleased(let released) = event.body { released.reason } else { "expired" }
        restaurants[r].endedHolds.append(EndedHold(hold: id, booking: hold.booking, tables: hold.tables, startMinute: hold.startMinute,
                                                   endMinute: hold.endMinute, outcome: outcome))
        if expired { restaurants[r].metrics.holdsExpired += 1 } else { restaurants[r].metrics.holdsReleased += 1 }
    }

    private mutating func removeHold(_ hold: HoldState, seq: Int) throws(InvariantViolation) {
        guard let r = restaurantIndex[hold.restaurant] else { throw violation(seq, "known-restaurant", "hold of an unknown restaurant") }
        let set = try tableSet(hold.tables, restaurant: r, seq: seq)
        restaurants[r].occupancy.remove(id: hold.id, from: set)
        activeHoldIDs.removeAll { $0 == hold.id }
        holds[hold.id] = nil
    }

    private mutating func confirm(_ event: Event, _ e: AssignmentConfirmed, seq: Int) throws(InvariantViolation) {
        let b = try pendingBookingPosition(of: event, seq: seq)
        let r = try restaurantPosition(of: event, seq: seq)
        let booking = bookings[b]
        guard let hold = holds[e.hold], hold.booking == booking.id, hold.tables == e.tables,
              hold.startMinute == e.startMinute, hold.endMinute == e.endMinute else {
            throw violation(seq, "confirm-own-hold", "assignment \(e.assignment) does not match a live hold of \(booking.id)",
                            bookings: [booking.id], tables: e.tables)
        }
        guard booking.assignment == nil, assignments[e.assignment] == nil else {
            throw violation(seq, "one-assignment", "booking \(booking.id) already has an assignment", bookings: [booking.id])
        }
        guard let window = booking.resolvedWindow,
              let service = restaurants[r].restaurant.services.first(where: { $0.name == window.service }),
              window.seatingEndMinute <= service.endMinute, window.startMinute >= service.startMinute else {
            throw violation(seq, "inside-service", "assignment lies outside its service period", bookings: [booking.id], tables: e.tables)
        }
        let set = try tableSet(e.tables, restaurant: r, seq: seq)
        try checkNoOverlap(set, restaurant: r, start: e.startMinute, end: e.endMinute, ignoring: e.hold, booking: booking.id, seq: seq)
        try removeHold(hold, seq: seq)
        assignments[e.assignment] = AssignmentState(id: e.assignment, booking: booking.id, restaurant: restaurants[r].slug,
                                                    tables: e.tables, startMinute: e.startMinute, endMinute: e.endMinute)
        assignmentIDs.append(e.assignment)
        restaurants[r].assignmentIDs.append(e.assignment)
        assignmentsMade += 1
        restaurants[r].occupancy.add(Occupancy.Occupation(kind: .assignment, id: e.assignment, booking: booking.id,
                                                          startMinute: e.startMinute, endMinute: e.endMinute, expiresAt: nil), on: set)
        bookings[b].status = .confirmed
        bookings[b].assignment = e.assignment
        bookings[b].tables = e.tables
        bookings[b].strategy = hold.strategy
        restaurants[r].metrics.confirmed += 1
        restaurants[r].metrics.use(tables: e.tables)
    }

    private mutating func fail(_ event: Event, _ e: BookingFailed, seq: Int) throws(InvariantViolation) {
        let b = try pendingBookingPosition(of: event, seq: seq)
        let r = try restaurantPosition(of: event, seq: seq)
        if let live = activeHoldIDs.first(where: { holds[$0]?.booking == bookings[b].id }) {
            throw violation(seq, "no-hold-left-behind", "booking \(bookings[b].id) failed with hold \(live) still live", bookings: [bookings[b].id])
        }
        bookings[b].status = .failed
        bookings[b].reason = e.reason
        restaurants[r].metrics.failed += 1
        restaurants[r].metrics.count(reason: e.reason)
    }

    private mutating func complete(_ e: RunCompleted, seq: Int) throws(InvariantViolation) {
        if let pending = bookings.first(where: { $0.status == .pending }) {
            throw violation(seq, "all-decided", "booking \(pending.id) is still pending at completion", bookings: [pending.id])
        }
        if let live = activeHoldIDs.first, let hold = holds[live] {
            throw violation(seq, "no-hold-left-behind", "hold \(live) is still live at completion", bookings: [hold.booking], tables: hold.tables)
        }
        let expected = summary(events: seq - 1)
        guard e == expected else {
            throw violation(seq, "summary", "run.completed says \(Self.text(e)), the events add up to \(Self.text(expected))")
        }
        completed = e
    }

    static func text(_ s: RunCompleted) -> String {
        "bookings \(s.bookings), confirmed \(s.confirmed), failed \(s.failed), refused \(s.refused), quotes \(s.quotes), holds \(s.holds), conflicts \(s.conflicts), events \(s.events)"
    }
}

/// Strategy labels as events carry them: `adjacent-xN` or `relaxed-xN`.
public enum StrategyLabel {
    public static func parse(_ label: String) -> Strategy? {
        // The common labels without splitting strings (this runs for every hold).
        if label.utf8.count == 10 || label.utf8.count == 11, let last = label.utf8.last, (49...53).contains(last) {
            let maxTables = Int(last - 48)
            if label.hasPrefix("adjacent-x") && label.utf8.count == 11 { return Strategy(label: label, requireAdjacency: true, maxTables: maxTables) }
            if label.hasPrefix("relaxed-x") && label.utf8.count == 10 { return Strategy(label: label, requireAdjacency: false, maxTables: maxTables) }
        }
        let parts = label.split(separator: "-")
        guard parts.count == 2, parts[1].hasPrefix("x"), let maxTables = Int(parts[1].dropFirst()),
              Strategy.maxTablesRange.contains(maxTables) else { return nil }
        switch parts[0] {
        case "adjacent": return Strategy(label: label, requireAdjacency: true, maxTables: maxTables)
        case "relaxed": return Strategy(label: label, requireAdjacency: false, maxTables: maxTables)
        default: return nil
        }
    }
}
