import Allocation
import Projections

/// The steps a flow takes: quote (through the engine), measure coverage, hold, confirm, release.
/// Each step advances the virtual clock by its cost and records what happened as events; the
/// flows (`AssignLoop`, `CreateFlow`) only decide which step comes next.
final class Operations {
    let options: RunOptions
    let emitter: Emitter
    let engine: any Engine
    var pendingIndex = PendingIndex()
    /// The last look-ahead list asked for, and what it was asked for.
    private var lastPending: (key: PendingKey, list: [LookAheadBooking])?
    private struct PendingKey: Equatable {
        var booking: String
        var startMinute: Int
        var changes: Int
    }
    /// Called after each decided booking (for the progress line).
    var onProgress: ((RunProgress) -> Void)?

    init(options: RunOptions, emitter: Emitter, engine: any Engine) {
        self.options = options
        self.emitter = emitter
        self.engine = engine
    }

    /// Read in place: the flows read it on every step, and a copy of the whole state per read
    /// made re-execution 30% slower.
    var state: RunState {
        _read { yield emitter.state }
    }

    func emit(_ body: EventBody, restaurant: String? = nil, booking: String? = nil) throws {
        try emitter.emit(body, restaurant: restaurant, booking: booking)
    }

    func report(_ line: @autoclosure () -> String) { emitter.report(line()) }

    /// Positions in `state.bookings` of a restaurant's bookings in the run, sorted by (start, id).
    func bookingPositions(of slug: String) -> [Int] {
        (state.restaurant(slug)?.bookingPositions ?? []).filter { state.bookings[$0].status != .source }
            .sorted {
                (state.bookings[$0].startMinute, state.bookings[$0].id) < (
                    state.bookings[$1].startMinute, state.bookings[$1].id
                )
            }
    }

    /// Releases, with reason `cleanup`, every live hold whose booking is not being worked on
    /// (all of them at run start, between passes of the assign loop, and before completion), so
    /// no pass or rerun inherits a hold from an abandoned step: the original's reset cleared
    /// neither holds nor locks. A multi-table plan is one hold, so no half of one can remain.
    func releaseStaleHolds(keeping inProgress: [String] = []) throws {
        for id in state.activeHoldIDs {
            guard let hold = state.holds[id], !inProgress.contains(hold.booking) else { continue }
            try emit(
                .holdReleased(HoldReleased(hold: id, reason: "cleanup")), restaurant: hold.restaurant,
                booking: hold.booking)
            report("\(hold.restaurant) \(hold.booking) hold \(id) released by cleanup")
        }
    }

    // MARK: Quoting

    /// The question for the engine about one booking and strategy, at the current state.
    func question(_ booking: BookingState, window: BookingWindow, strategy: Strategy, excluded: TableSet) throws
        -> EngineQuestion
    {
        let position = try restaurantPosition(booking.restaurant)
        var request = QuoteRequest(
            booking: booking.id, partySize: booking.workingPartySize, window: window, strategy: strategy,
            now: emitter.now, excluded: excluded)
        // An edit: the booking's tables now, free for it, named so that an engine can keep them.
        if booking.edit != nil, let current = state.restaurants[position].floor.tableSet(ids: booking.tables) {
            request.current = current
        }
        // A booking's strategies are quoted one after another on the same window: its pending
        // list stands while no booking of the restaurant is added or leaves pending.
        let key = PendingKey(
            booking: booking.id, startMinute: window.startMinute, changes: state.restaurants[position].bookingChanges)
        if lastPending?.key != key {
            lastPending = (
                key,
                pendingIndex.pending(
                    restaurant: booking.restaurant, besides: booking.id, window: window,
                    minutes: engine.lookAheadMinutes, in: state)
            )
        }
        // Format 5: `busy` also lists what touches a window or lies within the buffer of it.
        let margin = options.oracle == nil ? nil : state.restaurants[position].floor.restaurant.bufferMinutes
        var question = EngineQuestion(
            restaurant: state.restaurants[position], request: request, pending: lastPending?.list ?? [],
            busyMarginMinutes: margin)
        // An edit's question is asked as the protocol sends it: the booking's own assignment is
        // not busy (it is `current`), for the booking and for the look-ahead's bookings alike, so
        // the built-in allocator in process answers what `engine serve` answers.
        if !request.current.isEmpty, let assignment = booking.assignment {
            question.occupancy.remove(id: assignment, from: request.current)
        }
        return question
    }

