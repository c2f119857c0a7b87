import Allocation
import CanonicalJSON

public struct QuotedCandidate: Equatable, Sendable {
    public var tables: [String]
    /// Always given by the built-in allocator; optional for an outside engine (null when it gave none).
    public var score: Int?
    public init(tables: [String], score: Int?) {
        self.tables = tables
        self.score = score
    }
}

/// An offer of an outside engine that broke a rule (`OfferRule`): recorded, never held.
public struct UnsoundAnswer: Equatable, Sendable {
    public var tables: [String]
    public var rule: String
    public init(tables: [String], rule: String) {
        self.tables = tables
        self.rule = rule
    }
}

/// What only an outside engine's answer adds to its quote (absent in runs of the built-in allocator).
public struct EngineAnswerRecord: Equatable, Sendable {
    /// First 16 hex digits of the SHA-256 of the answer line as sent (without its newline).
    public var digest: String
    /// Offers that broke a rule, in the engine's order.
    public var unsound: [UnsoundAnswer]
    /// The engine's `error` message, when it answered with one.
    public var error: String?
    /// The answer was not asked again: the session had asked this very request (the same bytes)
    /// before, and a deterministic engine answers it the same (capture format 8;
    /// `"answer_reused":true`, written only when true).
    public var reused: Bool
    public init(digest: String, unsound: [UnsoundAnswer], error: String?, reused: Bool = false) {
        self.digest = digest
        self.unsound = unsound
        self.error = error
        self.reused = reused
    }
}

public struct QuoteIssued: Equatable, Sendable {
    public var strategy: String
    /// The booking's quote number, from 1.
    public var attempt: Int
    public var startMinute: Int
    public var endMinute: Int
    public var candidates: Int
    /// The best few candidates (at most `QuoteIssued.topCount`).
    public var top: [QuotedCandidate]
    /// (reason, count) in `RejectionCounts` order (an outside engine's: as it sent them).
    public var rejected: [(reason: String, count: Int)]
    /// An outside engine's answer beyond the candidates; nil for the built-in allocator.
    public var engine: EngineAnswerRecord?
    /// The built-in search stopped at its budget (`Allocator.searchBudget`): the candidates are
    /// not every feasible set. Written only when true (`"search_limit_reached":true`, capture format 3).
    public var searchLimitReached: Bool
    /// The coverage oracle's verdict on this answer (capture format 5, `--oracle every`; nil on a
    /// booking's first quote, whose answer `coverage.measured` judges with the other strategies).
    public var oracle: OracleVerdict?

    public static let topCount = 3

    public init(
        strategy: String, attempt: Int, startMinute: Int, endMinute: Int, candidates: Int, top: [QuotedCandidate],
        rejected: [(reason: String, count: Int)], engine: EngineAnswerRecord? = nil, searchLimitReached: Bool = false,
        oracle: OracleVerdict? = nil
    ) {
        self.searchLimitReached = searchLimitReached
        self.oracle = oracle
        self.strategy = strategy
        self.attempt = attempt
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.candidates = candidates
        self.top = top
        self.rejected = rejected
        self.engine = engine
    }

    public static func == (lhs: QuoteIssued, rhs: QuoteIssued) -> Bool {
        lhs.strategy == rhs.strategy && lhs.attempt == rhs.attempt && lhs.startMinute == rhs.startMinute
            && lhs.endMinute == rhs.endMinute && lhs.candidates == rhs.candidates && lhs.top == rhs.top
            && lhs.rejected.map(\.reason) == rhs.rejected.map(\.reason)
            && lhs.rejected.map(\.count) == rhs.rejected.map(\.count)
            && lhs.engine == rhs.engine && lhs.searchLimitReached == rhs.searchLimitReached && lhs.oracle == rhs.oracle
    }
}

