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

    /// Folds the whole capture from a new stream.
    public static func fold(_ reader: CaptureReader, through last: Int = Int.max) throws -> Outcome {
        try fold(try reader.stream(), through: last)
    }

    /// Reading and decoding run on a second thread (`DecodedEventStream`) while this one
    /// applies; the outcome is the one a single thread folding in seq order gives: the first
    /// unreadable event or the first violation, whichever comes first. A consistent fold through
    /// `last` leaves the stream on the event after it; after a violation or an unreadable event,
    /// the reading thread may have read a few batches ahead (a bad row among them stays the
    /// stream's error).
    public static func fold(_ capture: CaptureStream, through last: Int = Int.max) throws -> Outcome {
        var state = RunState()
        var count = 0
        var violation: InvariantViolation?
        var unreadable: EventDecodingError?
        let stream = DecodedEventStream(stream: capture, through: last)
        folding: while let batch = stream.next() {
            let decoded = batch.decoded()
            for (seq, event) in zip(decoded.seqs, decoded.events) {
                do { try state.apply(event, seq: seq) } catch {
                    violation = error
                    break folding
                }
                count = seq
            }
            if let error = decoded.unreadable {
                unreadable = error
                break folding
            }
        }
        let end = stream.finish()
        if let unreadable, violation == nil { throw Unreadable(path: capture.path, error: unreadable) }
        if violation == nil {
            switch end {
            case .finished: break
            case .unreadable(let error): throw Unreadable(path: capture.path, error: error)
            case .failed(let error): throw error
            }
        }
        if let violation { return .violated(violation, state: state) }
        return .consistent(state: state, events: count, complete: state.completed != nil)
    }
}
