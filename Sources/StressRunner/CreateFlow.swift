import Allocation
import Projections
import Scenarios

/// The create flow (`--mode reserve`): clones up to clone-limit bookings of the source date
/// (starting at or after source-after, in (start, id) order) as new bookings through
/// create-with-capacity-check, then for each created booking tries every strategy in order and,
/// within a strategy, every candidate best first (hold, confirm; on a conflict release and go on)
/// until confirmed or exhausted.
///
/// `--clients N` runs N virtual clients at once. A scheduler drawing from the run's seeded
/// `scheduler` stream picks which client takes its next step, so quotes go stale, holds collide
/// and confirms race, identically on every replay.
///
/// With `--edit-rate` or `--cancel-rate` (format 7), a client whose clone was just confirmed
/// draws (`ChangeDraw`, from the run's `changes` stream) whether its guest edits or cancels it; it
/// does so as its next step, racing the other clients like any step: an edit goes through the
/// same quote, hold and confirm phases for the new party and window (`ChangeFlow`).
///
/// On a live floor (`--prefill`, format 4) the clones are handed out restaurant by restaurant
/// (scenario order), each restaurant's in (start, id) order: clients that run at once work on
/// the same restaurant at nearby hours, so they want the same tables. Captures of format 3 or
/// below (no `prefill`) hand them out in (start, id) order across restaurants, as they ran.
struct CreateFlow {
    let operations: Operations
    /// The run's restaurants, in scenario order.
    let restaurants: [RestaurantPlan]
    /// The scenario's date: the default source date.
    let scenarioDate: String

    /// Where one client is in its current booking.
    enum Phase {
        case idle
        case quoting(booking: String, strategy: Int, reason: RejectionReason)
        case holding(booking: String, strategy: Int, candidates: [Candidate], next: Int, reason: RejectionReason)
        case confirming(booking: String, strategy: Int, candidates: [Candidate], next: Int, hold: String)
        /// The guest of a just-confirmed clone edits or cancels it, as the client's next step.
        case changing(booking: String, decision: ChangeDraw.Decision)
        case finished
    }

    /// Steps any run may take at most (bound everything).
    static let maximumSteps = 50_000_000

    func run() throws {
        var sources = sourceBookings()[...]
        let strategies = Strategy.legacyOrder(maxTables: operations.options.maxTables)
        var phases = [Phase](repeating: .idle, count: operations.options.clients)
        var scheduler = SplitMix64(seed: operations.options.seed, stream: .scheduler)
        var changes = SplitMix64(seed: operations.options.seed, stream: .changes)
        var created = 0
        var decided = 0
        let total = sources.count
        for _ in 0..<Self.maximumSteps {
            let active = phases.indices.filter { if case .finished = phases[$0] { false } else { true } }
            if active.isEmpty { return }
            let client = active[operations.options.clients == 1 ? 0 : scheduler.below(active.count)]
            let before = phases[client]
            phases[client] = try step(
                client: client + 1, phase: before, sources: &sources, created: &created, strategies: strategies,
                changes: &changes)
            if case .idle = phases[client], !isIdle(before) {
                decided += 1
                operations.onProgress?(
                    RunProgress(
                        restaurantsDone: 0, restaurants: restaurants.count, bookingsDecided: decided,
                        bookings: total, events: operations.state.lastSeq))
            }
        }
        throw RunError.stepLimit(Self.maximumSteps)
    }

    private func isIdle(_ phase: Phase) -> Bool { if case .idle = phase { true } else { false } }

    /// The bookings to clone, in the order clients take them: the first clone-limit seeded
    /// bookings of the source date in (start, id) order, then (on a live floor) grouped by
    /// restaurant in scenario order, each group in (start, id) order; with `--clone-order
    /// arrival`, the first clone-limit in the scenario's order, as they are.
    func sourceBookings() -> [BookingState] {
        let sourceDate = operations.options.sourceDate ?? scenarioDate
        let slugs = Set(restaurants.map(\.restaurant.slug))  // membership only
        // Seeded bookings only (a clone names its source); prefilled ones are decided by now.
        let candidates = operations.state.bookings.filter {
            $0.source == nil && $0.date == sourceDate && $0.startMinute >= operations.options.sourceAfterMinute
                && slugs.contains($0.restaurant)
        }
        // Arrival order (format 6): the seeded order, which is the scenario's, across restaurants.
        if operations.options.cloneOrder == .arrival { return Array(candidates.prefix(operations.options.cloneLimit)) }
        let chosen = candidates.sorted { ($0.startMinute, $0.id) < ($1.startMinute, $1.id) }.prefix(
            operations.options.cloneLimit)
        guard operations.options.prefill != nil else { return Array(chosen) }
        let order = restaurants.map(\.restaurant.slug)
        return restaurants.indices.flatMap { position in chosen.filter { $0.restaurant == order[position] } }
    }

