import EventLog

/// `replay verify`: integrity without re-execution. Format version and schema (checked on open),
/// SQLite's quick_check, seq gapless from 1, the hash chain, and meta against the events.
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
        var previous = HashChain.genesis
        var expected = 1
        var lastType = ""
        try reader.forEachEvent { record in
            lastType = record.type
            if record.seq != expected {
                problems.append("seq \(expected) is missing (next is \(record.seq))")
                return false
            }
            let hash = HashChain.hash(of: record, after: previous)
            if hash != record.hash {
                problems.append("event \(record.seq): hash does not match its content and the chain")
                return false
            }
            previous = hash
            expected += 1
            return true
        }
        let events = expected - 1
        let status = reader.metaValue("status") ?? "unknown"
        if problems.isEmpty && condition != .beingWritten {
            if reader.metaValue("event_count") != String(events) {
                problems.append("meta.event_count is \(reader.metaValue("event_count") ?? "missing") but the log has \(events) events")
            }
            if reader.metaValue("head_hash") != (events == 0 ? "" : previous.hexString) {
                problems.append("meta.head_hash does not match the last event's hash")
            }
            if condition == .complete && lastType != "run.completed" {
                problems.append("meta says complete, but the log ends with \(lastType.isEmpty ? "no event" : lastType), not run.completed")
            }
        }
        return Report(events: events, headHash: previous.hexString, status: status, condition: condition, problems: problems)
    }
}
