import Allocation
import Projections
import Scenarios

/// The one mapping between a run's inputs (scenario, options, engine) and its input events, in
/// both directions: `record` writes what `events` gives, `replay run` reads it back with `read`,
/// and meta, reports, diff and `show` read the `run.started` payload this builds.
public enum RunInputs {
    /// The `run.started` payload of a run.
    public static func runStarted(scenario: Scenario, options: RunOptions, engine: EngineIdentity?) -> RunStarted {
        var started = RunStarted(
            scenario: scenario.name, scenarioDate: scenario.date, date: options.date ?? scenario.date,
            mode: options.mode.rawValue,
            seed: Int(options.seed), restaurants: options.restaurants, maxIterations: options.maxIterations,
            maxTables: options.maxTables, holdTTLSeconds: options.holdTTLSeconds, cloneLimit: options.cloneLimit,
            sourceDate: options.sourceDate ?? scenario.date, sourceAfterMinute: options.sourceAfterMinute,
            avoidUsed: options.avoidUsed, clients: options.clients, bruteforce: options.bruteforce,
            prefill: options.mode == .reserve ? options.prefill?.rawValue : nil,
            oracle: options.oracle.map { options.bruteforce ? $0.rawValue : Self.oracleOff }, engine: engine)
        if options.mode == .reserve && options.cloneOrder == .arrival {
            started.cloneOrder = options.cloneOrder.rawValue
        }
        if options.mode == .reserve {
            if options.editRatePerMille > 0 { started.editRatePerMille = options.editRatePerMille }
            if options.cancelRatePerMille > 0 { started.cancelRatePerMille = options.cancelRatePerMille }
        }
        return started
    }

    /// `run.started.oracle` of a run with the oracle turned off (`--no-bruteforce`).
    public static let oracleOff = "off"

    /// The oracle's scope a `run.started` payload stands for: nil for a capture recorded before
    /// `oracle` existed; `.failure` when `oracle` is unknown or contradicts `bruteforce`.
    static func oracleScope(of started: RunStarted) -> Result<RunOptions.OracleScope?, Problem> {
        guard let recorded = started.oracle else { return .success(nil) }
        if recorded == oracleOff { return started.bruteforce ? .failure(.unknownOracle(recorded)) : .success(.every) }
        guard let scope = RunOptions.OracleScope(rawValue: recorded), started.bruteforce else {
            return .failure(.unknownOracle(recorded))
        }
        return .success(scope)
    }

    /// The options a `run.started` payload stands for (nil for an unknown mode or prefill).
    public static func options(from started: RunStarted) -> RunOptions? {
        guard let mode = RunOptions.Mode(rawValue: started.mode), case .success(let oracle) = oracleScope(of: started)
        else { return nil }
        var prefill: RunOptions.Prefill? = mode == .assign ? RunOptions().prefill : nil
        if let recorded = started.prefill {
            guard mode == .reserve, let known = RunOptions.Prefill(rawValue: recorded) else { return nil }
            prefill = known
        }
        var cloneOrder = RunOptions.CloneOrder.start
        if let recorded = started.cloneOrder {
            guard mode == .reserve, let known = RunOptions.CloneOrder(rawValue: recorded) else { return nil }
            cloneOrder = known
        }
        var options = RunOptions()
        options.mode = mode
        options.seed = UInt64(max(0, started.seed))
        options.restaurants = started.restaurants
        options.date = started.date == started.scenarioDate ? nil : started.date
        options.maxIterations = started.maxIterations
        options.maxTables = started.maxTables
        options.holdTTLSeconds = started.holdTTLSeconds
        options.cloneLimit = started.cloneLimit
        options.sourceDate = started.sourceDate == started.scenarioDate ? nil : started.sourceDate
        options.sourceAfterMinute = started.sourceAfterMinute
        options.avoidUsed = started.avoidUsed
        options.clients = started.clients
        options.prefill = prefill
        options.cloneOrder = cloneOrder
        options.editRatePerMille = started.editRatePerMille ?? 0
        options.cancelRatePerMille = started.cancelRatePerMille ?? 0
        options.bruteforce = started.bruteforce
        options.oracle = oracle
        options.engineCommand = started.engine?.command
        // Format 8 records the version spoken; an older engine capture was recorded by a replay
        // that offered versions 1 and 2.
        if let engine = started.engine { options.engineProtocol = engine.protocolVersion ?? 2 }
        return options
    }