    /// Tables kept out of quotes: with `--avoid-used`, those already assigned in the restaurant,
    /// except, for an edit, the booking's own (it may keep them).
    func excludedTables(_ slug: String, editing booking: BookingState? = nil) -> TableSet {
        guard operations.options.avoidUsed, let restaurant = operations.state.restaurant(slug) else {
            return TableSet()
        }
        let used = restaurant.floor.tableSet(ids: restaurant.metrics.tablesUsed) ?? TableSet()
        guard let booking, booking.edit != nil, let own = restaurant.floor.tableSet(ids: booking.tables) else {
            return used
        }
        return used.subtracting(own)
    }

    private func step(
        client: Int, phase: Phase, sources: inout ArraySlice<BookingState>, created: inout Int,
        strategies: [Strategy], changes: inout SplitMix64
    ) throws -> Phase {
        switch phase {
        case .finished:
            return .finished
        case .idle:
            guard let source = sources.popFirst() else { return .finished }
            created += 1
            return try create(from: source, number: created, client: client)
        case let .changing(id, decision):
            guard let booking = operations.currentBooking(id) else { return .idle }
            let flow = ChangeFlow(operations: operations)
            switch decision {
            case .keep: return .idle
            case .cancel:
                _ = try flow.cancel(booking, client: client)
                return .idle
            case let .edit(party, start):
                let open = try flow.request(
                    booking, partySize: party ?? booking.partySize, startMinute: start ?? booking.startMinute,
                    client: client)
                return open ? .quoting(booking: id, strategy: 0, reason: .noTableFits) : .idle
            }
        case let .quoting(id, strategyIndex, reason):
            guard let booking = operations.currentBooking(id), let window = booking.workingWindow else { return .idle }
            let quote = try operations.quote(
                booking, window: window, strategy: strategies[strategyIndex],
                excluded: excludedTables(booking.restaurant, editing: booking))
            if quote.candidates.isEmpty {
                return try next(id, after: strategyIndex, strategies: strategies, reason: quote.emptyReason)
            }
            return .holding(booking: id, strategy: strategyIndex, candidates: quote.candidates, next: 0, reason: reason)
        case let .holding(id, strategyIndex, candidates, index, _):
            guard let booking = operations.currentBooking(id), let window = booking.workingWindow else { return .idle }
            let strategy = strategies[strategyIndex]
            guard
                let hold = try operations.placeHold(
                    booking, window: window, candidate: candidates[index], rank: index + 1, strategy: strategy)
            else {
                return try nextCandidate(
                    id, strategyIndex, candidates, after: index, strategies: strategies, reason: .holdConflict)
            }
            return .confirming(booking: id, strategy: strategyIndex, candidates: candidates, next: index, hold: hold)
        case let .confirming(id, strategyIndex, candidates, index, hold):
            guard let booking = operations.currentBooking(id) else { return .idle }
            guard
                let refusal = try operations.confirm(
                    booking, hold: hold, strategy: strategies[strategyIndex], rank: index + 1)
            else { return booking.edit == nil ? draw(for: id, changes: &changes) : .idle }
            return try nextCandidate(
                id, strategyIndex, candidates, after: index, strategies: strategies, reason: refusal)
        }
    }

    private func nextCandidate(
        _ id: String, _ strategyIndex: Int, _ candidates: [Candidate], after index: Int,
        strategies: [Strategy], reason: RejectionReason
    ) throws -> Phase {
        if index + 1 < candidates.count {
            return .holding(
                booking: id, strategy: strategyIndex, candidates: candidates, next: index + 1, reason: reason)
        }
        return try next(id, after: strategyIndex, strategies: strategies, reason: reason)
    }