    /// The restaurant's position in `state.restaurants`, whose fields are then read in place.
    ///
    /// The look-ups here read the state's fields, not its methods: a method called through the
    /// `state` accessor gets a copy of the whole state (every array and dictionary retained, then
    /// released), which several look-ups per quote made a tenth of a crowded day's record.
    func restaurantPosition(_ slug: String) throws -> Int {
        guard let position = state.restaurantIndex[slug] else { throw RunError.unknownRestaurant(slug) }
        return position
    }

    /// A booking's state now, looked up in place (see `restaurantPosition`).
    func currentBooking(_ id: String) -> BookingState? {
        guard let position = state.bookingIndex[id] else { return nil }
        return state.bookings[position]
    }

    /// Quotes one strategy for a booking and records it: the oracle judges every strategy at a
    /// booking's first quote (`coverage.measured`) and, with `--oracle every`, each later quote
    /// against its own strategy's feasible sets (`quote.issued`'s `oracle`).
    func quote(_ booking: BookingState, window: BookingWindow, strategy: Strategy, excluded: TableSet = TableSet())
        throws -> Quote
    {
        try emitter.advance(by: VirtualClock.quoteSeconds)
        let question = try question(booking, window: window, strategy: strategy, excluded: excluded)
        let attempt = (currentBooking(booking.id)?.quotes ?? 0) + 1
        // An edit's quotes (format 7) are each judged on their own, with the `keeping` check; the
        // first-quote coverage of every strategy belongs to a booking's first request only.
        let editing = booking.edit != nil
        let strategies = Strategy.legacyOrder(maxTables: options.maxTables)
        let position = attempt == 1 && options.bruteforce && !editing ? strategies.firstIndex(of: strategy) : nil
        // The oracle asks every strategy at this same state after a booking's first quote; an
        // engine that answers them together answers this quote in the same exchange.
        var coverageAnswers: [EngineAnswer]?
        var engineAnswer: EngineAnswer?
        if let position, engine.answersQuotesTogether {
            let answers = try engine.offers(question, strategies: strategies)
            coverageAnswers = answers
            engineAnswer = answers[position]
        }
        let given = try engineAnswer ?? engine.quote(question)
        // The oracle's sets of this quote's strategy, enumerated at most once: for the verdict, and
        // (format 5) to tell an engine's miss from the floor's when it offered nothing.
        var found: (keys: [UInt64], limitReached: Bool)?
        func feasible() -> (keys: [UInt64], limitReached: Bool) {
            if let found { return found }
            let made = CoverageOracle.feasibleKeys(
                for: question.request, floor: question.floor, occupancy: question.occupancy)
            found = made
            return made
        }
        let answer = try Answer(
            given, question: question,
            feasible: options.oracle == nil ? nil : { feasible().keys.map(TableSet.init(lexicographicKey:)) },
            rules: engine.rules)
        // An error answer gets no verdict: it is counted as an error, not as sets missed.
        let judged =
            (editing ? options.oracle != nil : attempt > 1 && options.oracle == .every) && options.bruteforce
            && answer.record?.error == nil
        var verdict = judged ? judge(answer, question: question, feasible: feasible()) : nil
        if editing, verdict != nil, verdict?.limitReached == false {
            verdict?.keeping = Self.keeping(
                offered: answer.quote.candidates.map(\.tables), feasibleKeys: feasible().keys,
                current: question.request.current)
        }
        let floor = question.floor
        try emit(
            .quoteIssued(
                QuoteIssued(
                    strategy: strategy.label, attempt: attempt, startMinute: window.startMinute,
                    endMinute: window.endMinute,
                    candidates: answer.quote.candidates.count,
                    top: answer.quote.candidates.prefix(QuoteIssued.topCount).map {
                        QuotedCandidate(tables: floor.ids(of: $0.tables), score: answer.scored ? $0.score : nil)
                    },
                    rejected: answer.rejected, engine: answer.record,
                    searchLimitReached: answer.quote.searchLimitReached, oracle: verdict)),
            restaurant: booking.restaurant, booking: booking.id)
        // Format 5: the run's own answer stands for its strategy in the oracle's question (the
        // same question at the same state), so only the other strategies are asked; after the
        // quote's event, so a divergence there shows the quote's own exchange.
        if let position, coverageAnswers == nil, options.oracle != nil {
            var others = strategies
            others.remove(at: position)
            var answers = try engine.offers(question, strategies: others)
            answers.insert(given, at: position)
            coverageAnswers = answers
        }
        if attempt == 1 {
            try measureCoverage(booking: booking, window: window, excluded: excluded, answers: coverageAnswers)
        }
        if emitter.log.isOn {
            emitter.log.quote(
                booking: "\(booking.restaurant) \(booking.id) party \(booking.partySize)", strategy: strategy.label,
                candidates: answer.quote.candidates.count)
        }
        return answer.quote
    }

