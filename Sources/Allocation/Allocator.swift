/// Anything that can quote: the real allocator, or a restricted one in a test that shows the
/// coverage oracle catching what it misses.
public protocol CandidateSearch: Sendable {
    func quote(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy, lookAhead: [LookAheadBooking]) -> Quote
    /// The table sets `quote` would offer (what the coverage oracle compares), in any order, and
    /// whether the search stopped at its budget before it had seen every subset.
    func offeredSets(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> (
        sets: [TableSet], limitReached: Bool
    )
}

extension CandidateSearch {
    public func offeredSets(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> (
        sets: [TableSet], limitReached: Bool
    ) {
        let quote = quote(request, floor: floor, occupancy: occupancy, lookAhead: [])
        return (quote.candidates.map(\.tables), quote.searchLimitReached)
    }
}

/// The allocator: enumerates single tables and same-zone combinations up to the strategy's
/// `maxTables` (a depth-first search pruned by the spare-seat limit), drops what is blocked,
/// scores the rest (`Score`) and ranks them (`Candidate.ranksBefore`). Pure: the same request on
/// the same floor and occupancy gives the same quote.
public struct Allocator: CandidateSearch {
    /// How far ahead (minutes after this booking's start) the look-ahead protects other bookings.
    public var lookAheadMinutes: Int
    /// The widest strategy the protected bookings may still use (the run's `--max-tables`).
    public var lookAheadMaxTables: Int

    public static let defaultLookAheadMinutes = 120

    /// Subsets one search may examine per zone (counted steps, never time): about 0.1 s of search
    /// on this machine. Per zone, because combinations never mix zones. Zones of up to ~60 tables never reach it at `--max-tables 4`; a 200-table zone
    /// of two-seat tables does, and the quote then says so (`Quote.searchLimitReached`).
    public static let searchBudget = 300_000

    public init(lookAheadMinutes: Int = Allocator.defaultLookAheadMinutes, lookAheadMaxTables: Int = 3) {
        self.lookAheadMinutes = lookAheadMinutes
        self.lookAheadMaxTables = lookAheadMaxTables
    }

    public func quote(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy, lookAhead: [LookAheadBooking])
        -> Quote
    {
        var quote = ranked(request, floor: floor, occupancy: occupancy, lookAhead: lookAhead)
        // An edit (format 7): the sets that keep every current table first, each group in rank
        // order, so a guest keeps their table when it still fits.
        let current = request.current
        if !current.isEmpty {
            let keeping = quote.candidates.filter { $0.tables.union(current) == $0.tables }
            quote.candidates = keeping + quote.candidates.filter { $0.tables.union(current) != $0.tables }
        }
        return quote
    }

    /// The candidates ranked by score, with the look-ahead's penalty.
    private func ranked(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy, lookAhead: [LookAheadBooking])
        -> Quote
    {
        var quote = Self.search(request, floor: floor, occupancy: occupancy)
        guard !quote.candidates.isEmpty else { return quote }
        let protected = plansOfProtectedBookings(request, floor: floor, occupancy: occupancy, lookAhead: lookAhead)
        guard !protected.isEmpty else { return quote }
        // A candidate strands a booking when it meets every one of its plans. Checked plan by plan
        // that is candidates × plans; with hundreds of thousands of each (a large fully adjacent
        // zone) it ran for many minutes, so large lists are counted instead (`PlanCover`).
        var covers = protected.map { plans in
            plans.count * quote.candidates.count > PlanCover.directChecks ? PlanCover(plans) : nil
        }
        for index in quote.candidates.indices {
            if SearchStop.requested(atStep: index) { break }
            let tables = quote.candidates[index].tables
            let strandsSomeone = protected.indices.contains { position in
                covers[position]?.meetsEveryPlan(tables) ?? protected[position].allSatisfy { $0.intersects(tables) }
            }
            if strandsSomeone { quote.candidates[index].score += Score.lookAheadPenalty }
        }
        quote.candidates.sort(by: Candidate.ranksBefore)
        return quote
    }

    /// For each other pending booking starting within the look-ahead and overlapping this window,
    /// the table sets it could still use (only bookings that have at least one).
    private func plansOfProtectedBookings(
        _ request: QuoteRequest, floor: Floor, occupancy: Occupancy,
        lookAhead: [LookAheadBooking]
    ) -> [[TableSet]] {
        var result: [[TableSet]] = []
        forEachProtected(request, floor: floor, occupancy: occupancy, lookAhead: lookAhead) { _, plans in
            result.append(plans)
        }
        return result
    }

