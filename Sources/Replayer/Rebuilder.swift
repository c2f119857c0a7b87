import EventLog
import Projections

/// `replay run --rebuild` and `--at`: folds the recorded events into the projections without
/// the allocator, checking every invariant on the way.
public enum Rebuilder {
    public enum Outcome: Sendable {
        case consistent(state: RunState, events: Int, complete: Bool)
        case violated(InvariantViolation, state: RunState)
    }

    /// An event whose payload cannot be read: the capture is corrupt (bad input, not a finding).
    public struct Unreadable: Error, CustomStringConvertible {
        public let path: String
        public let error: EventDecodingError
        public var description: String { "\(path): corrupt capture (\(error))" }
    }

    public static func fold(_ reader: CaptureReader, through last: Int = Int.max) throws -> Outcome {
        var state = RunState()
        var count = 0
        var violation: InvariantViolation?
        var unreadable: EventDecodingError?
        try reader.forEachEvent(through: last, withHashes: false) { record in
            let event: Event
            do { event = try Event.decode(record) } catch {
                unreadable = error as? EventDecodingError
                return false
            }
            do { try state.apply(event, seq: record.seq) } catch let error as InvariantViolation {
                violation = error
                return false
            }
            count = record.seq
            return true
        }
        if let unreadable { throw Unreadable(path: reader.path, error: unreadable) }
        state.prepareFloors()
        if let violation { return .violated(violation, state: state) }
        return .consistent(state: state, events: count, complete: state.completed != nil)
    }
}
