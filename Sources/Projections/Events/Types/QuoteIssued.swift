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
    public init(digest: String, unsound: [UnsoundAnswer], error: String?) {
        self.digest = digest
        self.unsound = unsound
        self.error = error
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

    public static let topCount = 3

    public init(strategy: String, attempt: Int, startMinute: Int, endMinute: Int, candidates: Int, top: [QuotedCandidate],
                rejected: [(reason: String, count: Int)], engine: EngineAnswerRecord? = nil) {
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
            && lhs.rejected.map(\.reason) == rhs.rejected.map(\.reason) && lhs.rejected.map(\.count) == rhs.rejected.map(\.count)
            && lhs.engine == rhs.engine
    }
}

extension QuoteIssued: EventPayload {
    public static let type = "quote.issued"
    public var body: EventBody { .quoteIssued(self) }

    public func encode(into w: inout JSONWriter) {
        w.field("strategy", strategy); w.field("attempt", attempt)
        w.field("start_minute", startMinute); w.field("end_minute", endMinute)
        w.field("candidates", candidates)
        w.key("top"); w.beginArray()
        for candidate in top {
            w.beginObject(); w.field("tables", candidate.tables); w.field("score", candidate.score); w.endObject()
        }
        w.endArray()
        w.key("rejected"); w.beginObject()
        for entry in rejected { w.key(dynamic: entry.reason); w.int(entry.count) }
        w.endObject()
        if let engine {
            w.field("answer_digest", engine.digest)
            w.key("unsound"); w.beginArray()
            for offer in engine.unsound {
                w.beginObject(); w.field("tables", offer.tables); w.field("rule", offer.rule); w.endObject()
            }
            w.endArray()
            w.field("error", engine.error)
        }
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> QuoteIssued {
        let strategy = try p.string("strategy", in: EventVocabulary.strategies), attempt = try p.int("attempt")
        let start = try p.int("start_minute"), end = try p.int("end_minute"), candidates = try p.int("candidates")
        try p.key("top")
        try p.beginArray()
        var top: [QuotedCandidate] = []
        while try p.nextElement() {
            try p.beginObject()
            top.append(QuotedCandidate(tables: try p.strings("tables"), score: try p.optionalInt("score")))
            try p.endObject()
        }
        let rejected = try p.intMap("rejected", keys: EventVocabulary.reasons).map { (reason: $0.key, count: $0.value) }
        var engine: EngineAnswerRecord?
        if p.hasAnotherField() {
            let digest = try p.string("answer_digest")
            try p.key("unsound")
            try p.beginArray()
            var unsound: [UnsoundAnswer] = []
            while try p.nextElement() {
                try p.beginObject()
                unsound.append(UnsoundAnswer(tables: try p.strings("tables"), rule: try p.string("rule")))
                try p.endObject()
            }
            engine = EngineAnswerRecord(digest: digest, unsound: unsound, error: try p.optionalString("error"))
        }
        return QuoteIssued(strategy: strategy, attempt: attempt, startMinute: start, endMinute: end, candidates: candidates,
                           top: top, rejected: rejected, engine: engine)
    }

    public var summary: String {
        let best = top.first.map { ", best \($0.tables.joined(separator: "+"))" } ?? ""
        let rejectedText = rejected.filter { $0.count > 0 }.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")
        let engineText = engine.map { answer in
            (answer.error.map { "; engine error: \($0)" } ?? "") + (answer.unsound.isEmpty ? "" : "; \(answer.unsound.count) unsound offers")
        } ?? ""
        return "\(strategy) #\(attempt) \(ClockText.minutes(startMinute))-\(ClockText.minutes(endMinute)): \(candidates) candidates\(best)"
            + (rejectedText.isEmpty ? "" : "; rejected \(rejectedText)") + engineText
    }
}
