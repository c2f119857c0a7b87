import Allocation
import EventLog
import Projections
import Scenarios
@testable import StressRunner
import Testing

/// Folds recorded events into a fresh state: the "live run equals replay" checker.
func fold(_ records: [EventRecord]) throws -> RunState {
    var state = RunState()
    for record in records { try state.apply(try Event.decode(record), seq: record.seq) }
    return state
}

func record(_ scenario: Scenario, _ options: RunOptions, allocator: (any CandidateSearch)? = nil) throws -> (
    StressRun, [EventRecord]
) {
    let sink = MemorySink()
    let run = StressRun(
        scenario: scenario, options: options, sink: sink,
        engine: allocator.map { BuiltInEngine(maxTables: options.maxTables, allocator: $0) })
    try run.run()
    return (run, sink.records)
}

/// One restaurant, dinner 17:00-22:00, the given tables in zone main, bookings on 2025-11-08.
func smallScenario(tables: [Table], adjacency: [AdjacencyPair] = [], bookings: [(String, Int, Int)]) -> Scenario {
    let restaurant = Restaurant(
        slug: "r1", services: [ServicePeriod(name: "dinner", startMinute: 17 * 60, endMinute: 22 * 60)],
        turnMinutes: TurnTable([(2, 60), (4, 75), (6, 90)]), bufferMinutes: 15)
    return Scenario(
        name: "small", date: "2025-11-08",
        restaurants: [RestaurantPlan(restaurant: restaurant, tables: tables, adjacency: adjacency)],
        bookings: bookings.map { ScenarioBooking(id: $0.0, restaurant: "r1", startMinute: $0.1, partySize: $0.2) })
}

@Suite struct AssignModeTests {
    @Test func theBuiltInDayRecordsEveryStepAndFoldsBackIdentically() throws {
        let (run, records) = try record(DefaultScenario.make(), RunOptions())
        func count(_ type: String) -> Int { records.filter { $0.type == type }.count }
        #expect(count("table.seeded") == 90)
        #expect(count("booking.seeded") == 105)
        #expect(count("adjacency.seeded") == 77)
        #expect(count("quote.issued") > 105)
        #expect(count("assignment.confirmed") == run.state.overall.confirmed)
        #expect(count("hold.placed") >= count("assignment.confirmed"))
        #expect(count("assignment.confirmed") + count("booking.failed") == 105)
        #expect(records.last?.type == "run.completed")
        #expect(records.map(\.seq) == Array(1...records.count))
        let folded = try fold(records)
        #expect(folded.overall == run.state.overall)
        #expect(folded.summary(events: records.count - 1) == run.state.completed)
        // The built-in day's failures are honest: the 11:xx starts are outside any service.
        #expect(run.state.overall.reasons.contains { $0.reason == "outside_service" && $0.count == 2 })
    }

    @Test func theSameInputsGiveTheSameEvents() throws {
        let scenario = ScenarioGenerator.make(restaurants: 3, bookings: 120, seed: 9)
        let (_, first) = try record(scenario, RunOptions())
        let (_, second) = try record(scenario, RunOptions())
        #expect(first == second)
    }

    @Test func fewerTablesPerCombinationChangesTheRun() throws {
        var narrow = RunOptions()
        narrow.maxTables = 1
        let (_, wide) = try record(DefaultScenario.make(), RunOptions())
        let (_, single) = try record(DefaultScenario.make(), narrow)
        #expect(wide != single)
        #expect(!single.contains { $0.type == "quote.issued" && $0.payload.contains("\"strategy\":\"relaxed-x2\"") })
    }

