import Allocation
import Foundation
@testable import Optimum
import Projections
import Scenarios
import StressRunner
import Testing

/// True when CBC is installed (`.ci/run` installs Debian's coinor-cbc).
let solverAvailable = (try? OptimumSolver.cbc(timeLimitSeconds: 10)) != nil

/// The seed of a scenario folded into a state, as `replay optimum --scenario` does.
func seededState(_ scenario: Scenario, maxTables: Int = 4) throws -> RunState {
    var options = RunOptions()
    options.maxTables = maxTables
    var state = RunState()
    for (index, event) in RunInputs.events(scenario: scenario, options: options, engine: nil).enumerated() {
        try state.apply(event, seq: index + 1)
    }
    return state
}

/// One restaurant (dinner 17:00-23:00 unless given; 60 min for 2, 90 for 4, 120 beyond; buffer 15).
func day(
    tables: [Table], adjacency: [AdjacencyPair] = [], bookings: [(String, Int, Int)],
    services: [ServicePeriod] = [ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 23 * 60)]
) -> Scenario {
    let restaurant = Restaurant(
        slug: "r", services: services, turnMinutes: TurnTable([(2, 60), (4, 90), (8, 120)]), bufferMinutes: 15)
    return Scenario(
        name: "optimum", date: "2025-11-08",
        restaurants: [RestaurantPlan(restaurant: restaurant, tables: tables, adjacency: adjacency)],
        bookings: bookings.map { ScenarioBooking(id: $0.0, restaurant: "r", startMinute: $0.1, partySize: $0.2) })
}

func optimum(_ scenario: Scenario, maxTables: Int = 4) throws -> (model: OptimumModel, solution: OptimumSolver.Solution)
{
    let state = try seededState(scenario, maxTables: maxTables)
    let model = OptimumModel.make(
        restaurant: state.restaurants[0], state: state, maxTables: maxTables, objective: .bookings)
    return (model, try OptimumSolver.cbc(timeLimitSeconds: 30).solve(model))
}

/// The most bookings any assignment seats, by exhaustive search over each booking's choices
/// (a feasible set or none), sharing no table at overlapping windows: independent of the solver.
func bruteForce(_ model: OptimumModel) -> Int {
    var byBooking: [[OptimumModel.Choice]] = []
    for choice in model.choices {
        if byBooking.last?.first?.booking == choice.booking {
            byBooking[byBooking.count - 1].append(choice)
        } else {
            byBooking.append([choice])
        }
    }
    var best = 0
    var taken: [(tables: [String], window: BookingWindow)] = []
    func search(_ index: Int, seated: Int) {
        if seated + (byBooking.count - index) <= best { return }
        guard index < byBooking.count else {
            best = max(best, seated)
            return
        }
        for choice in byBooking[index] {
            let clash = taken.contains { other in
                other.window.overlaps(startMinute: choice.window.startMinute, endMinute: choice.window.endMinute)
                    && other.tables.contains { choice.tables.contains($0) }
            }
            if clash { continue }
            taken.append((choice.tables, choice.window))
            search(index + 1, seated: seated + 1)
            taken.removeLast()
        }
        search(index + 1, seated: seated)
    }
    search(0, seated: 0)
    return best
}

