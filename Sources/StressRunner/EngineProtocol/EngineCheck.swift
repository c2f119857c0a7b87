import Allocation
import Projections
import Scenarios

/// `replay engine check`: a conformance suite for an engine. Each case is a small floor built
/// the way a run builds it (input events, holds and assignments folded into a `RunState`), one
/// quote, and the feasible sets a complete engine offers: worked out by hand for the nine
/// hand-made cases, enumerated by the coverage oracle for the generated ones
/// (`CheckCaseGenerator`). Every answer is checked for soundness (the rules a run applies to
/// offers) and coverage (the feasible sets of the case's strategy it offered, against the rules
/// the engine declared).
public enum EngineCheck {
    /// One case: a floor, what occupies it, the quote, and (hand-made cases) the answer a complete engine gives.
    public struct Case: Sendable {
        /// Another booking's hold or assignment on some tables.
        public struct Occupation: Sendable, Equatable {
            public var start: Int
            /// The seating's length; nil: the restaurant's turn time for the party.
            public var durationMinutes: Int?
            public var party: Int
            public var tables: [String]
            /// An assignment; else an unexpired hold.
            public var confirmed: Bool

            public init(start: Int, durationMinutes: Int? = nil, party: Int, tables: [String], confirmed: Bool) {
                self.start = start
                self.durationMinutes = durationMinutes
                self.party = party
                self.tables = tables
                self.confirmed = confirmed
            }
        }

        /// Another pending booking of the restaurant (listed in `pending` when the engine looks that far ahead).
        public struct Waiting: Sendable, Equatable {
            public var start: Int
            public var durationMinutes: Int?
            public var party: Int

            public init(start: Int, durationMinutes: Int? = nil, party: Int) {
                self.start = start
                self.durationMinutes = durationMinutes
                self.party = party
            }
        }

        public var name: String
        public var purpose: String
        public var restaurant: Restaurant
        public var tables: [Table]
        public var adjacency: [AdjacencyPair]
        public var occupied: [Occupation]
        public var waiting: [Waiting] = []
        public var party: Int
        public var start: Int
        public var durationMinutes: Int?
        public var strategy: Strategy
        /// The feasible sets worked out by hand (table ids sorted by id); nil: the oracle's enumeration.
        public var feasible: [[String]]?

        public init(
            name: String, purpose: String, restaurant: Restaurant, tables: [Table], adjacency: [AdjacencyPair],
            occupied: [Occupation], waiting: [Waiting] = [], party: Int, start: Int, durationMinutes: Int? = nil,
            strategy: Strategy, feasible: [[String]]?
        ) {
            self.name = name
            self.purpose = purpose
            self.restaurant = restaurant
            self.tables = tables
            self.adjacency = adjacency
            self.occupied = occupied
            self.waiting = waiting
            self.party = party
            self.start = start
            self.durationMinutes = durationMinutes
            self.strategy = strategy
            self.feasible = feasible
        }
    }

    /// The widest strategy a case asks (`floor.maxTables` of every case).
    public static let floorMaxTables = Strategy.maxTablesRange.upperBound

