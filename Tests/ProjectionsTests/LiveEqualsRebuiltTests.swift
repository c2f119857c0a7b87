import EventLog
import Projections
import Scenarios
import StressRunner
import Testing

/// Recorded days whose live state is compared with the state folded from their records.
enum RecordedDay: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case builtInAssign = "built-in day, assign"
    case builtInReserve = "built-in day, reserve, 4 clients, 40 clones"
    case generatedAssign = "generated day (3 restaurants, 120 bookings), assign"
    case generatedReserve = "generated day (2 restaurants, 60 bookings), reserve, 3 clients"

    var testDescription: String { rawValue }

    var scenario: Scenario {
        switch self {
        case .builtInAssign, .builtInReserve: DefaultScenario.make()
        case .generatedAssign: ScenarioGenerator.make(restaurants: 3, bookings: 120, seed: 9)
        case .generatedReserve: ScenarioGenerator.make(restaurants: 2, bookings: 60, seed: 4)
        }
    }

    var options: RunOptions {
        var options = RunOptions()
        switch self {
        case .builtInAssign, .generatedAssign: break
        case .builtInReserve:
            options.mode = .reserve
            options.clients = 4
            options.cloneLimit = 40
        case .generatedReserve:
            options.mode = .reserve
            options.clients = 3
            options.cloneLimit = 30
            options.seed = 7
        }
        return options
    }

    /// Runs the day into memory: the live run and what it recorded.
    func record() throws -> (run: StressRun, records: [EventRecord]) {
        let sink = MemorySink()
        let run = StressRun(scenario: scenario, options: options, sink: sink)
        try run.run()
        return (run, sink.records)
    }
}

/// Folds records into a fresh state, each applied with its own seq.
func fold<Records: Sequence<EventRecord>>(_ records: Records) throws -> RunState {
    var state = RunState()
    for record in records { try state.apply(try Event.decode(record), seq: record.seq) }
    return state
}

@Suite struct LiveEqualsRebuiltTests {
    @Test(arguments: RecordedDay.allCases)
    func theFoldedStateEqualsTheLiveOne(_ day: RecordedDay) throws {
        let (run, records) = try day.record()
        #expect(records.last?.type == "run.completed")
        #expect(run.state.completed != nil)
        #expect(run.state.lastSeq == records.count)
        let folded = try fold(records)
        #expect(folded == run.state)
    }

    /// The comparison is not vacuous: one event short, the folded state differs.
    @Test func oneEventShortIsNotEqual() throws {
        let (run, records) = try RecordedDay.builtInAssign.record()
        let short = try fold(records.dropLast())
        #expect(short != run.state)
        #expect(short.completed == nil)
        #expect(short.lastSeq == records.count - 1)
        // Applying the missing event closes the gap.
        var completed = short
        let last = try #require(records.last)
        try completed.apply(try Event.decode(last), seq: last.seq)
        #expect(completed == run.state)
    }
}