    @Test func aRestrictedAllocatorShowsUpAsPhantomUnavailability() throws {
        /// Offers single tables only: the oracle must notice the combinations it never finds.
        struct SinglesOnly: CandidateSearch {
            func quote(_ request: QuoteRequest, floor: Floor, occupancy: Occupancy, lookAhead: [LookAheadBooking])
                -> Quote
            {
                var narrowed = request
                narrowed.strategy.maxTables = 1
                return Allocator.search(narrowed, floor: floor, occupancy: occupancy)
            }
        }
        let scenario = smallScenario(
            tables: [
                Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 2)
            ],
            adjacency: [AdjacencyPair("T1", "T2")], bookings: [("B1", 19 * 60, 4)])
        let (run, records) = try record(scenario, RunOptions(), allocator: SinglesOnly())
        #expect(run.state.overall.phantomUnavailable == ["B1"])
        #expect(
            records.contains { $0.type == "coverage.measured" && $0.payload.contains("\"phantom_unavailable\":true") })
        let (honest, _) = try record(scenario, RunOptions())
        #expect(honest.state.overall.phantomUnavailable.isEmpty)
        #expect(honest.state.booking("B1")?.tables == ["T1", "T2"])
    }
}

@Suite struct ReserveModeTests {
    /// Reserve options; an empty floor unless `prefill` says otherwise (most cases here are
    /// worked out on an empty floor).
    func reserve(
        clients: Int = 1, cloneLimit: Int = 5, seed: UInt64 = 1, avoidUsed: Bool = false,
        prefill: RunOptions.Prefill? = .empty
    ) -> RunOptions {
        var options = RunOptions()
        options.mode = .reserve
        options.clients = clients
        options.cloneLimit = cloneLimit
        options.seed = seed
        options.avoidUsed = avoidUsed
        options.prefill = prefill
        return options
    }