    static let service = ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 23 * 60)
    static func restaurant(_ slug: String, services: [ServicePeriod] = [service]) -> Restaurant {
        Restaurant(
            slug: slug, services: services, turnMinutes: TurnTable([(2, 60), (4, 90), (8, 120)]), bufferMinutes: 15,
            maxOverage: 2)
    }
    static func table(_ id: String, _ zone: String, _ min: Int, _ max: Int, active: Bool = true) -> Table {
        Table(id: id, zone: zone, minCovers: min, maxCovers: max, active: active)
    }
    static let adjacent2 = Strategy(label: "adjacent-x2", requireAdjacency: true, maxTables: 2)
    static let relaxed2 = Strategy(label: "relaxed-x2", requireAdjacency: false, maxTables: 2)
    static let single = Strategy(label: "adjacent-x1", requireAdjacency: true, maxTables: 1)

    /// The hand-made cases. Spare seats: at most party + 2 (maxOverage 2) for a combination.
    public static let handMade: [Case] = {
        // Three two-tops in a row (A1-A2-A3) and a three-top on the terrace.
        let row = [
            table("A1", "main", 1, 2), table("A2", "main", 1, 2), table("A3", "main", 1, 2),
            table("P1", "terrace", 1, 3)
        ]
        let rowAdjacency = [AdjacencyPair("A1", "A2"), AdjacencyPair("A2", "A3")]
        return [
            Case(
                name: "combination-only", purpose: "a party of 4 only two adjacent two-tops seat",
                restaurant: restaurant("check-row"), tables: row, adjacency: rowAdjacency, occupied: [],
                party: 4, start: 19 * 60, strategy: adjacent2, feasible: [["A1", "A2"], ["A2", "A3"]]),
            Case(
                name: "relaxed-only", purpose: "two two-tops that are not adjacent: nothing under adjacency",
                restaurant: restaurant("check-apart"), tables: [table("B1", "main", 1, 2), table("B2", "main", 1, 2)],
                adjacency: [],
                occupied: [], party: 3, start: 19 * 60, strategy: adjacent2, feasible: []),
            Case(
                name: "relaxed-combination", purpose: "the same two two-tops under a relaxed strategy",
                restaurant: restaurant("check-apart"), tables: [table("B1", "main", 1, 2), table("B2", "main", 1, 2)],
                adjacency: [],
                occupied: [], party: 3, start: 19 * 60, strategy: relaxed2, feasible: [["B1", "B2"]]),
            Case(
                name: "zones-apart", purpose: "relaxed still keeps to one zone: A1+P1 would seat 5 but spans two zones",
                restaurant: restaurant("check-row"), tables: row, adjacency: rowAdjacency, occupied: [],
                party: 5, start: 19 * 60, strategy: relaxed2, feasible: []),
            Case(
                name: "none-fits", purpose: "a party of 9: no table or pair seats it",
                restaurant: restaurant("check-row"), tables: row, adjacency: rowAdjacency, occupied: [],
                party: 9, start: 19 * 60, strategy: relaxed2, feasible: []),
            Case(
                name: "busy-held-inactive",
                purpose: "C1 assigned, C2 held by other bookings, C3 inactive: only C4 is free",
                restaurant: restaurant("check-busy"),
                tables: [
                    table("C1", "main", 1, 4), table("C2", "main", 1, 4), table("C3", "main", 1, 4, active: false),
                    table("C4", "main", 1, 4)
                ],
                adjacency: [],
                occupied: [
                    Case.Occupation(start: 19 * 60, party: 2, tables: ["C1"], confirmed: true),
                    Case.Occupation(start: 19 * 60 + 30, party: 2, tables: ["C2"], confirmed: false)
                ],
                party: 2, start: 19 * 60 + 15, strategy: single, feasible: [["C4"]]),
            Case(
                name: "after-midnight", purpose: "a late service to 02:00: times past 1440, D1 busy from 00:30",
                restaurant: restaurant(
                    "check-late", services: [ServicePeriod(name: "late", startMinute: 22 * 60, endMinute: 26 * 60)]),
                tables: [table("D1", "bar", 1, 2), table("D2", "bar", 1, 2)], adjacency: [],
                occupied: [Case.Occupation(start: 24 * 60 + 30, party: 2, tables: ["D1"], confirmed: true)],
                party: 2, start: 23 * 60 + 45, strategy: single, feasible: [["D2"]]),
            Case(
                name: "several-singles",
                purpose: "three free two-tops, one taken: every free one is a candidate, not only the first",
                restaurant: restaurant("check-singles"),
                tables: [
                    table("E1", "main", 1, 2), table("E2", "main", 1, 2), table("E3", "main", 1, 2),
                    table("E4", "main", 1, 2)
                ],
                adjacency: [], occupied: [Case.Occupation(start: 19 * 60, party: 2, tables: ["E2"], confirmed: true)],
                party: 2, start: 19 * 60,
                strategy: single, feasible: [["E1"], ["E3"], ["E4"]]),
            Case(
                name: "empty-floor", purpose: "a restaurant without tables",
                restaurant: restaurant("check-empty"), tables: [], adjacency: [], occupied: [],
                party: 2, start: 19 * 60, strategy: relaxed2, feasible: [])
        ]
    }()

    /// The question a case asks, from a state folded the way a run folds it: the booking `Q1`,
    /// others' holds and assignments (`O1`...), and the pending bookings (`P1`...) that start
    /// within the engine's look-ahead.
    public static func question(_ check: Case, lookAheadMinutes: Int = 0) throws -> EngineQuestion {
        let date = "2025-11-08"
        let slug = check.restaurant.slug
        var bookings = [
            ScenarioBooking(
                id: "Q1", restaurant: slug, startMinute: check.start, partySize: check.party,
                durationMinutes: check.durationMinutes)
        ]
        for (number, occupation) in check.occupied.enumerated() {
            bookings.append(
                ScenarioBooking(
                    id: "O\(number + 1)", restaurant: slug, startMinute: occupation.start, partySize: occupation.party,
                    durationMinutes: occupation.durationMinutes))
        }
        for (number, other) in check.waiting.enumerated() {
            bookings.append(
                ScenarioBooking(
                    id: "P\(number + 1)", restaurant: slug, startMinute: other.start, partySize: other.party,
                    durationMinutes: other.durationMinutes))
        }
        let scenario = Scenario(
            name: "engine-check", date: date,
            restaurants: [
                RestaurantPlan(restaurant: check.restaurant, tables: check.tables, adjacency: check.adjacency)
            ],
            bookings: bookings)
        var options = RunOptions()
        options.maxTables = floorMaxTables
        var state = RunState()
        var events = RunInputs.events(scenario: scenario, options: options, engine: nil)
        let at = VirtualClock.startSeconds
        for (number, occupation) in check.occupied.enumerated() {
            let id = "O\(number + 1)"
            guard
                case .success(let window) = check.restaurant.window(
                    startMinute: occupation.start, partySize: occupation.party,
                    durationMinutes: occupation.durationMinutes)
            else { continue }
            events.append(
                Event(
                    at: at, restaurant: slug, booking: id,
                    .holdPlaced(
                        HoldPlaced(
                            hold: "H\(number + 1)", tables: occupation.tables, startMinute: window.startMinute,
                            endMinute: window.endMinute,
                            expiresAt: at + options.holdTTLSeconds, strategy: "relaxed-x\(occupation.tables.count)",
                            rank: 1, score: 0))))
            if occupation.confirmed {
                events.append(
                    Event(
                        at: at, restaurant: slug, booking: id,
                        .assignmentConfirmed(
                            AssignmentConfirmed(
                                assignment: "A\(number + 1)", hold: "H\(number + 1)", tables: occupation.tables,
                                startMinute: window.startMinute, endMinute: window.endMinute))))
            }
        }
        for (index, event) in events.enumerated() { try state.apply(event, seq: index + 1) }
        guard let restaurant = state.restaurant(slug), let booking = state.booking("Q1"),
            let window = booking.resolvedWindow
        else {
            throw RunError.badCheckCase(check.name)
        }
        let pending = state.bookings.filter { $0.id.hasPrefix("P") && $0.status == .pending }.compactMap {
            other -> LookAheadBooking? in
            guard let otherWindow = other.resolvedWindow, other.startMinute >= check.start,
                other.startMinute <= check.start + lookAheadMinutes
            else { return nil }
            return LookAheadBooking(booking: other.id, partySize: other.partySize, window: otherWindow)
        }.sorted { ($0.window.startMinute, $0.booking) < ($1.window.startMinute, $1.booking) }
        return EngineQuestion(
            restaurant: restaurant,
            request: QuoteRequest(
                booking: "Q1", partySize: check.party, window: window, strategy: check.strategy, now: at),
            pending: pending, busyMarginMinutes: check.restaurant.bufferMinutes)
    }

    /// The feasible sets of a case's strategy: its hand-worked list, or the oracle's enumeration.
    public static func feasible(_ check: Case, question: EngineQuestion) -> (sets: [TableSet], limitReached: Bool) {
        if let listed = check.feasible { return (listed.compactMap(question.floor.tableSet(ids:)).sorted(), false) }
        return feasible(question)
    }

    /// The oracle's feasible sets of a question's strategy at its state.
    public static func feasible(_ question: EngineQuestion) -> (sets: [TableSet], limitReached: Bool) {
        let found = CoverageOracle.feasibleSets(
            for: question.request, floor: question.floor, occupancy: question.occupancy)
        return (found.sets.sorted(), found.limitReached)
    }

    /// Why a case failed, the first of: a `quotes` line that differs, an error answer, an unsound
    /// offer (by rule), a missed set (by the size of its smallest missed set and the strategy).
    /// A shrink keeps a case's kind, so it cannot shrink to another failure.
    public enum FailureKind: Hashable, Sendable {
        case quotesDiffer
        /// Protocol 3: a `sets` answer's sets for a strategy are not those its `quote` offers.
        case setsDiffer
        case engineError
        case unsound(rule: String)
        case missed(setSize: Int, strategy: String)
    }

    /// What one case found.
    public struct Result: Sendable {
        public var name: String
        public var purpose: String
        public var strategy: String
        public var unsound: [UnsoundAnswer]
        public var offeredFeasible: Int
        public var feasible: Int
        /// Feasible sets not offered, against the engine's own rules (sorted).
        public var missed: [[String]]
        /// Feasible sets not offered that a rule the engine declared explains.
        public var excluded: Int
        /// Every feasible set of the case's strategy (sorted): what a complete engine offers.
        public var expected: [[String]]
        public var engineError: String?
        /// Protocol 2: a line of the engine's answer to a `quotes` of this case's strategy and two
        /// others is not byte for byte its answer to the `quote` of that strategy (replay takes
        /// either for the other).
        public var quotesAnswerDiffers = false
        /// Protocol 3: the sets the engine's answer to a `sets` of this case's strategy and two
        /// others gives a strategy are not the sets its `quote` of that strategy offers (the
        /// oracle judges the one in place of the other).
        public var setsAnswerDiffers = false
        /// The oracle's enumeration of this case stopped at its budget (coverage unknown).
        public var limitReached = false
        /// The lines of the exchange: the floor, the request and the engine's answer, as sent and read.
        public var floorLine = ""
        public var requestLine = ""
        public var answerLine = ""
        /// What the case's floor and request hold (`CheckFeatures`), and what each missed set does.
        public var features = CheckFeatures()
        public var missedFeatures: [CheckFeatures] = []
        /// How long the engine took to answer the quote (`ask`).
        public var latencyMicroseconds = 0
        public var sound: Bool { unsound.isEmpty && !quotesAnswerDiffers && !setsAnswerDiffers }
        /// Sound and answered without an `error`: a case's request is well formed, so an error
        /// answer to it is a failure of the engine, not of the request.
        public var passed: Bool { sound && engineError == nil }
        public var complete: Bool { missed.isEmpty }

        /// Why it failed (`strict`: a miss is a failure too), or nil.
        public func failure(strict: Bool) -> FailureKind? {
            if quotesAnswerDiffers { return .quotesDiffer }
            if setsAnswerDiffers { return .setsDiffer }
            if engineError != nil { return .engineError }
            if let first = unsound.first { return .unsound(rule: first.rule) }
            if strict, let smallest = missed.map(\.count).min() {
                return .missed(setSize: smallest, strategy: strategy)
            }
            return nil
        }
    }

    /// Asks a case once and judges the answer (with the engine's declared rules).
    public static func ask(_ check: Case, on engine: ProcessEngine) throws -> Result {
        let question = try question(check, lookAheadMinutes: engine.lookAheadMinutes)
        try engine.sendFloorIfNeeded(question)
        let started = EngineProcess.microseconds()
        let answer = try engine.quote(question)
        let latency = EngineProcess.microseconds() - started
        var result = try judge(check, question: question, answer: answer, engine: engine)
        result.latencyMicroseconds = latency
        return result
    }

    /// Judges one answer to a case's question.
    static func judge(_ check: Case, question: EngineQuestion, answer: EngineAnswer, engine: ProcessEngine) throws
        -> Result
    {
        try judge(
            name: check.name, purpose: check.purpose, question: question, feasible: feasible(check, question: question),
            answer: answer, engine: engine, floorLine: EngineMessage.floor(question, maxTables: floorMaxTables))
    }

    /// Judges one answer to a question against its feasible sets (`feasible`: the oracle's
    /// enumeration of the question's strategy, or a hand-worked list), with the engine's declared rules.
    public static func judge(
        name: String, purpose: String, question: EngineQuestion, feasible: (sets: [TableSet], limitReached: Bool),
        answer: EngineAnswer, engine: ProcessEngine, floorLine: String
    ) throws -> Result {
        let floor = question.floor
        let party = question.request.partySize
        var result = Result(
            name: name, purpose: purpose, strategy: question.request.strategy.label, unsound: [], offeredFeasible: 0,
            feasible: feasible.sets.count, missed: [], excluded: 0, expected: feasible.sets.map(floor.ids(of:)),
            engineError: nil, limitReached: feasible.limitReached)
        result.floorLine = floorLine
        if let exchange = engine.lastExchange { (result.requestLine, result.answerLine) = exchange }
        var offered: [TableSet] = []
        switch answer {
        case .failed(let message, _):
            result.engineError = message
        case .offered(let offers):
            let checked = OfferCheck.check(offers, question: question)
            result.unsound = checked.unsound
            offered = checked.candidates.map(\.tables)
        case .trusted, .trustedSets:
            break
        }
        guard !feasible.limitReached else { return result }
        let coverage = CoverageOracle.judge(
            offered: offered, feasible: feasible.sets, answerCount: offered.count, partySize: party,
            floor: floor, rules: engine.rules)
        result.offeredFeasible = coverage.quotedFeasible
        result.missed = coverage.missed.map(floor.ids(of:))
        result.excluded = coverage.excluded
        result.features = CheckFeatures.of(question: question, feasible: feasible.sets)
        result.missedFeatures = coverage.missed.map { CheckFeatures.of(set: $0, question: question) }
        return result
    }

    /// An answer's offers as sorted sets of table ids, sorted (an error: nil): what the oracle reads of it.
    static func tableSets(_ answer: EngineAnswer) -> [[String]]? {
        guard case .offered(let offers) = answer else { return nil }
        return offers.candidates.map { $0.tables.sorted() }.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Runs the hand-made suite against a started engine: every case asked `repeats` times
    /// (latency), judged once; under protocol 2 and 3, also asked in a `quotes` with two other
    /// strategies, and under 3 in a `sets` of the same.
    public static func runHandMade(_ engine: ProcessEngine, repeats: Int = 10) throws -> (
        results: [Result], latencyMicroseconds: [Int]
    ) {
        var results: [Result] = []
        var latencies: [Int] = []
        for check in handMade {
            do {
                results.append(try run(check, on: engine, repeats: repeats, latencies: &latencies))
            } catch var failure as EngineFailure {
                failure.note = "case \(check.name)" + (failure.note.isEmpty ? "" : "; " + failure.note)
                throw failure
            }
        }
        return (results, latencies)
    }

    /// One case: asked `repeats` times (each timed), judged once.
    private static func run(_ check: Case, on engine: ProcessEngine, repeats: Int, latencies: inout [Int]) throws
        -> Result
    {
        let question = try question(check, lookAheadMinutes: engine.lookAheadMinutes)
        var answer: EngineAnswer = .failed(message: "not asked", digest: "")
        for _ in 0..<max(1, repeats) {
            let start = EngineProcess.microseconds()
            answer = try engine.quote(question)
            latencies.append(EngineProcess.microseconds() - start)
        }
        var result = try judge(check, question: question, answer: answer, engine: engine)
        if engine.protocolVersion >= 2 {
            // The case's strategy and two others, each line against the `quote` of its strategy.
            let strategies = [check.strategy] + [single, adjacent2, relaxed2].filter { $0 != check.strategy }.prefix(2)
            let batch = try engine.quotes(question, strategies: strategies)
            var singles = [answer]
            var asked = question
            for strategy in strategies.dropFirst() {
                asked.request.strategy = strategy
                singles.append(try engine.quote(asked))
            }
            result.quotesAnswerDiffers = zip(batch, singles).contains { $0.digest != $1.digest }
            if engine.protocolVersion >= 3 {
                let sets = try engine.offers(question, strategies: strategies)
                result.setsAnswerDiffers = zip(sets, singles).contains { Self.tableSets($0) != Self.tableSets($1) }
            }
        }
        return result
    }
}
