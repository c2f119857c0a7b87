import Allocation
import EventLog
import Projections
import Scenarios
import StressRunner

/// The inputs of a recorded run (options and the whole seed), read back from its first events:
/// a capture alone is enough to re-execute it.
public struct CaptureInputs: Sendable {
    public var scenario: Scenario
    public var options: RunOptions

    public enum Problem: Error, CustomStringConvertible {
        case noRunStarted(path: String)
        case unreadable(path: String, EventDecodingError)
        case unknownMode(path: String, String)

        public var description: String {
            switch self {
            case .noRunStarted(let path): "\(path): the capture does not start with run.started"
            case .unreadable(let path, let error): "\(path): \(error)"
            case .unknownMode(let path, let mode): "\(path): unknown mode \(mode)"
            }
        }
    }

    /// Reads events from the start until the first that is not an input.
    public static func read(from reader: CaptureReader) throws -> CaptureInputs {
        var started: RunStarted?
        var plans: [RestaurantPlan] = []
        var planIndex: [String: Int] = [:]
        var bookings: [ScenarioBooking] = []
        var decodeError: EventDecodingError?
        try reader.forEachEvent { record in
            let event: Event
            do { event = try Event.decode(record) } catch { decodeError = error as? EventDecodingError; return false }
            guard event.body.isInput else { return false }
            let slug = event.restaurant ?? ""
            switch event.body {
            case .runStarted(let e): started = e
            case .restaurantSeeded(let e):
                planIndex[slug] = plans.count
                plans.append(RestaurantPlan(restaurant: Restaurant(
                    slug: slug,
                    services: e.services.map { ServicePeriod(name: $0.name, startMinute: $0.startMinute, endMinute: $0.endMinute,
                                                             turnMinutes: $0.turnMinutes.map(RunState.turnTable)) },
                    turnMinutes: RunState.turnTable(e.turnMinutes), bufferMinutes: e.bufferMinutes, maxOverage: e.maxOverage), tables: [], adjacency: []))
            case .tableSeeded(let e):
                if let index = planIndex[slug] {
                    plans[index].tables.append(Table(id: e.table, zone: e.zone, minCovers: e.minCovers, maxCovers: e.maxCovers,
                                                     movable: e.movable, active: e.active))
                }
            case .adjacencySeeded(let e):
                if let index = planIndex[slug], e.tables.count == 2 {
                    plans[index].adjacency.append(AdjacencyPair(e.tables[0], e.tables[1]))
                }
            case .bookingSeeded(let e):
                bookings.append(ScenarioBooking(id: event.booking ?? "", restaurant: slug,
                                                date: e.date == started?.scenarioDate ? nil : e.date,
                                                startMinute: e.startMinute, partySize: e.partySize, durationMinutes: e.durationMinutes))
            default: break
            }
            return true
        }
        if let decodeError { throw Problem.unreadable(path: reader.path, decodeError) }
        guard let started else { throw Problem.noRunStarted(path: reader.path) }
        guard let mode = RunOptions.Mode(rawValue: started.mode) else { throw Problem.unknownMode(path: reader.path, started.mode) }
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
        options.bruteforce = started.bruteforce
        return CaptureInputs(scenario: Scenario(name: started.scenario, date: started.scenarioDate, restaurants: plans, bookings: bookings),
                             options: options)
    }
}
