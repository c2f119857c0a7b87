import EventLog
import Projections
import Scenarios
import StressRunner

/// The inputs of a recorded run (options, the whole seed and the engine), read back from its
/// first events through `RunInputs`: a capture alone is enough to re-execute it.
public struct CaptureInputs: Sendable {
    public var scenario: Scenario
    public var options: RunOptions
    public var engine: EngineIdentity?
    /// Every event read to work the inputs out, in seq order: the inputs and the first event
    /// after them. Whoever goes on with the stream starts with these, so nothing is read twice.
    public var records: [EventRecord]
    /// `records` decoded, one for one.
    public var events: [Event]

    public enum Problem: Error, CustomStringConvertible {
        case noRunStarted(path: String)
        case unreadable(path: String, EventDecodingError)
        case unknownMode(path: String, String)
        case unknownPrefill(path: String, String)
        case unknownOracle(path: String, String)
        case invalidOptions(path: String, String)
        case invalidScenario(path: String, String)

        public var description: String {
            switch self {
            case .noRunStarted(let path): "\(path): the capture does not start with run.started"
            case .unreadable(let path, let error): "\(path): \(error)"
            case .unknownMode(let path, let mode): "\(path): unknown mode \(mode)"
            case .unknownPrefill(let path, let prefill):
                "\(path): run.started has prefill '\(prefill)'; replay knows assign and none, in reserve mode only"
            case .unknownOracle(let path, let oracle):
                "\(path): run.started has oracle '\(oracle)'; replay knows every and first (with bruteforce on) and off (with bruteforce off)"
            case .invalidOptions(let path, let problem):
                "\(path): run.started holds options record refuses (\(problem))"
            case .invalidScenario(let path, let problem):
                "\(path): the seeded scenario breaks a scenario rule: \(problem)"
            }
        }
    }

    /// Reads the inputs from a new stream of the capture (for a command that needs nothing else).
    public static func read(from reader: CaptureReader) throws -> CaptureInputs {
        try read(from: try reader.stream())
    }

    /// Reads events from the stream's start through the first that is not an input.
    public static func read(from stream: CaptureStream) throws -> CaptureInputs {
        var events: [Event] = []
        var records: [EventRecord] = []
        while let record = try stream.nextRecord() {
            let event: Event
            do { event = try Event.decode(record) } catch {
                throw Problem.unreadable(path: stream.path, error)
            }
            records.append(record)
            events.append(event)
            guard event.body.isInput else { break }
        }
        let inputs = events.last?.body.isInput == false ? Array(events.dropLast()) : events
        let path = stream.path
        do {
            let recorded = try RunInputs.read(inputs)
            return CaptureInputs(
                scenario: recorded.scenario, options: recorded.options, engine: recorded.engine, records: records,
                events: events)
        } catch .noRunStarted {
            throw Problem.noRunStarted(path: path)
        } catch .unknownMode(let mode) {
            throw Problem.unknownMode(path: path, mode)
        } catch .unknownPrefill(let prefill) {
            throw Problem.unknownPrefill(path: path, prefill)
        } catch .unknownOracle(let oracle) {
            throw Problem.unknownOracle(path: path, oracle)
        } catch .invalidOptions(let problem) {
            throw Problem.invalidOptions(path: path, problem)
        } catch .invalidScenario(let problem) {
            throw Problem.invalidScenario(path: path, problem)
        }
    }
}
