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

    /// Reads events from the start until the first that is not an input.
    public static func read(from reader: CaptureReader) throws -> CaptureInputs {
        var inputs: [Event] = []
        var decodeError: EventDecodingError?
        try reader.forEachEvent { record in
            let event: Event
            do { event = try Event.decode(record) } catch {
                decodeError = error as? EventDecodingError
                return false
            }
            guard event.body.isInput else { return false }
            inputs.append(event)
            return true
        }
        if let decodeError { throw Problem.unreadable(path: reader.path, decodeError) }
        do {
            let recorded = try RunInputs.read(inputs)
            return CaptureInputs(scenario: recorded.scenario, options: recorded.options, engine: recorded.engine)
        } catch .noRunStarted {
            throw Problem.noRunStarted(path: reader.path)
        } catch .unknownMode(let mode) {
            throw Problem.unknownMode(path: reader.path, mode)
        } catch .unknownPrefill(let prefill) {
            throw Problem.unknownPrefill(path: reader.path, prefill)
        } catch .unknownOracle(let oracle) {
            throw Problem.unknownOracle(path: reader.path, oracle)
        } catch .invalidOptions(let problem) {
            throw Problem.invalidOptions(path: reader.path, problem)
        } catch .invalidScenario(let problem) {
            throw Problem.invalidScenario(path: reader.path, problem)
        }
    }
}
