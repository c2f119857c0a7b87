import Allocation
import Projections
import Scenarios

/// `replay engine check`: a conformance suite for an engine. Each case is a small floor built
/// the way a run builds it (input events, holds and assignments folded into a `RunState`), one
/// quote, and the feasible sets worked out by hand. Every answer is checked for soundness (the
/// rules a run applies to offers) and coverage (how many of the feasible sets it offered).
public enum EngineCheck {
    /// One case: a floor, what occupies it, the quote, and the answer a complete engine gives.
    public struct Case: Sendable {
        public var name: String
        public var purpose: String
        public var restaurant: Restaurant
        public var tables: [Table]
        public var adjacency: [AdjacencyPair]
        /// Other bookings' occupations: (booking start minute, party, tables, confirmed (else held)).
        public var occupied: [(start: Int, party: Int, tables: [String], confirmed: Bool)]
        public var party: Int
        public var start: Int
        public var strategy: Strategy
        /// The feasible sets, worked out by hand (table ids sorted by id).
        public var feasible: [[String]]
    }

    static let service = ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 23 * 60)
    static func restaurant(_ slug: String, services: [ServicePeriod] = [service]) -> Restaurant {
        Restaurant(slug: slug, services: services, turnMinutes: TurnTable([(2, 60), (4, 90), (8, 120)]), bufferMinutes: 15, maxOverage: 2)
    }
    static func table(_ id: String, _ zone: String, _ min: Int, _ max: Int, active: Bool = true) -> Table {
        Table(id: id, zone: zone, minCovers: min, maxCovers: max, active: active)
    }
    static let adjacent2 = Strategy(label: "adjacent-x2", requireAdjacency: true, maxTables: 2)
    static let relaxed2 = Strategy(label: "relaxed-x2", requireAdjacency: false, maxTables: 2)
    static let single = Strategy(label: "adjacent-x1", requireAdjacency: true, maxTables: 1)

    /// The suite. Spare seats: at most party + 2 (maxOverage 2) for a combination.
    public static let cases: [Case] = {
        // Three two-tops in a row (A1-A2-A3) and a three-top on the terrace.
        let row = [table("A1", "main", 1, 2), table("A2", "main", 1, 2), table("A3", "main", 1, 2), table("P1", "terrace", 1, 3)]
        let rowAdjacency = [AdjacencyPair("A1", "A2"), AdjacencyPair("A2", "A3")]
        return [
            Case(name: "combination-only", purpose: "a party of 4 only two adjacent two-tops seat",
                 restaurant: restaurant("check-row"), tables: row, adjacency: rowAdjacency, occupied: [],
                 party: 4, start: 19 * 60, strategy: adjacent2, feasible: [["A1", "A2"], ["A2", "A3"]]),
            Case(name: "relaxed-only", purpose: "two two-tops that are not adjacent: nothing under adjacency",
                 restaurant: restaurant("check-apart"), tables: [table("B1", "main", 1, 2), table("B2", "main", 1, 2)], adjacency: [],
                 occupied: [], party: 3, start: 19 * 60, strategy: adjacent2, feasible: []),
            Case(name: "relaxed-combination", purpose: "the same two two-tops under a relaxed strategy",
                 restaurant: restaurant("check-apart"), tables: [table("B1", "main", 1, 2), table("B2", "main", 1, 2)], adjacency: [],
                 occupied: [], party: 3, start: 19 * 60, strategy: relaxed2, feasible: [["B1", "B2"]]),
            Case(name: "zones-apart", purpose: "relaxed still keeps to one zone: A1+P1 would seat 5 but spans two zones",
                 restaurant: restaurant("check-row"), tables: row, adjacency: rowAdjacency, occupied: [],
                 party: 5, start: 19 * 60, strategy: relaxed2, feasible: []),
            Case(name: "none-fits", purpose: "a party of 9: no table or pair seats it",
                 restaurant: restaurant("check-row"), tables: row, adjacency: rowAdjacency, occupied: [],
                 party: 9, start: 19 * 60, strategy: relaxed2, feasible: []),
            Case(name: "busy-held-inactive", purpose: "C1 assigned, C2 held by other bookings, C3 inactive: only C4 is free",
                 restaurant: restaurant("check-busy"),
                 tables: [table("C1", "main", 1, 4), table("C2", "main", 1, 4), table("C3", "main", 1, 4, active: false), table("C4", "main", 1, 4)],
                 adjacency: [], occupied: [(19 * 60, 2, ["C1"], true), (19 * 60 + 30, 2, ["C2"], false)],
                 party: 2, start: 19 * 60 + 15, strategy: single, feasible: [["C4"]]),
            Case(name: "after-midnight", purpose: "a late service to 02:00: times past 1440, D1 busy from 00:30",
                 restaurant: restaurant("check-late", services: [ServicePeriod(name: "late", startMinute: 22 * 60, endMinute: 26 * 60)]),
                 tables: [table("D1", "bar", 1, 2), table("D2", "bar", 1, 2)], adjacency: [],
                 occupied: [(24 * 60 + 30, 2, ["D1"], true)], party: 2, start: 23 * 60 + 45, strategy: single, feasible: [["D2"]]),
            Case(name: "several-singles", purpose: "three free two-tops, one taken: every free one is a candidate, not only the first",
                 restaurant: restaurant("check-singles"),
                 tables: [table("E1", "main", 1, 2), table("E2", "main", 1, 2), table("E3", "main", 1, 2), table("E4", "main", 1, 2)],
                 adjacency: [], occupied: [(19 * 60, 2, ["E2"], true)], party: 2, start: 19 * 60, strategy: single,
                 feasible: [["E1"], ["E3"], ["E4"]]),
            Case(name: "empty-floor", purpose: "a restaurant without tables",
                 restaurant: restaurant("check-empty"), tables: [], adjacency: [], occupied: [],
                 party: 2, start: 19 * 60, strategy: relaxed2, feasible: []),
        ]
    }()

    /// The question a case asks, from a state folded the way a run folds it.
    public static func question(_ check: Case) throws -> EngineQuestion {
        let date = "2025-11-08"
        var bookings: [ScenarioBooking] = [ScenarioBooking(id: "Q1", restaurant: check.restaurant.slug, startMinute: check.start, partySize: check.party)]
        for (number, occupation) in check.occupied.enumerated() {
            bookings.append(ScenarioBooking(id: "O\(number + 1)", restaurant: check.restaurant.slug, startMinute: occupation.start,
                                            partySize: occupation.party))
        }
        let scenario = Scenario(name: "engine-check", date: date,
                                restaurants: [RestaurantPlan(restaurant: check.restaurant, tables: check.tables, adjacency: check.adjacency)],
                                bookings: bookings)
        var options = RunOptions()
        options.maxTables = check.strategy.maxTables
        var state = RunState()
        var events = RunInputs.events(scenario: scenario, options: options, engine: nil)
        let at = VirtualClock.startSeconds
        for (number, occupation) in check.occupied.enumerated() {
            let id = "O\(number + 1)"
            guard case .success(let window)? = check.restaurant.window(startMinute: occupation.start, partySize: occupation.party,
                                                                       durationMinutes: nil) as Swift.Result<BookingWindow, WindowRefusal>? else { continue }
            let label = occupation.tables.count == 1 ? "relaxed-x1" : "relaxed-x\(occupation.tables.count)"
            events.append(Event(at: at, restaurant: check.restaurant.slug, booking: id, .holdPlaced(HoldPlaced(
                hold: "H\(number + 1)", tables: occupation.tables, startMinute: window.startMinute, endMinute: window.endMinute,
                expiresAt: at + options.holdTTLSeconds, strategy: label, rank: 1, score: 0))))
            if occupation.confirmed {
                events.append(Event(at: at, restaurant: check.restaurant.slug, booking: id, .assignmentConfirmed(AssignmentConfirmed(
                    assignment: "A\(number + 1)", hold: "H\(number + 1)", tables: occupation.tables,
                    startMinute: window.startMinute, endMinute: window.endMinute))))
            }
        }
        for (index, event) in events.enumerated() { try state.apply(event, seq: index + 1) }
        guard let restaurant = state.restaurant(check.restaurant.slug), let booking = state.booking("Q1"),
              let window = booking.resolvedWindow else { throw RunError.badCheckCase(check.name) }
        return EngineQuestion(restaurant: restaurant,
                              request: QuoteRequest(booking: "Q1", partySize: check.party, window: window, strategy: check.strategy, now: at),
                              pending: [])
    }

    /// What one case found.
    public struct Result: Sendable {
        public var name: String
        public var purpose: String
        public var unsound: [UnsoundAnswer]
        public var offeredFeasible: Int
        public var feasible: Int
        public var missed: [[String]]
        public var engineError: String?
        /// Protocol 2: a line of the engine's answer to a `quotes` of this case's strategy and two
        /// others is not byte for byte its answer to the `quote` of that strategy (replay takes
        /// either for the other).
        public var quotesAnswerDiffers = false
        public var sound: Bool { unsound.isEmpty && !quotesAnswerDiffers }
        /// Sound and answered without an `error`: a case's request is well formed, so an error
        /// answer to it is a failure of the engine, not of the request.
        public var passed: Bool { sound && engineError == nil }
        public var complete: Bool { offeredFeasible == feasible }
    }

    /// Runs the suite against a started engine: every case asked `repeats` times (latency), judged once.
    public static func run(_ engine: ProcessEngine, repeats: Int = 10) throws -> (results: [Result], latencyMicroseconds: [Int]) {
        var results: [Result] = []
        var latencies: [Int] = []
        for check in cases {
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
    private static func run(_ check: Case, on engine: ProcessEngine, repeats: Int, latencies: inout [Int]) throws -> Result {
        let question = try question(check)
        var answer: EngineAnswer = .failed(message: "not asked", digest: "")
        for _ in 0..<max(1, repeats) {
            let start = EngineProcess.microseconds()
            answer = try engine.quote(question)
            latencies.append(EngineProcess.microseconds() - start)
        }
        var result = Result(name: check.name, purpose: check.purpose, unsound: [], offeredFeasible: 0, feasible: check.feasible.count,
                            missed: [], engineError: nil)
        switch answer {
        case .failed(let message, _):
            result.engineError = message
            result.missed = check.feasible
        case .offered(let offers):
            let checked = OfferCheck.check(offers, question: question)
            result.unsound = checked.unsound
            let offered = checked.candidates.map { question.floor.ids(of: $0.tables) }
            for set in check.feasible {
                if offered.contains(set) { result.offeredFeasible += 1 } else { result.missed.append(set) }
            }
        case .trusted, .trustedSets:
            break
        }
        if engine.protocolVersion >= 2 {
            // The case's strategy and two others, each line against the `quote` of its strategy.
            let strategies = [check.strategy] + [single, adjacent2, relaxed2].filter { $0 != check.strategy }.prefix(2)
            let batch = try engine.offers(question, strategies: strategies)
            var singles = [answer], asked = question
            for strategy in strategies.dropFirst() {
                asked.request.strategy = strategy
                singles.append(try engine.quote(asked))
            }
            result.quotesAnswerDiffers = zip(batch, singles).contains { $0.digest != $1.digest }
        }
        return result
    }
}