    /// The next strategy, or the booking's failure when none is left.
    private func next(_ id: String, after strategyIndex: Int, strategies: [Strategy], reason: RejectionReason) throws
        -> Phase
    {
        if strategyIndex + 1 < strategies.count {
            return .quoting(booking: id, strategy: strategyIndex + 1, reason: reason)
        }
        guard let booking = operations.currentBooking(id) else { return .idle }
        if booking.edit != nil {
            try ChangeFlow(operations: operations).fail(booking, reason: reason)
            return .idle
        }
        try operations.emit(
            .bookingFailed(BookingFailed(reason: reason.rawValue, attempts: booking.quotes)),
            restaurant: booking.restaurant, booking: booking.id)
        operations.report("\(booking.restaurant) \(booking.id) failed: \(reason.rawValue)")
        return .idle
    }

    /// Whether the guest of a clone just confirmed edits or cancels it (`--edit-rate`,
    /// `--cancel-rate`): nothing is drawn when both are 0, so such runs are as before.
    private func draw(for id: String, changes: inout SplitMix64) -> Phase {
        let options = operations.options
        // Looked up in place (`Operations.restaurantPosition`): a copy of the state per confirm would cost.
        guard options.editRatePerMille + options.cancelRatePerMille > 0, let booking = operations.currentBooking(id),
            let window = booking.resolvedWindow, let position = operations.state.restaurantIndex[booking.restaurant],
            let service = operations.state.restaurants[position].restaurant.services.first(where: {
                $0.name == window.service
            })
        else { return .idle }
        let stay = window.seatingEndMinute - window.startMinute
        let latest = service.endMinute - stay
        let decision = ChangeDraw.decide(
            partySize: booking.partySize, startMinute: booking.startMinute,
            service: service.startMinute <= latest ? service.startMinute...latest : nil,
            earliest: operations.emitter.now / 60, editPerMille: options.editRatePerMille,
            cancelPerMille: options.cancelRatePerMille, random: &changes)
        return decision == .keep ? .idle : .changing(booking: id, decision: decision)
    }

    /// Create-with-capacity-check: refused when the window cannot exist or no table set is free
    /// for it right now; else the booking is created and its client starts quoting.
    private func create(from source: BookingState, number: Int, client: Int) throws -> Phase {
        try operations.emitter.advance(by: VirtualClock.createSeconds)
        let id = Identifier.created(number)
        guard let restaurant = operations.state.restaurant(source.restaurant) else {
            throw RunError.unknownRestaurant(source.restaurant)
        }
        let refusal: RejectionReason?
        var checkedWindow: BookingWindow?
        switch restaurant.floor.window(
            startMinute: source.startMinute, partySize: source.partySize, durationMinutes: source.durationMinutes)
        {
        case .failure(let windowRefusal):
            refusal = windowRefusal.reason
        case .success(let window):
            checkedWindow = window
            let booking = BookingState(
                id: id, restaurant: source.restaurant, date: source.date, startMinute: source.startMinute,
                partySize: source.partySize, durationMinutes: source.durationMinutes, status: .pending)
            refusal = try operations.capacityRefusal(
                booking, window: window, excluded: excludedTables(source.restaurant))
        }
        if let refusal {
            try operations.emit(
                .bookingRefused(BookingRefused(source: source.id, reason: refusal.rawValue)),
                restaurant: source.restaurant, booking: id)
            operations.report("\(source.restaurant) \(id) (from \(source.id)) refused: \(refusal.rawValue)")
            // An outside engine's "no capacity" is a claim the oracle checks, as at a first quote:
            // a booking turned away while a feasible set was free is a phantom. (The built-in
            // allocator's check is its own search, exact below its budget: its runs are unchanged.)
            if [.noCapacity, .engineMissed, .declaredRule].contains(refusal), operations.engine.identity != nil,
                let window = checkedWindow,
                let refused = operations.currentBooking(id)
            {
                try operations.measureCoverage(
                    booking: refused, window: window, excluded: excludedTables(source.restaurant))
            }
            return .idle
        }
        try operations.emit(
            .bookingCreated(
                BookingCreated(
                    source: source.id, startMinute: source.startMinute, partySize: source.partySize,
                    durationMinutes: source.durationMinutes, client: client)),
            restaurant: source.restaurant, booking: id)
        if let position = operations.state.bookingIndex[id] {
            operations.pendingIndex.add(position: position, in: operations.state)
        }
        operations.report("\(source.restaurant) \(id) created from \(source.id) by client \(client)")
        return .quoting(booking: id, strategy: 0, reason: .noTableFits)
    }
}
