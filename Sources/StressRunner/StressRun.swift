import Allocation
import Projections
import Scenarios

/// One stress run: writes the inputs, runs the mode's flow and completes. Every step is an
/// event, applied to the state (the projection) and then handed to the sink (`Emitter`); the
/// flows decide, `Operations` carries out, the `Engine` answers quotes.
public final class StressRun {
    public let scenario: Scenario
    public let options: RunOptions
    public let engine: any Engine
    let emitter: Emitter
    let operations: Operations

    /// `engine`: the allocator under test [the built-in one]. The caller owns it (and ends an
    /// outside engine's session).
    public init(scenario: Scenario, options: RunOptions, sink: EventSink, engine: (any Engine)? = nil) {
        self.scenario = scenario
        self.options = options
        self.engine = engine ?? BuiltInEngine(maxTables: options.maxTables)
        emitter = Emitter(sink: sink)
        operations = Operations(options: options, emitter: emitter, engine: self.engine)
    }

    public var state: RunState {
        _read { yield emitter.state }
    }

    /// Called with one line per attempt (`--verbose`).
    public var onAttempt: ((String) -> Void)? {
        get { emitter.log.onLine }
        set { emitter.log.onLine = newValue }
    }

    /// Called after each decided booking (for the progress line).
    public var onProgress: ((RunProgress) -> Void)? {
        get { operations.onProgress }
        set { operations.onProgress = newValue }
    }

    /// Runs to completion. Throws what the sink throws (a full disk, a simulated crash, a replay
    /// divergence), what the engine throws (an outside engine that failed), or an
    /// `InvariantViolation` (a bug: the run's own events broke a rule).
    public func run() throws {
        defer { emitter.log.flush() }
        do {
            try runSteps()
        } catch let failure as EngineFailure {
            // The engine's failure is the run's last event; the capture is then marked aborted.
            try emitter.emit(
                .engineFailed(
                    EngineFailed(
                        kind: failure.kind.rawValue, request: failure.request, detail: failure.detail,
                        line: failure.line)))
            throw failure
        }
    }

    private func runSteps() throws {
        try seed()
        try operations.releaseStaleHolds()
        let restaurants = RunInputs.selectedRestaurants(scenario, options)
        switch options.mode {
        case .assign: try AssignLoop(operations: operations, restaurants: restaurants).run()
        case .reserve:
            // A live floor: the day's bookings are seated first, as in assign mode, then the clones compete.
            if options.prefill == .assign { try AssignLoop(operations: operations, restaurants: restaurants).run() }
            if options.prefill == .real {
                try RealFloor(operations: operations, restaurants: restaurants).seat()
                let changes = ChangeFlow(operations: operations)
                let scheduled = changes.scheduledByRestaurant()
                for plan in restaurants {
                    for change in scheduled[plan.restaurant.slug] ?? [] { _ = try changes.apply(change) }
                }
            }
            try CreateFlow(operations: operations, restaurants: restaurants, scenarioDate: scenario.date).run()
        }
        try operations.releaseStaleHolds()
        try emitter.emit(.runCompleted(state.summary(events: state.lastSeq)))
    }

    /// Writes the input events and indexes the pending bookings for the look-ahead.
    func seed() throws {
        for event in RunInputs.events(scenario: scenario, options: options, engine: engine.identity) {
            try emitter.emit(event.body, restaurant: event.restaurant, booking: event.booking)
        }
        for (position, booking) in state.bookings.enumerated() where booking.status == .pending {
            operations.pendingIndex.add(position: position, in: state)
        }
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
    case stepLimit(Int)
    case badCheckCase(String)

    public var description: String {
        switch self {
        case .unknownRestaurant(let slug): "internal error: restaurant \(slug) has no state"
        case .stepLimit(let limit):
            "the create flow took more than \(limit) steps; this is a bug, please report the capture"
        case .badCheckCase(let name): "internal error: engine check case \(name) does not build"
        }
    }
}