    /// T1 and T2 seat two, T3 four; S1 and S2 are parties of two at 19:00.
    var liveFloor: Scenario {
        smallScenario(
            tables: [
                Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 2),
                Table(id: "T3", zone: "main", minCovers: 1, maxCovers: 4)
            ],
            bookings: [("S1", 19 * 60, 2), ("S2", 19 * 60, 2)])
    }

    @Test func thePrefillSeatsTheDayAndTheClonesGetWhatIsLeft() throws {
        // Worked out: the prefill seats S1 and S2 on the two-tops (the smallest sets that fit);
        // only T3 is left at 19:00, so one client's clone gets it and the other is refused.
        let (run, records) = try record(liveFloor, reserve(prefill: .assign))
        #expect(run.state.booking("S1")?.tables == ["T1"])
        #expect(run.state.booking("S2")?.tables == ["T2"])
        #expect(run.state.booking("C0001")?.tables == ["T3"])
        #expect(run.state.booking("C0002")?.status == .refused)
        #expect(run.state.booking("C0002")?.reason == "no_capacity")
        // The prefill is recorded as the legacy loop's events, before the first clone.
        let firstCreated = try #require(records.firstIndex { $0.type == "booking.created" })
        #expect(records[..<firstCreated].filter { $0.type == "assignment.confirmed" }.count == 2)
        #expect(records[..<firstCreated].contains { $0.type == "iteration.completed" })
        let figures = try #require(ReserveFigures(run.state))
        #expect(
            (figures.prefilled, figures.prefillSeated, figures.clones, figures.confirmed, figures.refused) == (
                2, 2, 2, 1, 1
            ))
        #expect(try fold(records).overall == run.state.overall)
        // On an empty floor both clones are seated.
        let (empty, _) = try record(liveFloor, reserve(prefill: .empty))
        #expect(empty.state.booking("C0001")?.status == .confirmed)
        #expect(empty.state.booking("C0002")?.status == .confirmed)
        #expect(ReserveFigures(empty.state)?.prefilled == 0)
    }

    @Test func twoClientsRaceForTheLastTableOfALiveFloor() throws {
        // Worked out: T3 is the only free table at 19:00 after the prefill. Whatever the
        // interleaving, exactly one clone sits there; the other is refused at creation (the
        // first was already seated) or loses a race for T3: a conflict naming both clones and T3.
        var conflictSeeds: [UInt64] = []
        for seed: UInt64 in 1...20 {
            let (run, records) = try record(liveFloor, reserve(clients: 2, seed: seed, prefill: .assign))
            let clones = ["C0001", "C0002"].compactMap { run.state.booking($0) }
            #expect(clones.filter { $0.status == .confirmed }.map(\.tables) == [["T3"]], "seed \(seed)")
            #expect(run.state.activeHoldIDs.isEmpty, "seed \(seed)")
            for record in records where record.type == "conflict.detected" {
                let event = try Event.decode(record)
                guard case .conflictDetected(let conflict) = event.body else { continue }
                #expect(conflict.tables == ["T3"], "seed \(seed)")
                #expect(Set(conflict.with + [event.booking ?? ""]) == ["C0001", "C0002"], "seed \(seed)")
                conflictSeeds.append(seed)
            }
            let (_, again) = try record(liveFloor, reserve(clients: 2, seed: seed, prefill: .assign))
            #expect(again == records, "seed \(seed) did not reproduce")
        }
        #expect(!conflictSeeds.isEmpty, "no seed in 1...20 made the two clients collide on T3")
    }

    @Test func clientsTakeClonesRestaurantByRestaurant() throws {
        // Two restaurants whose bookings interleave in time: on a live floor the clones are handed
        // out r1's first (in start order), then r2's; a capture without `prefill` (format 3 or
        // below) keeps its (start, id) order across restaurants.
        let small = smallScenario(tables: [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 8)], bookings: [])
        var second = small.restaurants[0]
        second.restaurant.slug = "r2"
        let scenario = Scenario(
            name: "two", date: small.date, restaurants: [small.restaurants[0], second],
            bookings: [
                ScenarioBooking(id: "A", restaurant: "r2", startMinute: 18 * 60, partySize: 2),
                ScenarioBooking(id: "B", restaurant: "r1", startMinute: 18 * 60 + 30, partySize: 2),
                ScenarioBooking(id: "C", restaurant: "r2", startMinute: 19 * 60, partySize: 2),
                ScenarioBooking(id: "D", restaurant: "r1", startMinute: 20 * 60, partySize: 2)
            ])
        func sources(_ prefill: RunOptions.Prefill?) throws -> [String] {
            let (_, records) = try record(scenario, reserve(cloneLimit: 4, prefill: prefill))
            return try records.filter { $0.type == "booking.created" || $0.type == "booking.refused" }.compactMap {
                record in
                switch try Event.decode(record).body {
                case .bookingCreated(let created): created.source
                case .bookingRefused(let refused): refused.source
                default: nil
                }
            }
        }
        #expect(try sources(.empty) == ["B", "D", "A", "C"])
        #expect(try sources(.assign) == ["B", "D", "A", "C"])
        #expect(try sources(nil) == ["A", "B", "C", "D"])
    }

    @Test func aCloneThatOnlyFitsAsACombinationAndOneRefusedByCapacity() throws {
        let scenario = smallScenario(
            tables: [
                Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 2)
            ],
            bookings: [("S1", 19 * 60, 4), ("S2", 19 * 60 + 30, 2)])
        let (run, records) = try record(scenario, reserve())
        let first = try #require(run.state.booking("C0001"))
        #expect(first.status == .confirmed)
        #expect(first.tables == ["T1", "T2"])
        // Not adjacent: only the relaxed strategy could seat it.
        #expect(first.strategy == "relaxed-x2")
        let second = try #require(run.state.booking("C0002"))
        #expect(second.status == .refused)
        #expect(second.reason == "no_capacity")
        #expect(records.contains { $0.type == "booking.refused" })
        #expect(run.state.activeHoldIDs.isEmpty)
    }

    @Test func avoidUsedKeepsEarlierTablesOutOfLaterQuotes() throws {
        let scenario = smallScenario(
            tables: [
                Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2),
                Table(id: "T2", zone: "main", minCovers: 1, maxCovers: 2)
            ],
            bookings: [("S1", 18 * 60, 2), ("S2", 20 * 60, 2)])
        let (plain, _) = try record(scenario, reserve())
        #expect(plain.state.booking("C0001")?.tables == ["T1"])
        #expect(plain.state.booking("C0002")?.tables == ["T1"])
        let (avoiding, _) = try record(scenario, reserve(avoidUsed: true))
        #expect(avoiding.state.booking("C0002")?.tables == ["T2"])
    }

    @Test func twoRacingClientsOnOneTable() throws {
        let scenario = smallScenario(
            tables: [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 4)],
            bookings: [("S1", 19 * 60, 2), ("S2", 19 * 60, 2)])
        var seedsWithConflict: [UInt64] = []
        for seed: UInt64 in 1...20 {
            let (run, records) = try record(scenario, reserve(clients: 2, seed: seed))
            #expect(run.state.overall.confirmed == 1, "seed \(seed)")
            #expect(run.state.activeHoldIDs.isEmpty, "seed \(seed)")
            let conflicts = records.filter { $0.type == "conflict.detected" }
            if !conflicts.isEmpty {
                seedsWithConflict.append(seed)
                let conflict = try Event.decode(conflicts[0])
                guard case .conflictDetected(let body) = conflict.body else { continue }
                #expect(body.tables == ["T1"])
                #expect(Set(body.with + [conflict.booking ?? ""]) == ["C0001", "C0002"])
            }
            let (_, again) = try record(scenario, reserve(clients: 2, seed: seed))
            #expect(again == records, "seed \(seed) did not reproduce")
        }
        #expect(!seedsWithConflict.isEmpty, "no seed in 1...20 made the two clients collide")
    }

    @Test func theBuiltInDayWithFourClientsFoldsBack() throws {
        let (run, records) = try record(DefaultScenario.make(), reserve(clients: 4, cloneLimit: 40))
        #expect(
            records.filter { $0.type == "booking.created" }.count
                + records.filter { $0.type == "booking.refused" }.count == 40)
        #expect(records.filter { $0.type == "coverage.measured" }.count > 0)
        let folded = try fold(records)
        #expect(folded.overall == run.state.overall)
    }
}

