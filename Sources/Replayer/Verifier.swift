import EventLog
import Projections

/// `replay verify`: everything a capture claims, checked without re-executing it. The format
/// (application id, `user_version` equal to `meta.format_version`, schema), SQLite's
/// quick_check, seq gapless from 1 with no row below it, the hash chain, no '' where replay
/// writes NULL, meta against the log (event count, head hash, and mode, seed, scenario and
/// options against `run.started`), and a complete capture folded: it must end with
/// `run.completed` and its summary must match the fold.
public enum Verifier {
    public struct Report: Sendable {
        public var events: Int
        public var headHash: String
        public var status: String
        public var condition: CaptureCondition
        /// Problems found, each one line; empty when the capture is sound.
        public var problems: [String]
        public var isComplete: Bool { condition.isComplete }
    }

    public static func verify(_ reader: CaptureReader) throws -> Report {
        // Looked at first: a live writer keeps committing while this reads, so its meta and its
        // log are read at different moments and need not agree.
        let condition = reader.condition
        var problems: [String] = []
        let check = try reader.quickCheck()
        if check != "ok" { problems.append("quick_check: \(check)") }
        // One pass: the fold pulls the stream, which checks seq and the chain as it goes; what the
        // fold leaves unread (after a violation or an unreadable event) is read for the chain.
        let stream = try reader.stream()
        var outcome: Rebuilder.Outcome?
        var unreadable: Rebuilder.Unreadable?
        do {
            do { outcome = try Rebuilder.fold(stream) } catch let error as Rebuilder.Unreadable { unreadable = error }
            while try stream.next() != nil {}
        } catch CaptureError.corrupt(_, let detail) {
            problems.append(detail)
        }
        let events = stream.lastSeq
        let head = stream.head
        let status = reader.metaValue("status") ?? "unknown"
        if problems.isEmpty && condition != .beingWritten {
            if reader.metaValue("event_count") != String(events) {
                problems.append(
                    "meta.event_count is \(reader.metaValue("event_count") ?? "missing") but the log has \(events) events"
                )
            }
            if reader.metaValue("head_hash") != (events == 0 ? "" : head.hexString) {
                problems.append("meta.head_hash does not match the last event's hash")
            }
            // (A capture marked complete whose log does not end with run.completed is among what
            // `metaDisagreement` finds.)
            if let disagreement = try reader.metaDisagreement() { problems.append(disagreement) }
            if problems.isEmpty && condition == .complete {
                if let unreadable { throw unreadable }
                switch outcome {
                case .violated(let violation, _)?:
                    problems.append("meta says complete, but the fold finds \(violation)")
                case .consistent(_, _, let complete)? where !complete:
                    problems.append("meta says complete, but the run never completed in the fold")
                case .consistent?, nil:
                    break
                }
            }
        }
        return Report(
            events: events, headHash: head.hexString, status: status, condition: condition, problems: problems)
    }
}