@Suite(.enabled(if: solverAvailable, "needs COIN-OR CBC: apt-get install coinor-cbc")) struct OptimumTests {
    @Test func theRightChoiceSeatsBoth() throws {
        // B1 (2) fits both tables, B2 (4) only the 4-top: seating B1 on the 2-top seats both.
        let (model, solution) = try optimum(
            day(
                tables: [
                    Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                    Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 4)
                ],
                bookings: [("B1", 19 * 60, 2), ("B2", 19 * 60, 4)]), maxTables: 1)
        #expect(solution.seated == 2 && solution.proven)
        #expect(solution.plan.map(\.booking) == ["B1", "B2"] && solution.plan.map(\.tables) == [["T1"], ["T2"]])
        #expect(bruteForce(model) == 2)
    }

    @Test func aCombinationMustNotBlockALaterLargerParty() throws {
        // Three 2-tops in a row. B1 (4) at 18:00 can take A1+A2 or A2+A3; B2 (4) at 18:30 also
        // needs a pair; B3 (2) at 18:45 needs one table. Any pair for B1 leaves one 2-top: only
        // two of the three can be seated, whichever way.
        let tables = ["A1", "A2", "A3"].map { Table(id: $0, zone: "main", minCovers: 1, maxCovers: 2) }
        let (model, solution) = try optimum(
            day(
                tables: tables, adjacency: [AdjacencyPair("A1", "A2"), AdjacencyPair("A2", "A3")],
                bookings: [("B1", 18 * 60, 4), ("B2", 18 * 60 + 30, 4), ("B3", 18 * 60 + 45, 2)]), maxTables: 2)
        #expect(solution.seated == 2 && bruteForce(model) == 2)
        // All three overlap and need 2 + 2 + 1 two-tops: with a fourth there are still only two
        // seated, with a fifth all three.
        let four = try optimum(
            day(
                tables: tables + [Table(id: "A4", zone: "main", minCovers: 1, maxCovers: 2)],
                bookings: [("B1", 18 * 60, 4), ("B2", 18 * 60 + 30, 4), ("B3", 18 * 60 + 45, 2)]), maxTables: 2)
        #expect(four.solution.seated == 2 && bruteForce(four.model) == 2)
        let wider = try optimum(
            day(
                tables: tables + ["A4", "A5"].map { Table(id: $0, zone: "main", minCovers: 1, maxCovers: 2) },
                bookings: [("B1", 18 * 60, 4), ("B2", 18 * 60 + 30, 4), ("B3", 18 * 60 + 45, 2)]), maxTables: 2)
        #expect(wider.solution.seated == 3)
    }

    @Test func windowsThatOnlyTouchDoNotConflict() throws {
        // One 2-top; B1 at 18:00 holds it until 19:15 (60 min + 15 buffer).
        let table = [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2)]
        #expect(
            try optimum(day(tables: table, bookings: [("B1", 18 * 60, 2), ("B2", 19 * 60 + 15, 2)])).solution.seated
                == 2)
        #expect(
            try optimum(day(tables: table, bookings: [("B1", 18 * 60, 2), ("B2", 19 * 60 + 14, 2)])).solution.seated
                == 1)
    }

    @Test func aServiceAfterMidnight() throws {
        let late = [ServicePeriod(name: "late", startMinute: 22 * 60, endMinute: 26 * 60)]
        let table = [Table(id: "T1", zone: "bar", minCovers: 1, maxCovers: 2)]
        // 23:00 -> [1380, 1455); 00:15 the next morning -> [1455, 1530): back to back.
        let both = try optimum(
            day(tables: table, bookings: [("B1", 23 * 60, 2), ("B2", 24 * 60 + 15, 2)], services: late))
        #expect(both.solution.seated == 2)
        let clash = try optimum(
            day(tables: table, bookings: [("B1", 23 * 60, 2), ("B2", 24 * 60 + 10, 2)], services: late))
        #expect(clash.solution.seated == 1)
    }

    @Test func emptyAndImpossibleDays() throws {
        let table = [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2)]
        let empty = try optimum(day(tables: table, bookings: []))
        #expect(empty.solution.seated == 0 && empty.solution.proven && empty.model.choices.isEmpty)
        let tooBig = try optimum(day(tables: table, bookings: [("B1", 19 * 60, 9), ("B2", 16 * 60, 2)]))
        #expect(tooBig.solution.seated == 0, "a party no table fits, and a booking outside service")
        let noTables = try optimum(day(tables: [], bookings: [("B1", 19 * 60, 2)]))
        #expect(noTables.solution.seated == 0)
    }

    /// A combination that holds a feasible smaller set is left out: the booking could sit on the
    /// smaller one, with the same weight and fewer tables taken.
    @Test func onlyMinimalSetsAreVariables() throws {
        let state = try seededState(
            day(
                tables: [
                    Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                    Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 2),
                    Table(id: "T3", zone: "main", minCovers: 3, maxCovers: 4)
                ],
                bookings: [("B1", 19 * 60, 2), ("B2", 19 * 60, 4)]), maxTables: 3)
        let model = OptimumModel.make(
            restaurant: state.restaurants[0], state: state, maxTables: 3, objective: .bookings)
        let sets = model.choices.map { "\($0.booking):" + $0.tables.joined(separator: "+") }
        // B1 (2): T1 and T2 alone (T3's minimum is 3), no pair that holds one of them; B2 (4): T3
        // alone and T1+T2; T1+T3, T2+T3 and T1+T2+T3 hold T3.
        #expect(sets == ["B1:T1", "B1:T2", "B2:T1+T2", "B2:T3"], "\(sets)")
        let everySet = OptimumModel.make(
            restaurant: state.restaurants[0], state: state, maxTables: 3, objective: .bookings, keepingSupersets: true)
        #expect(everySet.choices.count > model.choices.count)
        #expect(try OptimumSolver.cbc(timeLimitSeconds: 30).solve(model).seated == 2)
    }

    /// The model of a small day, pinned: the LP text is the contract with the solver.
    @Test func theLPFileOfASmallDay() throws {
        let state = try seededState(
            day(
                tables: [
                    Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                    Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 4)
                ],
                bookings: [("B1", 19 * 60, 2), ("B2", 19 * 60, 4)]), maxTables: 1)
        let model = OptimumModel.make(
            restaurant: state.restaurants[0], state: state, maxTables: 1, objective: .bookings)
        #expect(
            model.lpText == """
                \\ replay optimum: restaurant r, 3 choices
                Maximize
                 obj: 9 x1 + 9 x2 + 11 x3
                Subject To
                 b1: x1 + x2 <= 1
                 t2: x2 + x3 <= 1
                Binary
                 x1
                 x2
                 x3
                End

                """)
    }

    /// The solver against an exhaustive search on many tiny random days.
    @Test(arguments: 1...40)
    func theSolverAgreesWithABruteForce(seed: UInt64) throws {
        var random = SplitMix64(seed: seed, stream: .scheduler)
        let zones = ["main", "bar"]
        let tables = (0..<(3 + random.below(3))).map { index in
            Table(
                id: "T\(index + 1)", zone: zones[random.below(2)], minCovers: 1,
                maxCovers: [2, 2, 4, 6][random.below(4)])
        }
        let bookings = (0..<(3 + random.below(4))).map { index in
            ("B\(index + 1)", 18 * 60 + 15 * random.below(12), [2, 2, 3, 4, 6][random.below(5)])
        }
        let scenario = day(tables: tables, bookings: bookings)
        let (model, solution) = try optimum(scenario, maxTables: 2)
        #expect(solution.proven)
        // The exhaustive search over every feasible set, not only the minimal ones the model holds.
        let state = try seededState(scenario, maxTables: 2)
        let everySet = OptimumModel.make(
            restaurant: state.restaurants[0], state: state, maxTables: 2, objective: .bookings, keepingSupersets: true)
        #expect(everySet.choices.count >= model.choices.count)
        #expect(solution.seated == bruteForce(everySet), "seed \(seed): \(model.lpText)")
    }
}