    /// The oracle's verdict on one answer: its sound sets against the feasible sets of its
    /// strategy at the question's state (`feasible`), with the engine's declared rules.
    func judge(_ answer: Answer, question: EngineQuestion, feasible: (keys: [UInt64], limitReached: Bool))
        -> OracleVerdict
    {
        let floor = question.floor
        let offered = answer.quote.candidates.map(\.tables)
        let coverage = CoverageOracle.judge(
            offered: offered, feasibleKeys: feasible.keys, answerCount: offered.count,
            partySize: question.request.partySize, floor: floor, rules: engine.rules)
        return Self.verdict(
            coverage, floor: floor, limitReached: feasible.limitReached || answer.quote.searchLimitReached)
    }

    /// An edit's `keeping` check: the feasible sets holding every current table, and how many of
    /// them the answer offered.
    static func keeping(offered: [TableSet], feasibleKeys: [UInt64], current: TableSet) -> OracleVerdict.Keeping {
        let keeps = { (set: TableSet) in set.union(current) == set }
        let feasible = feasibleKeys.lazy.map(TableSet.init(lexicographicKey:)).filter(keeps).count
        let offeredKeeping = offered.filter(keeps).count
        return OracleVerdict.Keeping(feasible: feasible, offered: offeredKeeping)
    }

    /// A comparison as an event records it: a cut verdict keeps its counts and lists no miss.
    static func verdict(_ coverage: Coverage, floor: Floor, limitReached: Bool) -> OracleVerdict {
        limitReached
            ? OracleVerdict(
                feasible: coverage.feasible, quotedFeasible: coverage.quotedFeasible, missedCount: 0, missed: [],
                excludedCount: 0,
                limitReached: true)
            : OracleVerdict(
                feasible: coverage.feasible, quotedFeasible: coverage.quotedFeasible,
                missedCount: coverage.missed.count,
                missed: coverage.missed.prefix(CoverageMeasured.listedMisses).map(floor.ids(of:)),
                excludedCount: coverage.excluded)
    }

    /// One strategy's answer as the oracle reads it.
    private struct StrategyAnswer {
        var strategy: Strategy
        var sets: [TableSet]
        var unsound: [[String]]
        var searchLimited: Bool
        /// What an outside engine counted as `rejected` (nil for the built-in allocator).
        var rejected: [(reason: String, count: Int)]?
        /// The engine answered with an error: its sets (none) count in the union, it gets no verdict of its own.
        var failed = false
    }

