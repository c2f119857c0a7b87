import Allocation
import EventLog

/// The answers an engine session got, by question (capture format 8): a question asked again at
/// an unchanged state (the same request bytes) is answered from here instead of the engine.
///
/// The assign loop quotes a booking again on each pass while it waits, often at a floor that did
/// not change; on a 200-restaurant day through the example engine 13,470 of 22,855 requests were
/// such repeats. An engine must answer the same request the same (docs/engine-protocol.md), so
/// the answer it gave stands, and the run records that it was reused (`answer_reused`).
///
/// Only looked up, never iterated; emptied whole past `byteLimit` bytes of answers, and only when
/// the session turns to another booking, so what is reused is a function of the questions asked
/// and the answers alone: a re-execution reuses the same answers, and versions 1 and 2 (which ask
/// one booking's strategies in another order) hold the same answers whenever it is emptied.
struct AnsweredQuestions {
    /// The bytes of a request that are not its type or strategies (`EngineMessage.QuestionText`),
    /// by the first 128 bits of their SHA-256: worked out once for all strategies of a request.
    struct Shared: Hashable {
        var first: UInt64
        var second: UInt64

        init(_ bytes: [UInt8]) {
            let digest = SHA256.hash(bytes)
            first = digest[0..<8].reduce(0) { $0 << 8 | UInt64($1) }
            second = digest[8..<16].reduce(0) { $0 << 8 | UInt64($1) }
        }
    }

    /// A question: the shared bytes of its request and the strategy it is asked under.
    struct Question: Hashable {
        var shared: Shared
        var label: String
        var maxTables: Int
        var requireAdjacency: Bool

        init(_ shared: Shared, _ strategy: Strategy) {
            self.shared = shared
            label = strategy.label
            maxTables = strategy.maxTables
            requireAdjacency = strategy.requireAdjacency
        }
    }

    /// Bytes of answer lines kept before the store is emptied (a crowded day's session keeps
    /// far less; the bound is for engines whose answers are megabytes).
    static let byteLimit = 64 << 20

    private var answers: [Question: (answer: EngineAnswer, line: String)] = [:]
    private var bytes = 0
    private var booking: String?

    /// Called before each question: a question about another booking than the last one empties
    /// the store when it is past `byteLimit`.
    mutating func turn(to booking: String) {
        guard booking != self.booking else { return }
        self.booking = booking
        if bytes > Self.byteLimit {
            answers.removeAll()
            bytes = 0
        }
    }

    func answer(_ shared: Shared, _ strategy: Strategy) -> (answer: EngineAnswer, line: String)? {
        answers[Question(shared, strategy)]
    }

    mutating func keep(_ answer: EngineAnswer, line: String, _ shared: Shared, _ strategy: Strategy) {
        bytes += line.utf8.count
        answers[Question(shared, strategy)] = (answer, line)
    }
}