/// The bound of a solve stopped by its time limit, read from CBC's own summary, and checked.
@Suite struct CBCSummaryTests {
    /// The end of CBC 2.10.8's log for a restaurant of a generated 50-restaurant day stopped at
    /// `-sec 1` (this machine), with the line before the summary that gives the internal
    /// minimization's figures, negated.
    static let timeLimitLog = """
        Cbc0005I Partial search - best objective -5439 (best possible -5538.5), took 769 iterations and 26 nodes (0.80 seconds)
        Cbc0032I Strong branching done 176 times (1198 iterations), fathomed 2 nodes and fixed 5 variables
        Cbc0035I Maximum depth 7, 65 variables fixed on reduced cost
        Cuts at root node changed objective from -5538.5 to -5538.5

        Result - Stopped on time limit

        Objective value:                5439.00000000
        Upper bound:                    5538.500
        Gap:                            -0.02
        Enumerated nodes:               26
        Total iterations:               769
        Time (CPU seconds):             0.81
        Time (Wallclock seconds):       0.85
        """

    @Test func theSummaryIsReadByLabel() {
        #expect(CBCSummary.upperBound(in: Self.timeLimitLog) == 5538.5)
        // The minimization's "best possible -5538.5" is never taken for the bound.
        #expect(
            CBCSummary.upperBound(
                in: "Cbc0010I After 0 nodes, 1 on tree, -4875 best solution, best possible -4997.6667 (0.35 seconds)")
                == nil)
    }

    /// A bound below what the plan seats, negative, missing or not a number is unknown (nil),
    /// never printed as a number; a sound one is converted to bookings.
    @Test func theBoundIsCheckedBeforeItIsShown() throws {
        let state = try seededState(
            day(
                tables: [
                    Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                    Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 4)
                ],
                bookings: [("B1", 19 * 60, 2), ("B2", 19 * 60, 4)]), maxTables: 1)
        let model = OptimumModel.make(
            restaurant: state.restaurants[0], state: state, maxTables: 1, objective: .bookings)
        let weight = try #require(model.bookingWeight)
        func summary(_ bound: String) -> String {
            "Result - Stopped on time limit\n\nObjective value:   9.0\nUpper bound:   \(bound)\n"
        }
        #expect(OptimumSolver.bound(in: summary(String(2 * weight + 3)), model: model, seated: 1) == 2)
        #expect(OptimumSolver.bound(in: summary(String(weight)), model: model, seated: 1) == 1)
        #expect(
            OptimumSolver.bound(in: summary(String(weight - 1)), model: model, seated: 1) == nil, "below the plan found"
        )
        #expect(OptimumSolver.bound(in: summary("-27"), model: model, seated: 0) == nil, "negative")
        #expect(OptimumSolver.bound(in: summary("nan"), model: model, seated: 0) == nil)
        #expect(OptimumSolver.bound(in: summary("lots"), model: model, seated: 0) == nil)
        #expect(
            OptimumSolver.bound(in: "Result - Stopped on time limit\n", model: model, seated: 0) == nil, "no bound line"
        )
        // More than the day's bookings is capped at them.
        #expect(OptimumSolver.bound(in: summary(String(50 * weight)), model: model, seated: 1) == 2)
    }
}
