/// What a run of `engine check` found, grouped the way a maintainer reads it: missed sets by
/// size, by strategy and by what they hold; unsound offers by rule; and what the failing cases
/// have in common that the passing ones mostly do not. Every list is in a fixed order.
public struct CheckFindings: Sendable {
    public struct Count: Sendable, Equatable {
        public var label: String
        /// Missed sets (or unsound offers) counted.
        public var sets: Int
        /// Cases they were found in.
        public var cases: Int
    }

    public var cases = 0
    public var failing = 0
    public var missedBySize: [Count] = []
    public var missedByStrategy: [Count] = []
    public var missedByFeature: [Count] = []
    public var unsoundByRule: [Count] = []
    /// Sentences: what every (or nearly every) failing case has, beside how many passing ones do.
    public var inCommon: [String] = []

    /// A feature is named as common when at least this share of failing cases (in percent) has
    /// it and passing cases have it at least 30 points less often.
    static let commonPercent = 80

    /// `failing`: the results that failed (strict: a miss fails); `passingFeatures`: what each
    /// passing case held (all that is kept of it).
    public init(failing failingResults: [EngineCheck.Result], passingFeatures: [CheckFeatures]) {
        let results = failingResults
        cases = failingResults.count + passingFeatures.count
        failing = failingResults.count
        for result in results where !result.missed.isEmpty {
            for size in Set(result.missed.map(\.count)).sorted() {
                Self.add(
                    &missedBySize, "\(size) table\(size == 1 ? "" : "s")",
                    sets: result.missed.filter { $0.count == size }.count)
            }
            Self.add(&missedByStrategy, result.strategy, sets: result.missed.count)
            for (feature, _, words) in CheckFeatures.described {
                let sets = result.missedFeatures.filter { $0.contains(feature) }.count
                if sets > 0 { Self.add(&missedByFeature, words, sets: sets) }
            }
        }
        missedByFeature.sort { ($1.sets, $0.label) < ($0.sets, $1.label) }
        for result in results {
            for rule in Set(result.unsound.map(\.rule)).sorted() {
                Self.add(&unsoundByRule, rule, sets: result.unsound.filter { $0.rule == rule }.count)
            }
        }
        guard !failingResults.isEmpty else { return }
        for (feature, words, _) in CheckFeatures.described {
            let inFailing = failingResults.filter { $0.features.contains(feature) }.count
            let inPassing = passingFeatures.filter { $0.contains(feature) }.count
            let failingPercent = inFailing * 100 / failingResults.count
            let passingPercent = passingFeatures.isEmpty ? 0 : inPassing * 100 / passingFeatures.count
            guard failingPercent >= Self.commonPercent, failingPercent - passingPercent >= 30 else { continue }
            let every = inFailing == failingResults.count
            inCommon.append(
                (every
                    ? "every failing case (\(inFailing)) has "
                    : "\(inFailing) of \(failingResults.count) failing cases have ")
                    + "\(words); \(passingPercent)% of passing cases do")
        }
        let missedSets = results.flatMap(\.missedFeatures)
        if !missedSets.isEmpty {
            for (feature, _, words) in CheckFeatures.described where missedSets.allSatisfy({ $0.contains(feature) }) {
                inCommon.append("every missed set (\(missedSets.count)) has \(words)")
            }
        }
    }

    /// Adds to a count by label, the counts sorted by label (set sizes are single digits).
    private static func add(_ counts: inout [Count], _ label: String, sets: Int) {
        if let index = counts.firstIndex(where: { $0.label == label }) {
            counts[index].sets += sets
            counts[index].cases += 1
            return
        }
        counts.append(Count(label: label, sets: sets, cases: 1))
        counts.sort { $0.label < $1.label }
    }
}
