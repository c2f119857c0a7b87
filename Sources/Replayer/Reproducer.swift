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

    /// The sink that compares instead of writing.
    final class ComparingSink: EventSink {
        let cursor: EventCursor
        var chain = HashChain()
        var matched = 0
        var recent: [EventRecord] = []
        var divergence: Divergence?
        let toolVersion: String

        init(cursor: EventCursor, toolVersion: String) {
            self.cursor = cursor
            self.toolVersion = toolVersion
        }

        struct Stop: Error {}

        func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
            let seq = matched + 1
            let hash = chain.append(
                seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
            let produced = EventRecord(
                seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload, hash: hash)
            guard let recorded = try cursor.next() else { throw Stop() }
            let fields = recorded.differingFields(from: produced)
            guard fields.isEmpty else {
                divergence = Divergence(
                    seq: seq, recorded: recorded, produced: produced, fields: fields, context: recent,
                    recordedToolVersion: toolVersion,
                    payloadDifferences: fields.contains("payload")
                        ? JSONDiff.differences(recorded.payload, produced.payload) : [])
                throw Stop()
            }
            matched = seq
            recent.append(recorded)
            if recent.count > 5 { recent.removeFirst() }
        }
    }

    /// `engine`: the outside engine to re-execute with (the recorded command started again, or
    /// another); nil re-executes with the built-in allocator. The caller starts and ends it.
    public static func run(_ reader: CaptureReader, engine: ProcessEngine? = nil) throws -> Outcome {
        let inputs = try CaptureInputs.read(from: reader)
        let sink = ComparingSink(cursor: try reader.cursor(), toolVersion: reader.metaValue("tool_version") ?? "?")
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
            if let extra = try sink.cursor.next() {
                return .diverged(
                    Divergence(
                        seq: extra.seq, recorded: extra, produced: nil, fields: ["the recording has more events"],
                        context: sink.recent, recordedToolVersion: sink.toolVersion))
            }
            return .incomplete(events: sink.matched, status: reader.status?.rawValue ?? "unknown")
        } catch let violation as InvariantViolation {
            // The re-executed run broke a rule before writing: report it at its seq.
            return .diverged(
                Divergence(
                    seq: violation.seq, recorded: nil, produced: nil, fields: ["invariant: \(violation)"],
                    context: sink.recent, recordedToolVersion: sink.toolVersion))
        }
        if let extra = try sink.cursor.next() {
            return .diverged(
                Divergence(
                    seq: extra.seq, recorded: extra, produced: nil, fields: ["the recording has more events"],
                    context: sink.recent, recordedToolVersion: sink.toolVersion))
        }
        if reader.status != .complete {
            return .incomplete(events: sink.matched, status: reader.status?.rawValue ?? "unknown")
        }
        return .reproduced(events: sink.matched, headHash: sink.chain.head.hexString)
    }
}