    /// Whether a run seeds a booking with tables of the real floor (capture format 6), or, with
    /// `onRunDate`, one that `--prefill real` seats: of the run's date.
    public static func seedsRealFloor(_ scenario: Scenario, _ options: RunOptions, onRunDate: Bool = false) -> Bool {
        let slugs = Set(selectedRestaurants(scenario, options).map(\.restaurant.slug))  // membership only
        let date = options.date ?? scenario.date
        return scenario.bookings.contains {
            $0.tables != nil && slugs.contains($0.restaurant) && (!onRunDate || ($0.date ?? scenario.date) == date)
        }
    }

    /// Whether a run changes bookings (capture format 7): the scenario schedules changes for its
    /// restaurants, or reserve mode's clients edit or cancel.
    public static func changesBookings(_ scenario: Scenario, _ options: RunOptions) -> Bool {
        if options.mode == .reserve && options.editRatePerMille + options.cancelRatePerMille > 0 { return true }
        let slugs = Set(selectedRestaurants(scenario, options).map(\.restaurant.slug))  // membership only
        return scenario.changes.contains { slugs.contains($0.restaurant) }
    }

    /// The scenario's restaurants a run covers, in scenario order.
    public static func selectedRestaurants(_ scenario: Scenario, _ options: RunOptions) -> [RestaurantPlan] {
        options.restaurants.isEmpty
            ? scenario.restaurants : scenario.restaurants.filter { options.restaurants.contains($0.restaurant.slug) }
    }

    /// How many bookings a run will work on (assign: the service date's; reserve: the clones'
    /// sources, whatever the prefill seats first), and how many of the selected restaurants' bookings it leaves out for their date.
    public static func workload(_ scenario: Scenario, _ options: RunOptions) -> (inRun: Int, otherDates: Int) {
        let slugs = Set(selectedRestaurants(scenario, options).map(\.restaurant.slug))  // membership only
        let bookings = scenario.bookings.filter { slugs.contains($0.restaurant) }
        switch options.mode {
        case .assign:
            let date = options.date ?? scenario.date
            let inRun = bookings.filter { ($0.date ?? scenario.date) == date }.count
            return (inRun, bookings.count - inRun)
        case .reserve:
            let date = options.sourceDate ?? scenario.date
            let sources = bookings.filter {
                ($0.date ?? scenario.date) == date && $0.startMinute >= options.sourceAfterMinute
            }.count
            // The clones only: a live floor with nothing to clone is not a create-flow run.
            return (min(sources, options.cloneLimit), 0)
        }
    }

    /// The input events of a run, in the order they are written: `run.started`, each restaurant
    /// with its tables and adjacency, then the bookings of those restaurants.
    public static func events(scenario: Scenario, options: RunOptions, engine: EngineIdentity?) -> [Event] {
        let at = VirtualClock.startSeconds
        var events = [Event(at: at, .runStarted(runStarted(scenario: scenario, options: options, engine: engine)))]
        let restaurants = selectedRestaurants(scenario, options)
        for plan in restaurants {
            let slug = plan.restaurant.slug
            events.append(
                Event(
                    at: at, restaurant: slug,
                    .restaurantSeeded(
                        RestaurantSeeded(
                            services: plan.restaurant.services.map {
                                ServiceSeed(
                                    name: $0.name, startMinute: $0.startMinute, endMinute: $0.endMinute,
                                    turnMinutes: $0.turnMinutes?.pairs)
                            },
                            turnMinutes: plan.restaurant.turnMinutes.pairs,
                            bufferMinutes: plan.restaurant.bufferMinutes,
                            maxOverage: plan.restaurant.maxOverage))))
            for table in plan.tables {
                events.append(
                    Event(
                        at: at, restaurant: slug,
                        .tableSeeded(
                            TableSeeded(
                                table: table.id, zone: table.zone, minCovers: table.minCovers,
                                maxCovers: table.maxCovers,
                                movable: table.movable, active: table.active))))
            }
            for pair in plan.adjacency {
                events.append(
                    Event(
                        at: at, restaurant: slug, .adjacencySeeded(AdjacencySeeded(tables: [pair.first, pair.second]))))
            }
        }
        let slugs = Set(restaurants.map(\.restaurant.slug))  // membership only
        for booking in scenario.bookings where slugs.contains(booking.restaurant) {
            events.append(
                Event(
                    at: at, restaurant: booking.restaurant, booking: booking.id,
                    .bookingSeeded(
                        BookingSeeded(
                            date: booking.date ?? scenario.date, startMinute: booking.startMinute,
                            partySize: booking.partySize,
                            durationMinutes: booking.durationMinutes, tables: booking.tables))))
        }
        for change in scenario.changes where slugs.contains(change.restaurant) {
            events.append(
                Event(
                    at: at, restaurant: change.restaurant, booking: change.booking,
                    .changeSeeded(
                        ChangeSeeded(
                            atMinute: change.atMinute, kind: change.kind == .cancel ? .cancel : .edit,
                            partySize: change.partySize, startMinute: change.startMinute))))
        }
        return events
    }