    /// The bookings of `lookAhead` that `quote` protects, each with its plans found (none
    /// without one): what `quote` searches for itself. Several strategies of one booking share
    /// it (the same window, `now` and exclusions), so a caller asking them at once finds it once.
    public func protectedBookings(
        _ request: QuoteRequest, floor: Floor, occupancy: Occupancy,
        lookAhead: [LookAheadBooking]
    ) -> [LookAheadBooking] {
        var result: [LookAheadBooking] = []
        forEachProtected(request, floor: floor, occupancy: occupancy, lookAhead: lookAhead) { booking, plans in
            var protected = booking
            protected.plans = plans
            result.append(protected)
        }
        return result
    }

    private func forEachProtected(
        _ request: QuoteRequest, floor: Floor, occupancy: Occupancy, lookAhead: [LookAheadBooking],
        _ body: (LookAheadBooking, [TableSet]) -> Void
    ) {
        let start = request.window.startMinute
        for other in lookAhead where other.booking != request.booking {
            guard other.window.startMinute >= start, other.window.startMinute <= start + lookAheadMinutes,
                other.window.overlaps(startMinute: request.window.startMinute, endMinute: request.window.endMinute)
            else { continue }
            if other.plans == nil,
                Self.cannotBeStranded(
                    other, now: request.now, excluded: request.excluded, floor: floor, occupancy: occupancy)
            {
                continue
            }
            let plans =
                other.plans
                ?? protectedPlans(
                    other, now: request.now, excluded: request.excluded, floor: floor, occupancy: occupancy)
            if !plans.isEmpty { body(other, plans) }
        }
    }

    /// More pairwise disjoint plans than any candidate has tables (`--max-tables` is at most 5):
    /// a candidate of k tables meets at most k of them, so it cannot take every plan of a booking
    /// that has this many. Leaving such a booking out of the look-ahead changes no quote.
    public static let safeDisjointPlans = Strategy.maxTablesRange.upperBound + 1

    /// Floors above this many tables are probed (`cannotBeStranded`) before a booking's plans
    /// are searched; below it the probe's pass over the tables costs more than the plans
    /// (measured: it slowed the 20,000-booking bench day).
    public static let probeFloorSize = 64

    /// True when the floor is big enough to probe (`probeFloorSize`) and the booking has
    /// `safeDisjointPlans` free single tables that fit it (one-table plans, pairwise disjoint):
    /// found without enumerating its plans, which on a floor of 400 tables are thousands of sets.
    public static func cannotBeStranded(
        _ booking: LookAheadBooking, now: Int, excluded: TableSet, floor: Floor, occupancy: Occupancy
    ) -> Bool {
        guard floor.tables.count > probeFloorSize else { return false }
        var free = 0
        for (index, table) in floor.tables.enumerated()
        where table.active && table.fits(party: booking.partySize) && !excluded.contains(index) {
            guard occupancy.blocker(table: index, window: booking.window, booking: booking.booking, now: now) == nil
            else { continue }
            free += 1
            if free >= safeDisjointPlans { return true }
        }
        return false
    }