    /// Quotes every strategy at the current state and records what the oracle thinks of each
    /// answer and of the union of the offers: the coverage of this booking's first quote.
    /// `answers`: the engine's offers under every strategy, when already asked at this state.
    func measureCoverage(
        booking: BookingState, window: BookingWindow, excluded: TableSet, answers known: [EngineAnswer]? = nil
    ) throws {
        guard options.bruteforce else { return }
        // One question, asked under each strategy in turn (the floor does not change between them).
        let strategies = Strategy.legacyOrder(maxTables: options.maxTables)
        var question = try question(booking, window: window, strategy: strategies[0], excluded: excluded)
        let floor = question.floor
        let answers = try known ?? engine.offers(question, strategies: strategies)
        var read: [StrategyAnswer] = []
        for (strategy, answer) in zip(strategies, answers) {
            question.request.strategy = strategy
            if case .trustedSets(let sets, let limitReached) = answer {
                read.append(
                    StrategyAnswer(
                        strategy: strategy, sets: sets, unsound: [], searchLimited: limitReached, rejected: nil))
            } else {
                let checked = try Answer(answer, question: question, judgingEmpty: false)
                read.append(
                    StrategyAnswer(
                        strategy: strategy, sets: checked.quote.candidates.map(\.tables),
                        unsound: checked.record?.unsound.map(\.tables) ?? [],
                        searchLimited: checked.quote.searchLimitReached,
                        // A `sets` answer (protocol 3) counts no rejections: none are recorded.
                        rejected: checked.record == nil || answer.isUnranked ? nil : checked.rejected,
                        failed: checked.record?.error != nil))
            }
        }
        let feasible = CoverageOracle.feasibleKeys(
            partySize: booking.partySize, window: window, booking: booking.id, now: emitter.now,
            floor: floor, occupancy: question.occupancy, maxTables: options.maxTables,
            excluded: excluded)
        let rules = engine.rules
        let capped = rules.maxCandidates.map { cap in read.filter { $0.sets.count >= cap }.map(\.strategy) } ?? []
        let limited = read.contains(where: \.searchLimited) || feasible.limitReached
        let coverage = CoverageOracle.judgeUnion(
            offered: read.flatMap(\.sets), feasibleKeys: feasible.keys, capped: capped,
            partySize: booking.partySize, floor: floor, rules: rules, countsOnly: limited)
        let unsound = Self.uniqueSets(read.flatMap(\.unsound))
        // Format 5: each strategy's answer judged against that strategy's feasible sets.
        let judgedAnswers = options.oracle == nil ? [] : read.filter { !$0.failed }
        let verdicts = CoverageOracle.forEachStrategy(
            judgedAnswers.map(\.strategy), ofKeys: feasible.keys, floor: floor
        ) { index, allowed in
            let each = judgedAnswers[index]
            let limited = feasible.limitReached || each.searchLimited
            let judged = CoverageOracle.judge(
                offered: each.sets, feasibleKeys: allowed, answerCount: each.sets.count, partySize: booking.partySize,
                floor: floor, rules: rules, countsOnly: limited)
            return StrategyVerdict(
                strategy: each.strategy.label,
                verdict: Self.verdict(judged, floor: floor, limitReached: limited),
                rejected: each.rejected)
        }
        let strategyVerdicts: [StrategyVerdict]? = options.oracle == nil ? nil : verdicts
        guard !limited else {
            // A budget stopped the search or the oracle: neither list is whole, so nothing is
            // missed or unsound by comparison. What stays true: the sets each side found, a
            // phantom (nothing offered while a feasible set exists), and offers that broke a
            // rule on their own (an outside engine's, checked one by one).
            try emit(
                .coverageMeasured(
                    CoverageMeasured(
                        feasible: coverage.feasible, quoted: coverage.quoted, quotedFeasible: coverage.quotedFeasible,
                        phantomUnavailable: coverage.phantomUnavailable, unsound: unsound, missed: [], missedCount: 0,
                        limitReached: true, strategies: strategyVerdicts)),
                restaurant: booking.restaurant, booking: booking.id)
            return
        }
        try emit(
            .coverageMeasured(
                CoverageMeasured(
                    feasible: coverage.feasible, quoted: coverage.quoted, quotedFeasible: coverage.quotedFeasible,
                    phantomUnavailable: coverage.phantomUnavailable,
                    unsound: coverage.unsound.map(floor.ids(of:)) + unsound,
                    missed: coverage.missed.prefix(CoverageMeasured.listedMisses).map(floor.ids(of:)),
                    missedCount: coverage.missed.count,
                    excludedCount: coverage.excluded, strategies: strategyVerdicts)),
            restaurant: booking.restaurant, booking: booking.id)
    }