    /// What `read` found in a capture's input events.
    public struct Recorded: Sendable {
        public var scenario: Scenario
        public var options: RunOptions
        public var engine: EngineIdentity?
    }

    /// Why input events do not describe a run.
    public enum Problem: Error, Equatable {
        case noRunStarted
        case unknownMode(String)
        case unknownPrefill(String)
        /// `oracle` is not `every`, `first` or `off`, or says `off` while `bruteforce` is on (or the reverse).
        case unknownOracle(String)
        /// The options `run.started` holds break a rule `record` checks (`--option: problem`).
        case invalidOptions(String)
        /// The seeded scenario breaks a rule a scenario file is held to (`$.path: problem`).
        case invalidScenario(String)
    }

    /// The scenario, options and engine that input events (in order) describe; the inverse of `events`.
    public static func read(_ inputs: [Event]) throws(Problem) -> Recorded {
        guard case .runStarted(let started)? = inputs.first?.body else { throw .noRunStarted }
        guard let options = options(from: started) else {
            if RunOptions.Mode(rawValue: started.mode) == nil { throw .unknownMode(started.mode) }
            if case .failure(let problem) = oracleScope(of: started) { throw problem }
            throw .unknownPrefill(started.prefill ?? "")
        }
        var plans: [RestaurantPlan] = []
        var planIndex: [String: Int] = [:]
        var bookings: [ScenarioBooking] = []
        var changes: [ScenarioChange] = []
        for event in inputs.dropFirst() {
            let slug = event.restaurant ?? ""
            switch event.body {
            case .restaurantSeeded(let seeded):
                planIndex[slug] = plans.count
                plans.append(
                    RestaurantPlan(
                        restaurant: Restaurant(
                            slug: slug,
                            services: seeded.services.map {
                                ServicePeriod(
                                    name: $0.name, startMinute: $0.startMinute, endMinute: $0.endMinute,
                                    turnMinutes: $0.turnMinutes.map(TurnTable.init(pairs:)))
                            },
                            turnMinutes: TurnTable(pairs: seeded.turnMinutes), bufferMinutes: seeded.bufferMinutes,
                            maxOverage: seeded.maxOverage),
                        tables: [], adjacency: []))
            case .tableSeeded(let seeded):
                guard let index = planIndex[slug] else { continue }
                plans[index].tables.append(
                    Table(
                        id: seeded.table, zone: seeded.zone, minCovers: seeded.minCovers, maxCovers: seeded.maxCovers,
                        movable: seeded.movable, active: seeded.active))
            case .adjacencySeeded(let seeded):
                guard let index = planIndex[slug], seeded.tables.count == 2 else { continue }
                plans[index].adjacency.append(AdjacencyPair(seeded.tables[0], seeded.tables[1]))
            case .bookingSeeded(let seeded):
                bookings.append(
                    ScenarioBooking(
                        id: event.booking ?? "", restaurant: slug,
                        date: seeded.date == started.scenarioDate ? nil : seeded.date,
                        startMinute: seeded.startMinute, partySize: seeded.partySize,
                        durationMinutes: seeded.durationMinutes,
                        tables: seeded.tables))
            case .changeSeeded(let seeded):
                changes.append(
                    ScenarioChange(
                        booking: event.booking ?? "", restaurant: slug, atMinute: seeded.atMinute,
                        kind: seeded.kind == .cancel ? .cancel : .edit, partySize: seeded.partySize,
                        startMinute: seeded.startMinute))
            default:
                continue
            }
        }
        // A capture is shared data: its inputs are held to the rules `record` holds options and
        // scenario files to, before anything runs on them.
        if let problem = options.problem() { throw .invalidOptions(problem) }
        let scenario = Scenario(
            name: started.scenario, date: started.scenarioDate, restaurants: plans, bookings: bookings,
            changes: changes)
        do { _ = try ScenarioLoader.parse(text: scenario.jsonText, file: "") } catch {
            throw .invalidScenario("\(error.path): \(error.problem)")
        }
        return Recorded(scenario: scenario, options: options, engine: started.engine)
    }
}
