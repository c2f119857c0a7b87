import EventLog
import Projections

/// One capture of a `diff`, read once: the events read for its inputs, then its stream's rows
/// (checked and copied on a reading thread, `DecodedEventStream`), each folded into the side's
/// state as it passes, so comparing the two event streams and folding both is one pass over each
/// capture.
final class DiffSide {
    /// One event as the diff compares it: a record read for the inputs, or a row of a batch.
    struct Row {
        var seq: Int
        var event: Event
        var record: EventRecord?
        var batch: DecodedEventStream.Batch?
        var index = 0

        /// The owned record (made only for a difference or the context shown).
        var owned: EventRecord { record ?? batch!.record(index) }

        /// The stored fields that differ (the hash never: it follows from the chain).
        func differingFields(from other: Row) -> [String] {
            if let batch, let otherBatch = other.batch, batch.sameContent(index, as: other.index, of: otherBatch) {
                return seq == other.seq ? [] : ["seq"]
            }
            return owned.differingFields(from: other.owned).filter { $0 != "hash" }
        }
    }

    /// Why the side stopped before its end.
    enum Problem {
        case violated(InvariantViolation)
        case unreadable(EventDecodingError)
        case failed(Error)
    }

    let path: String
    private(set) var state = RunState()
    private(set) var problem: Problem?
    private let inputRecords: [EventRecord]
    private let inputEvents: [Event]
    private var inputPosition = 0
    private let stream: DecodedEventStream
    private var finished = false
    private var batch: DecodedEventStream.Batch?
    private var events: [Event] = []
    private var position = 0

    init(path: String, inputs: CaptureInputs, stream: CaptureStream) {
        self.path = path
        inputRecords = inputs.records
        inputEvents = inputs.events
        self.stream = DecodedEventStream(stream: stream, keepingRows: true)
    }

    /// The next event, folded; nil at the end of the capture or at its first problem.
    func next() -> Row? {
        guard problem == nil else { return nil }
        let row: Row
        if inputPosition < inputRecords.count {
            let record = inputRecords[inputPosition]
            row = Row(seq: record.seq, event: inputEvents[inputPosition], record: record)
            inputPosition += 1
        } else {
            guard let next = nextFromBatches() else { return nil }
            row = next
        }
        do { try state.apply(row.event, seq: row.seq) } catch {
            problem = .violated(error)
            return nil
        }
        return row
    }

    /// The next event that is not an input (what allocation is compared on).
    func nextAllocation() -> Row? {
        while let row = next() {
            if !row.event.body.isInput { return row }
        }
        return nil
    }

    /// Folds what is left.
    func drain() {
        while next() != nil {}
    }

    /// The side's problem as the error the commands report (a violation is a finding, the others
    /// a bad file).
    func throwProblem() throws {
        switch problem {
        case .violated(let violation): throw CaptureDiff.Problem.violated(path: path, violation)
        case .unreadable(let error): throw Rebuilder.Unreadable(path: path, error: error)
        case .failed(let error): throw error
        case nil: break
        }
    }

    /// Stops the reading thread (when the diff ends early).
    func close() {
        if !finished {
            finished = true
            _ = stream.finish()
        }
    }

    private func nextFromBatches() -> Row? {
        while batch == nil || position >= batch!.count {
            guard !finished, let next = stream.next() else {
                if !finished {
                    finished = true
                    switch stream.finish() {
                    case .finished: break
                    case .unreadable(let error): problem = .unreadable(error)
                    case .failed(let error): problem = .failed(error)
                    }
                }
                return nil
            }
            let decoded = next.decoded()
            if let error = decoded.unreadable {
                // The rows before it still count; the side stops after them.
                pendingUnreadable = error
            }
            batch = next
            events = decoded.events
            position = 0
        }
        guard position < events.count, let batch else {
            if let pendingUnreadable { problem = .unreadable(pendingUnreadable) }
            return nil
        }
        defer { position += 1 }
        return Row(seq: batch.seqs[position], event: events[position], batch: batch, index: position)
    }

    private var pendingUnreadable: EventDecodingError?
}