    /// Create-with-capacity-check: nil when the engine offers some sound set for the booking now,
    /// else why not (`no_capacity`, or `engine_error` when it answered with an error).
    func capacityRefusal(_ booking: BookingState, window: BookingWindow, excluded: TableSet) throws -> RejectionReason?
    {
        let strategy = Strategy(label: "capacity-check", requireAdjacency: false, maxTables: options.maxTables)
        let question = try question(booking, window: window, strategy: strategy, excluded: excluded)
        // The offers, not a ranked quote: whether any set fits is all the check needs.
        switch try engine.offers(question) {
        // Nothing found because the search stopped at its budget is not "no capacity".
        case .trustedSets(let sets, let limitReached):
            return sets.isEmpty ? (limitReached ? .searchLimit : .noCapacity) : nil
        case .failed: return .engineError
        case let answer:
            let found = {
                CoverageOracle.feasibleSets(for: question.request, floor: question.floor, occupancy: question.occupancy)
                    .sets
            }
            let checked = try Answer(
                answer, question: question, feasible: options.oracle == nil ? nil : found, rules: engine.rules)
            guard checked.quote.candidates.isEmpty else { return nil }
            // Format 5: "no capacity" only when the floor has none; an engine that missed says so.
            return checked.quote.failure ?? .noCapacity
        }
    }

    /// An engine's answer as the run uses it: sound candidates only, with what is recorded of the rest.
    struct Answer {
        var quote: Quote
        var rejected: [(reason: String, count: Int)]
        /// False when an outside engine ranks without scores (recorded as null).
        var scored = true
        var record: EngineAnswerRecord?

        /// `judgingEmpty`: false when only the sets matter (the oracle's union), so an empty
        /// answer's rejections are not worked out. `feasible` (capture format 5: the oracle's sets of
        /// the question's strategy, asked for only when needed): an outside engine's empty answer
        /// while there are some is its miss (`engine_missed`, or `declared_rule` when its declared
        /// `rules` exclude every one), never the floor's.
        init(
            _ answer: EngineAnswer, question: EngineQuestion, judgingEmpty: Bool = true,
            feasible: (() -> [TableSet])? = nil,
            rules: DeclaredRules = DeclaredRules()
        ) throws {
            let request = question.request
            switch answer {
            case .trusted(let quote):
                self.quote = quote
                rejected = quote.rejections.entries.map { ($0.reason.rawValue, $0.count) }
            case .trustedSets(let sets, let limitReached):
                quote = Quote(
                    strategy: request.strategy, window: request.window,
                    candidates: sets.map {
                        Candidate(tables: $0, capacity: 0, spareSeats: 0, depth: 0, score: 0)
                    }, rejections: RejectionCounts())
                quote.searchLimitReached = limitReached
                rejected = []
            case .offered(let offers):
                let checked = OfferCheck.check(offers, question: question)
                // Why nothing was offered is replay's own judgement of the floor, whatever the engine
                // counted: `tables_occupied` when a set that fits is taken, else `no_table_fits`
                // (the built-in's rule, so `engine serve` gives the built-in's reasons).
                let judged =
                    checked.candidates.isEmpty && judgingEmpty
                    ? Allocator.search(request, floor: question.floor, occupancy: question.occupancy).rejections
                    : RejectionCounts()
                quote = Quote(
                    strategy: request.strategy, window: request.window, candidates: checked.candidates,
                    rejections: judged)
                if checked.candidates.isEmpty && judgingEmpty, let feasible {
                    quote.failure = Self.missReason(feasible(), question: question, rules: rules)
                }
                rejected = offers.rejected
                scored = offers.candidates.allSatisfy { $0.score != nil }
                record = EngineAnswerRecord(
                    digest: offers.digest, unsound: checked.unsound, error: nil, reused: offers.reused)
            case .failed(let message, let digest):
                quote = Quote(
                    strategy: request.strategy, window: request.window, candidates: [], rejections: RejectionCounts())
                quote.failure = .engineError
                rejected = []
                record = EngineAnswerRecord(digest: digest, unsound: [], error: message)
            }
        }

