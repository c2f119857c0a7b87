import EventLog

/// `replay verify`: integrity without re-execution. Format version and schema (checked on open),
/// SQLite's quick_check, seq gapless from 1, the hash chain, and meta against the events.
public enum Verifier {
    public struct Report: Sendable {
        public var events: Int
        public var headHash: String
        public var status: String
        /// Problems found, each one line; empty when the capture is sound.
        public var problems: [String]
        public var isComplete: Bool { status == CaptureStatus.complete.rawValue }
    }

    public static func verify(_ reader: CaptureReader) throws -> Report {
        var problems: [String] = []
        let check = try reader.quickCheck()
        if check != "ok" { problems.append("quick_check: \(check)") }
        var previous = HashChain.genesis
        var expected = 1
        try reader.forEachEvent { record in
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
        if problems.isEmpty {
            if reader.metaValue("event_count") != String(events) {
                problems.append("meta.event_count is \(reader.metaValue("event_count") ?? "missing") but the log has \(events) events")
            }
            if reader.metaValue("head_hash") != (events == 0 ? "" : previous.hexString) {
                problems.append("meta.head_hash does not match the last event's hash")
            }
        }
        return Report(events: events, headHash: previous.hexString, status: status, problems: problems)
    }
}