extension QuoteIssued: EventPayload {
    public static let type = "quote.issued"
    public var body: EventBody { .quoteIssued(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("strategy", strategy)
        writer.field("attempt", attempt)
        writer.field("start_minute", startMinute)
        writer.field("end_minute", endMinute)
        writer.field("candidates", candidates)
        writer.key("top")
        writer.beginArray()
        for candidate in top {
            writer.beginObject()
            writer.field("tables", candidate.tables)
            writer.field("score", candidate.score)
            writer.endObject()
        }
        writer.endArray()
        writer.key("rejected")
        writer.beginObject()
        for entry in rejected {
            writer.key(dynamic: entry.reason)
            writer.int(entry.count)
        }
        writer.endObject()
        if let engine {
            writer.field("answer_digest", engine.digest)
            writer.key("unsound")
            writer.beginArray()
            for offer in engine.unsound {
                writer.beginObject()
                writer.field("tables", offer.tables)
                writer.field("rule", offer.rule)
                writer.endObject()
            }
            writer.endArray()
            writer.field("error", engine.error)
            if engine.reused { writer.field("answer_reused", true) }
        }
        if searchLimitReached { writer.field("search_limit_reached", true) }
        if let oracle {
            writer.key("oracle")
            writer.beginObject()
            oracle.encodeFields(into: &writer)
            writer.endObject()
        }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> QuoteIssued {
        let strategy = try cursor.string("strategy", in: EventVocabulary.strategies)
        let attempt = try cursor.int("attempt", in: EventBounds.count)
        let start = try cursor.int("start_minute", in: EventBounds.minute)
        let end = try cursor.int("end_minute", in: EventBounds.minute)
        let candidates = try cursor.int("candidates", in: EventBounds.count)
        try cursor.key("top")
        try cursor.beginArray()
        var top: [QuotedCandidate] = []
        while try cursor.nextElement() {
            try cursor.beginObject()
            top.append(
                QuotedCandidate(
                    tables: try cursor.strings("tables"), score: try cursor.optionalInt("score", in: EventBounds.score))
            )
            try cursor.endObject()
        }
        let rejected = try cursor.intMap("rejected", keys: EventVocabulary.reasons, in: EventBounds.count).map {
            (reason: $0.key, count: $0.value)
        }
        var engine: EngineAnswerRecord?
        if cursor.hasField("answer_digest") {
            let digest = try cursor.string("answer_digest")
            try cursor.key("unsound")
            try cursor.beginArray()
            var unsound: [UnsoundAnswer] = []
            while try cursor.nextElement() {
                try cursor.beginObject()
                unsound.append(UnsoundAnswer(tables: try cursor.strings("tables"), rule: try cursor.string("rule")))
                try cursor.endObject()
            }
            engine = EngineAnswerRecord(digest: digest, unsound: unsound, error: try cursor.optionalString("error"))
            if cursor.hasField("answer_reused") { engine?.reused = try cursor.bool("answer_reused") }
        }
        let limited = cursor.hasField("search_limit_reached") ? try cursor.bool("search_limit_reached") : false
        var oracle: OracleVerdict?
        if cursor.hasField("oracle") {
            try cursor.key("oracle")
            try cursor.beginObject()
            oracle = try OracleVerdict.decodeFields(from: &cursor)
            try cursor.endObject()
        }
        return QuoteIssued(
            strategy: strategy, attempt: attempt, startMinute: start, endMinute: end, candidates: candidates,
            top: top, rejected: rejected, engine: engine, searchLimitReached: limited, oracle: oracle)
    }

    public var summary: String {
        let best = top.first.map { ", best \($0.tables.joined(separator: "+"))" } ?? ""
        let rejectedText = rejected.filter { $0.count > 0 }.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")
        let engineText =
            engine.map { answer in
                (answer.error.map { "; engine error: \($0)" } ?? "")
                    + (answer.unsound.isEmpty ? "" : "; \(answer.unsound.count) unsound offers")
                    + (answer.reused ? "; answer reused (asked before)" : "")
            } ?? ""
        return
            "\(strategy) #\(attempt) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)): \(Counted.text(candidates, "candidate"))\(best)"
            + (rejectedText.isEmpty ? "" : "; rejected \(rejectedText)") + engineText
            + (oracle.map { "; " + $0.summary } ?? "")
    }
}