        /// Why an engine offered nothing when the oracle finds sets its strategy allows at this
        /// state: `engine_missed`, or `declared_rule` when a declared rule excludes each of them;
        /// nil when there is none (the floor's reasons then stand).
        static func missReason(_ feasible: [TableSet], question: EngineQuestion, rules: DeclaredRules)
            -> RejectionReason?
        {
            guard !feasible.isEmpty else { return nil }
            let party = question.request.partySize
            let floor = question.floor
            return feasible.allSatisfy { rules.excluding($0, partySize: party, floor: floor) != nil }
                ? .declaredRule : .engineMissed
        }
    }

    static func uniqueSets(_ sets: [[String]]) -> [[String]] {
        var result: [[String]] = []
        for set in sets.map({ $0.sorted() }).sorted(by: { $0.lexicographicallyPrecedes($1) }) where result.last != set {
            result.append(set)
        }
        return result
    }

    // MARK: Holding and confirming

    /// Each strategy in turn, quoted at the current state, its best candidate held and confirmed,
    /// until one confirms: nil then, else the last reason none did. The assign loop's pass for one
    /// booking, and an edit's (`ChangeFlow`).
    func seatWithBestCandidates(_ booking: BookingState, window: BookingWindow, strategies: [Strategy]) throws
        -> RejectionReason?
    {
        var reason = RejectionReason.noTableFits
        for strategy in strategies {
            let current = currentBooking(booking.id) ?? booking
            let quote = try quote(current, window: window, strategy: strategy)
            guard let best = quote.candidates.first else {
                reason = quote.emptyReason
                continue
            }
            guard
                let refused = try holdAndConfirm(current, window: window, candidate: best, rank: 1, strategy: strategy)
            else { return nil }
            reason = refused
        }
        return reason
    }

    /// Hold then confirm one candidate. Returns nil when confirmed, else the reason it was not.
    func holdAndConfirm(
        _ booking: BookingState, window: BookingWindow, candidate: Candidate, rank: Int,
        strategy: Strategy
    ) throws -> RejectionReason? {
        guard let hold = try placeHold(booking, window: window, candidate: candidate, rank: rank, strategy: strategy)
        else {
            return .holdConflict
        }
        return try confirm(booking, hold: hold, strategy: strategy, rank: rank)
    }

    /// Places a hold, or records the conflict that refuses it. Returns the hold id.
    func placeHold(_ booking: BookingState, window: BookingWindow, candidate: Candidate, rank: Int, strategy: Strategy)
        throws -> String?
    {
        try emitter.advance(by: VirtualClock.holdSeconds)
        let position = try restaurantPosition(booking.restaurant)
        let tables = state.restaurants[position].floor.ids(of: candidate.tables)
        let blockers = state.restaurants[position].occupancy.blockers(
            of: candidate.tables, window: window, booking: booking.id, now: emitter.now)
        if !blockers.isEmpty {
            try emit(
                .conflictDetected(
                    ConflictDetected(
                        kind: RejectionReason.holdConflict.rawValue, tables: tables,
                        with: Identifier.uniqueSorted(blockers.map(\.occupation.booking)), hold: nil,
                        strategy: strategy.label, rank: rank)),
                restaurant: booking.restaurant, booking: booking.id)
            report(
                "\(booking.restaurant) \(booking.id) hold \(tables.joined(separator: "+")): conflict with \(Identifier.uniqueSorted(blockers.map(\.occupation.booking)).joined(separator: ", "))"
            )
            return nil
        }
        let id = Identifier.hold(state.holdsPlaced + 1)
        try emit(
            .holdPlaced(
                HoldPlaced(
                    hold: id, tables: tables, startMinute: window.startMinute, endMinute: window.endMinute,
                    expiresAt: emitter.now + options.holdTTLSeconds, strategy: strategy.label, rank: rank,
                    score: candidate.score)),
            restaurant: booking.restaurant, booking: booking.id)
        report("\(booking.restaurant) \(booking.id) hold \(id) \(tables.joined(separator: "+")) rank \(rank)")
        return id
    }

