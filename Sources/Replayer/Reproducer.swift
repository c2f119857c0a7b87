import CanonicalJSON
import EventLog
import Projections
import StressRunner

/// `replay run CAPTURE`: re-executes the run from the capture's own inputs through the same
/// runner and compares every produced event with the recorded one, streaming both.
public enum Reproducer {
    public enum Outcome: Sendable {
        /// Every event matched and the capture is complete.
        case reproduced(events: Int, headHash: String)
        /// The first difference.
        case diverged(Divergence)
        /// Every recorded event matched, but the capture stops early (killed or `--fail-at`).
        case incomplete(events: Int, status: String)
    }

    public struct Divergence: Sendable {
        public var seq: Int
        public var recorded: EventRecord?
        public var produced: EventRecord?
        public var fields: [String]
        /// A few matching events before the divergence.
        public var context: [EventRecord]
        public var recordedToolVersion: String
        /// The differing payload fields by path (`top[0].score: 5 → 6`).
        public var payloadDifferences: [String] = []
        /// With an outside engine: the last request sent and the answer it gave this time.
        public var engineExchange: (request: String, answer: String)?
    }

    /// The sink that compares instead of writing: each event the run produces against the next
    /// recorded one, first those read for the inputs, then the stream's borrowed rows. The
    /// stream has checked each row's hash, so an event equal to its row in every field has that
    /// hash too: nothing is hashed twice, and nothing is copied unless it differs.
    final class ComparingSink: EventSink {
        let stream: CaptureStream
        /// The events `CaptureInputs` read, compared before the stream is pulled again.
        let inputRecords: [EventRecord]
        var matched = 0
        var recent: [EventRecord] = []
        var divergence: Divergence?
        let toolVersion: String

        init(stream: CaptureStream, inputRecords: [EventRecord], toolVersion: String) {
            self.stream = stream
            self.inputRecords = inputRecords
            self.toolVersion = toolVersion
        }

        struct Stop: Error {}

        func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
            let seq = matched + 1
            let recorded: EventRecord
            let before: [UInt8]
            if seq <= inputRecords.count {
                recorded = inputRecords[seq - 1]
                before = seq == 1 ? HashChain.genesis : inputRecords[seq - 2].hash
                let fields = recorded.differingFields(
                    type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
                if !fields.isEmpty {
                    try diverge(
                        at: seq, recorded: recorded, before: before, fields: fields,
                        produced: (type, at, restaurant, booking, payload))
                }
            } else {
                before = stream.head
                guard let row = try stream.next() else { throw Stop() }
                let fields = row.differingFields(
                    type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
                if !fields.isEmpty {
                    try diverge(
                        at: seq, recorded: EventRecord(row, hash: stream.head), before: before, fields: fields,
                        produced: (type, at, restaurant, booking, payload))
                }
                recorded = EventRecord(
                    seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload,
                    hash: stream.head)
            }
            matched = seq
            recent.append(recorded)
            if recent.count > 5 { recent.removeFirst() }
        }

        /// Records the first difference (the produced event hashed onto the chain before it, to
        /// show its hash) and stops the run.
        private func diverge(
            at seq: Int, recorded: EventRecord, before: [UInt8], fields: [String],
            produced event: (type: String, at: Int, restaurant: String?, booking: String?, payload: String)
        ) throws -> Never {
            var chain = HashChain(head: before)
            let hash = chain.append(
                seq: seq, type: event.type, at: event.at, restaurant: event.restaurant,
                booking: event.booking, payload: event.payload)
            let produced = EventRecord(
                seq: seq, type: event.type, at: event.at, restaurant: event.restaurant,
                booking: event.booking, payload: event.payload, hash: hash)
            divergence = Divergence(
                seq: seq, recorded: recorded, produced: produced, fields: fields, context: recent,
                recordedToolVersion: toolVersion,
                payloadDifferences: fields.contains("payload")
                    ? JSONDiff.differences(recorded.payload, produced.payload) : [])
            throw Stop()
        }

        /// The next recorded event nothing was compared with, if any.
        func nextUncompared() throws -> EventRecord? {
            if matched < inputRecords.count { return inputRecords[matched] }
            return try stream.nextRecord()
        }

        /// A divergence where the recording goes on after the run stopped.
        func extraEvent() throws -> Divergence? {
            guard let extra = try nextUncompared() else { return nil }
            return Divergence(
                seq: extra.seq, recorded: extra, produced: nil, fields: ["the recording has more events"],
                context: recent, recordedToolVersion: toolVersion)
        }
    }

    /// Reads the inputs from a new stream, then re-executes (see the other `run`).
    public static func run(_ reader: CaptureReader, engine: ProcessEngine? = nil) throws -> Outcome {
        let stream = try reader.stream()
        return try run(reader, stream: stream, inputs: try CaptureInputs.read(from: stream), engine: engine)
    }

    /// Re-executes from `inputs`, read from `stream`, which goes on from there: the capture is
    /// read once. `engine`: the outside engine to re-execute with (the recorded command started
    /// again, or another); nil re-executes with the built-in allocator. The caller starts and
    /// ends it.
    public static func run(
        _ reader: CaptureReader, stream: CaptureStream, inputs: CaptureInputs, engine: ProcessEngine? = nil
    ) throws -> Outcome {
        let sink = ComparingSink(
            stream: stream, inputRecords: inputs.records, toolVersion: reader.metaValue("tool_version") ?? "?")
        let run = StressRun(scenario: inputs.scenario, options: inputs.options, sink: sink, engine: engine)
        do {
            try run.run()
        } catch is ComparingSink.Stop {
            if var divergence = sink.divergence {
                if divergence.produced?.type == QuoteIssued.type { divergence.engineExchange = engine?.lastExchange }
                return .diverged(divergence)
            }
            return .incomplete(events: sink.matched, status: reader.status?.rawValue ?? "unknown")
        } catch is EngineFailure {
            // The engine failed again: the events up to its engine.failed were compared.
            if let divergence = sink.divergence { return .diverged(divergence) }
            if let extra = try sink.extraEvent() { return .diverged(extra) }
            return .incomplete(events: sink.matched, status: reader.status?.rawValue ?? "unknown")
        } catch let violation as InvariantViolation {
            // The re-executed run broke a rule before writing: report it at its seq.
            return .diverged(
                Divergence(
                    seq: violation.seq, recorded: nil, produced: nil, fields: ["invariant: \(violation)"],
                    context: sink.recent, recordedToolVersion: sink.toolVersion))
        }
        if let extra = try sink.extraEvent() { return .diverged(extra) }
        if reader.status != .complete {
            return .incomplete(events: sink.matched, status: reader.status?.rawValue ?? "unknown")
        }
        return .reproduced(events: sink.matched, headHash: stream.head.hexString)
    }
}