    /// The same sets `quote` offers (the look-ahead only reorders), without scoring them.
    public func offeredSets(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> (
        sets: [TableSet], limitReached: Bool
    ) {
        var search = CombinationSearch(request: request, floor: floor, occupancy: occupancy, setsOnly: true)
        search.run()
        return (search.sets, search.limitReached)
    }

    /// The table sets a protected booking could still use: every candidate of the widest
    /// relaxed strategy.
    public func protectedPlans(
        _ booking: LookAheadBooking, now: Int, excluded: TableSet, floor: Floor, occupancy: Occupancy
    ) -> [TableSet] {
        Self.candidateSets(lookAheadRequest(booking, now: now, excluded: excluded), floor: floor, occupancy: occupancy)
    }

    private func lookAheadRequest(_ booking: LookAheadBooking, now: Int, excluded: TableSet) -> QuoteRequest {
        let strategy = Strategy(label: "look-ahead", requireAdjacency: false, maxTables: lookAheadMaxTables)
        return QuoteRequest(
            booking: booking.booking, partySize: booking.partySize, window: booking.window,
            strategy: strategy, now: now, excluded: excluded)
    }

    /// Protected plans computed once, with the tables that were unavailable to that booking then.
    public struct PlanMemo: Sendable {
        public var unavailable: TableSet
        public var excluded: TableSet
        /// Every plan still open, unless `cannotBeStranded`: then it may also hold sets that
        /// have since become unavailable (they are filtered out when a witness is lost).
        public var plans: [TableSet]
        /// Pairwise disjoint open plans, up to `safeDisjointPlans`, the first found greedily in
        /// plan order.
        public var witnesses: [TableSet]
        /// False when the search stopped at the witnesses: `plans` is then only what it had
        /// found, and losing a witness means searching again rather than filtering.
        public var complete: Bool

        public var cannotBeStranded: Bool { witnesses.count >= Allocator.safeDisjointPlans }

        init(unavailable: TableSet, excluded: TableSet, plans: [TableSet], complete: Bool = true) {
            self.unavailable = unavailable
            self.excluded = excluded
            self.plans = plans
            self.complete = complete
            var found: [TableSet] = []
            var used = TableSet()
            for plan in plans where !plan.intersects(used) {
                found.append(plan)
                used = used.union(plan)
                if found.count == Allocator.safeDisjointPlans { break }
            }
            witnesses = found
        }
    }

    /// `protectedPlans`, reusing an earlier result when it can be reused exactly: the search's
    /// enumeration (order and bound included) does not depend on which tables are unavailable,
    /// only its filter does, so when the unavailable tables only grew since `memo`, the plans
    /// are `memo`'s without the sets that touch the newly unavailable ones. Anything else (a hold
    /// released or expired, other exclusions) searches again.
    public func protectedPlans(
        _ booking: LookAheadBooking, now: Int, excluded: TableSet, floor: Floor, occupancy: Occupancy,
        memo: PlanMemo?
    ) -> PlanMemo {
        let blocked = Self.unavailableTables(
            booking: booking.booking, window: booking.window, now: now, floor: floor, occupancy: occupancy)
        let unavailable = blocked.booked.union(blocked.held)
        if let memo, memo.excluded == excluded, memo.unavailable.intersection(unavailable) == memo.unavailable {
            if memo.unavailable == unavailable { return memo }
            // Still safe while every witness is open: skip filtering thousands of plans.
            if memo.cannotBeStranded && !memo.witnesses.contains(where: { $0.intersects(unavailable) }) {
                var kept = memo
                kept.unavailable = unavailable
                return kept
            }
            if memo.complete {
                return PlanMemo(
                    unavailable: unavailable, excluded: excluded,
                    plans: memo.plans.filter { !$0.intersects(unavailable) })
            }
        }
        // Searched again, with the unavailable tables just found (not scanned a second time),
        // stopping at the witnesses: the greedy disjoint sets of a prefix of the enumeration are
        // those of the whole, so the verdict is the full search's.
        var search = CombinationSearch(
            request: lookAheadRequest(booking, now: now, excluded: excluded), floor: floor,
            occupancy: occupancy, setsOnly: true, unavailable: blocked)
        search.stopAtDisjoint = Self.safeDisjointPlans
        search.run()
        return PlanMemo(unavailable: unavailable, excluded: excluded, plans: search.sets, complete: !search.stopped)
    }

    /// Tables an assignment (`booked`) or another booking's live hold (`held`) keeps from
    /// `booking` during `window` at `now`.
    public static func unavailableTables(
        booking: String, window: BookingWindow, now: Int, floor: Floor,
        occupancy: Occupancy
    ) -> (booked: TableSet, held: TableSet) {
        var booked = TableSet()
        var held = TableSet()
        for index in floor.tables.indices {
            guard let blocker = occupancy.blocker(table: index, window: window, booking: booking, now: now) else {
                continue
            }
            if blocker.kind == .assignment { booked.insert(index) } else { held.insert(index) }
        }
        return (booked, held)
    }

    /// The candidate table sets of the search, unscored and unranked (what the look-ahead needs).
    public static func candidateSets(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> [TableSet] {
        var search = CombinationSearch(request: request, floor: floor, occupancy: occupancy, setsOnly: true)
        search.run()
        return search.sets
    }

    /// The search without look-ahead.
    public static func search(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy) -> Quote {
        var search = CombinationSearch(request: request, floor: floor, occupancy: occupancy, setsOnly: false)
        search.run()
        search.candidates.sort(by: Candidate.ranksBefore)
        var quote = Quote(
            strategy: request.strategy, window: request.window, candidates: search.candidates,
            rejections: search.rejections)
        quote.searchLimitReached = search.limitReached
        return quote
    }
}

/// The working state of one search.
private struct CombinationSearch {
    let request: QuoteRequest
    let floor: Floor
    let booked: TableSet
    let held: TableSet
    let limit: Int
    /// Collect bare sets (no score, no depth unless adjacency is required).
    let setsOnly: Bool
    var candidates: [Candidate] = []
    var sets: [TableSet] = []
    var rejections = RejectionCounts()
    var members: [Int] = []
    /// Subsets of the current zone examined so far, bounded by `Allocator.searchBudget` so that a huge zone of tiny
    /// tables cannot stall a run: past it the search stops (deterministically: always at the same
    /// subset) and says so.
    var examined = 0
    var limitReached = false
    /// Set for the look-ahead: stop once this many pairwise disjoint sets are found (greedily, in
    /// enumeration order), since a booking with that many cannot be stranded (`safeDisjointPlans`).
    var stopAtDisjoint: Int?
    /// The greedy disjoint sets found so far, and their union.
    var disjoint: [TableSet] = []
    var disjointUnion = TableSet()
    var stopped = false

    /// `unavailable`: the request's booked and held tables when the caller has just computed them.
    init(
        request: QuoteRequest, floor: Floor, occupancy: Occupancy, setsOnly: Bool,
        unavailable: (booked: TableSet, held: TableSet)? = nil
    ) {
        let (booked, held) =
            unavailable
            ?? Allocator.unavailableTables(
                booking: request.booking, window: request.window,
                now: request.now, floor: floor, occupancy: occupancy)
        self.request = request
        self.floor = floor
        self.booked = booked
        self.held = held
        self.setsOnly = setsOnly
        self.limit = request.partySize + floor.restaurant.maxOverage
        if setsOnly { sets.reserveCapacity(64) } else { candidates.reserveCapacity(64) }
        members.reserveCapacity(floor.tables.count)
    }

    mutating func run() {
        singles()
        if request.strategy.maxTables >= 2 && !stopped {
            for zone in floor.zones where !stopped { combinations(in: zone.tables) }
        }
    }

    mutating func singles() {
        for (index, table) in floor.tables.enumerated() where !request.excluded.contains(index) {
            if !table.active {
                rejections.add(.inactive)
                continue
            }
            if !table.fits(party: request.partySize) {
                rejections.add(.capacity)
                continue
            }
            if booked.contains(index) {
                rejections.add(.booked)
                continue
            }
            if held.contains(index) {
                rejections.add(.held)
                continue
            }
            if setsOnly {
                collect(TableSet([index]))
                if stopped { return }
                continue
            }
            let (score, spare, capacity) = Score.of(
                set: TableSet([index]), partySize: request.partySize, floor: floor, depth: 0)
            candidates.append(
                Candidate(tables: TableSet([index]), capacity: capacity, spareSeats: spare, depth: 0, score: score))
        }
    }

    mutating func combinations(in zone: TableSet) {
        // The budget is per zone: the cost is (combinations never mix zones).
        examined = 0
        members.removeAll(keepingCapacity: true)
        // The look-ahead counts no rejections, so it leaves taken tables out of the enumeration
        // (every set holding one would be dropped anyway) instead of trying their subsets.
        let skipped = stopAtDisjoint == nil ? request.excluded : request.excluded.union(booked).union(held)
        for index in zone where floor.tables[index].active && !skipped.contains(index) { members.append(index) }
        extend(from: 0, set: TableSet(), capacity: 0, count: 0)
    }

    /// Depth-first over index-ordered subsets; a subset over the spare-seat limit is not extended
    /// (capacities are positive, so every superset is over it too).
    private mutating func extend(from position: Int, set: TableSet, capacity: Int, count: Int) {
        guard position < members.count else { return }
        for next in position..<members.count {
            examined += 1
            if examined > Allocator.searchBudget {
                limitReached = true
                return
            }
            if SearchStop.requested(atStep: examined) {
                limitReached = true
                stopped = true
            }
            if stopped { return }
            let index = members[next]
            var grown = set
            grown.insert(index)
            let grownCapacity = capacity + floor.tables[index].maxCovers
            let grownCount = count + 1
            if grownCapacity > limit {
                if grownCount >= 2 { rejections.add(.spareSeats) }
                continue
            }
            if grownCount >= 2 && grownCapacity >= request.partySize { evaluate(grown) }
            if grownCount < request.strategy.maxTables {
                extend(from: next + 1, set: grown, capacity: grownCapacity, count: grownCount)
            }
        }
    }

    /// Keeps a bare set; with `stopAtDisjoint`, stops the search at that many disjoint sets.
    private mutating func collect(_ set: TableSet) {
        sets.append(set)
        guard let stopAtDisjoint, !set.intersects(disjointUnion) else { return }
        disjoint.append(set)
        disjointUnion = disjointUnion.union(set)
        if disjoint.count >= stopAtDisjoint { stopped = true }
    }

    private mutating func evaluate(_ set: TableSet) {
        if set.intersects(booked) {
            rejections.add(.booked)
            return
        }
        if set.intersects(held) {
            rejections.add(.held)
            return
        }
        if setsOnly && !request.strategy.requireAdjacency {
            collect(set)
            return
        }
        let depth = floor.adjacencyDepth(of: set)
        if setsOnly {
            if depth != nil { collect(set) } else { rejections.add(.notAdjacent) }
            return
        }
        if request.strategy.requireAdjacency && depth == nil {
            rejections.add(.notAdjacent)
            return
        }
        let (score, spare, capacity) = Score.of(
            set: set, partySize: request.partySize, floor: floor, depth: depth ?? set.count)
        candidates.append(
            Candidate(tables: set, capacity: capacity, spareSeats: spare, depth: depth ?? set.count, score: score))
    }
}