    /// Confirms a hold (re-checking conflicts), or records the conflict and releases the hold.
    /// Returns nil when confirmed. A hold that expired before the confirm is a conflict too.
    func confirm(_ booking: BookingState, hold id: String, strategy: Strategy, rank: Int) throws -> RejectionReason? {
        try emitter.advance(by: VirtualClock.confirmSeconds)
        guard let hold = state.holds[id], let position = state.restaurantIndex[booking.restaurant],
            let set = state.restaurants[position].floor.tableSet(ids: hold.tables)
        else {
            try emit(
                .conflictDetected(
                    ConflictDetected(
                        kind: RejectionReason.confirmConflict.rawValue, tables: [], with: [], hold: id,
                        strategy: strategy.label, rank: rank)),
                restaurant: booking.restaurant, booking: booking.id)
            return .confirmConflict
        }
        let window = BookingWindow(
            startMinute: hold.startMinute, endMinute: hold.endMinute, seatingEndMinute: hold.endMinute, service: "")
        let blockers = state.restaurants[position].occupancy.blockers(
            of: set, window: window, booking: booking.id, now: emitter.now
        )
        .filter { $0.occupation.id != id }
        if !blockers.isEmpty {
            try emit(
                .conflictDetected(
                    ConflictDetected(
                        kind: RejectionReason.confirmConflict.rawValue, tables: hold.tables,
                        with: Identifier.uniqueSorted(blockers.map(\.occupation.booking)), hold: id,
                        strategy: strategy.label, rank: rank)),
                restaurant: booking.restaurant, booking: booking.id)
            try emitter.advance(by: VirtualClock.releaseSeconds)
            if state.holds[id] != nil {
                try emit(
                    .holdReleased(HoldReleased(hold: id, reason: "conflict")), restaurant: booking.restaurant,
                    booking: booking.id)
            }
            report(
                "\(booking.restaurant) \(booking.id) confirm \(id) on \(hold.tables.joined(separator: "+")): conflict with \(Identifier.uniqueSorted(blockers.map(\.occupation.booking)).joined(separator: ", ")), released"
            )
            return .confirmConflict
        }
        let assignment = Identifier.assignment(state.assignmentsMade + 1)
        if let editing = currentBooking(booking.id), editing.edit != nil {
            try emit(
                .editConfirmed(
                    EditConfirmed(
                        assignment: assignment, hold: id, tables: hold.tables, startMinute: hold.startMinute,
                        endMinute: hold.endMinute, previous: editing.tables)),
                restaurant: booking.restaurant, booking: booking.id)
            report(
                "\(booking.restaurant) \(booking.id) edit confirmed as \(assignment) on \(hold.tables.joined(separator: "+"))"
            )
            return nil
        }
        try emit(
            .assignmentConfirmed(
                AssignmentConfirmed(
                    assignment: assignment, hold: id, tables: hold.tables,
                    startMinute: hold.startMinute, endMinute: hold.endMinute)),
            restaurant: booking.restaurant, booking: booking.id)
        report("\(booking.restaurant) \(booking.id) confirmed \(assignment) on \(hold.tables.joined(separator: "+"))")
        return nil
    }
}

/// The ids the run makes up, one format each.
enum Identifier {
    static func hold(_ number: Int) -> String { "H" + padded(number) }
    static func assignment(_ number: Int) -> String { "A" + padded(number) }
    /// A booking of the create flow: `C` and the last four digits of its number.
    static func created(_ number: Int) -> String { "C" + String(padded(number).suffix(4)) }

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