@Suite struct CleanupTests {
    @Test func staleHoldsAreReleasedWithAReason() throws {
        let scenario = smallScenario(
            tables: [Table(id: "T1", zone: "main", minCovers: 1, maxCovers: 2)], bookings: [("B1", 19 * 60, 2)])
        let sink = MemorySink()
        let run = StressRun(scenario: scenario, options: RunOptions(), sink: sink)
        try run.seed()
        // A hold left behind by an abandoned step (what the original's reruns inherited).
        let booking = try #require(run.state.booking("B1"))
        let window = try #require(booking.resolvedWindow)
        let floor = try #require(run.state.restaurant("r1")).floor
        let quote = Allocator.search(
            QuoteRequest(
                booking: "B1", partySize: 2, window: window, strategy: Strategy.legacyOrder(maxTables: 1)[0],
                now: run.emitter.now), floor: floor, occupancy: try #require(run.state.restaurant("r1")).occupancy)
        let hold = try #require(
            try run.operations.placeHold(
                booking, window: window, candidate: quote.candidates[0], rank: 1,
                strategy: Strategy.legacyOrder(maxTables: 1)[0]))
        try run.operations.releaseStaleHolds(keeping: ["B1"])
        #expect(run.state.activeHoldIDs == [hold])
        try run.operations.releaseStaleHolds()
        #expect(run.state.activeHoldIDs.isEmpty)
        let last = try #require(sink.records.last)
        #expect(last.type == "hold.released")
        #expect(last.payload == #"{"hold":"H000001","reason":"cleanup"}"#)
        _ = try fold(sink.records)
    }
}
