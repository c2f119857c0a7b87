import Allocation

/// Shrinks a failing check case to the smallest one on which the engine still fails the same
/// way (`EngineCheck.FailureKind`: the same unsound rule, or a missed set of the same size under
/// the same strategy), asking the engine each candidate directly. Greedy and deterministic, as
/// Hypothesis shrinks: tables first (with their pairs and busy entries), then adjacency pairs,
/// busy entries, pending bookings, then a smaller party; passes repeat until none removes
/// anything, within `maximumAsks` questions.
public struct CheckCaseShrinker {
    public let engine: ProcessEngine
    public let kind: EngineCheck.FailureKind
    /// Added to each candidate's restaurant slug with the ask's number: a floor is sent once per
    /// slug, so two shrinks in one session (of cases that share a slug) must not share one.
    public let label: String
    /// Most questions one shrink asks; past it the case is as small as it got.
    public var maximumAsks = 200
    public private(set) var asks = 0
    public private(set) var limitReached = false

    public init(engine: ProcessEngine, kind: EngineCheck.FailureKind, label: String) {
        self.engine = engine
        self.kind = kind
        self.label = label
    }

    /// The smallest case found, with its judgement (`result` is the original's).
    public mutating func shrink(_ check: EngineCheck.Case, result: EngineCheck.Result) throws -> (
        case: EngineCheck.Case, result: EngineCheck.Result
    ) {
        var best = (case: check, result: result)
        var changed = true
        while changed && !limitReached {
            changed = false
            for candidate in Self.smaller(best.case) {
                guard asks < maximumAsks else {
                    limitReached = true
                    break
                }
                if let kept = try keeps(candidate, slug: "\(check.restaurant.slug)-\(label)\(asks + 1)") {
                    best = kept
                    changed = true
                    break
                }
            }
        }
        return best
    }

    /// The candidate, asked under a slug of its own (a floor is sent once per restaurant), when
    /// the engine still fails it the same way.
    private mutating func keeps(_ candidate: EngineCheck.Case, slug: String) throws -> (
        case: EngineCheck.Case, result: EngineCheck.Result
    )? {
        var asked = candidate
        asked.restaurant.slug = slug
        // A hand-made case's list was worked out for its own floor: a smaller one is judged by the oracle.
        asked.feasible = nil
        asks += 1
        // A candidate the run's own rules refuse to build (never expected) is simply not smaller.
        guard let question = try? EngineCheck.question(asked, lookAheadMinutes: engine.lookAheadMinutes) else {
            return nil
        }
        let result = try EngineCheck.judge(
            asked, question: question, answer: try engine.quote(question), engine: engine)
        return result.failure(strict: true) == kind ? (asked, result) : nil
    }

    /// The cases one step smaller, biggest cuts first.
    static func smaller(_ check: EngineCheck.Case) -> [EngineCheck.Case] {
        var candidates: [EngineCheck.Case] = []
        for table in check.tables { candidates.append(without(table: table.id, in: check)) }
        for index in check.adjacency.indices {
            var fewer = check
            fewer.adjacency.remove(at: index)
            candidates.append(fewer)
        }
        for index in check.occupied.indices {
            var fewer = check
            fewer.occupied.remove(at: index)
            candidates.append(fewer)
        }
        for index in check.waiting.indices {
            var fewer = check
            fewer.waiting.remove(at: index)
            candidates.append(fewer)
        }
        if check.party > 1 {
            var smaller = check
            smaller.party -= 1
            candidates.append(smaller)
        }
        return candidates
    }

    /// The case without one table, its adjacency pairs and its part of every busy entry.
    static func without(table id: String, in check: EngineCheck.Case) -> EngineCheck.Case {
        var fewer = check
        fewer.tables.removeAll { $0.id == id }
        fewer.adjacency.removeAll { $0.first == id || $0.second == id }
        fewer.occupied = check.occupied.compactMap { occupation in
            var kept = occupation
            kept.tables.removeAll { $0 == id }
            return kept.tables.isEmpty ? nil : kept
        }
        return fewer
    }
}
