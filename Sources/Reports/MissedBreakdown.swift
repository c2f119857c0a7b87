import Allocation
import Projections

/// The missed sets of a run broken down for the reports: against the engine's own rules (a
/// search defect) or excluded by a rule it declared, by set size and zone (as the verdicts list
/// them: the first 5 of each answer), and the first ones with the event that lists them.
struct MissedBreakdown {
    var summary: String
    var examples: [String]

    /// Nil when nothing was missed or excluded.
    init?(_ total: RestaurantMetrics, capture: String?) {
        let every = total.everyAnswer
        guard every.missed + every.excluded > 0 else { return nil }
        var parts = [
            "\(every.missed) sets missed against the engine's own rules (its search), \(every.excluded) excluded by rules it declared"
        ]
        let sizes = (1...Strategy.maxTablesRange.upperBound).compactMap { size -> String? in
            let count = total.strategyCoverage.reduce(0) { $0 + $1.listedMissesBySize[size] }
            return count > 0 ? "\(size) table\(size == 1 ? "" : "s") \(count)" : nil
        }
        if !sizes.isEmpty { parts.append("missed sets listed, by size: " + sizes.joined(separator: ", ")) }
        if !total.listedMissesByZone.isEmpty {
            parts.append(
                "by zone: " + total.listedMissesByZone.map { "\($0.reason) \($0.count)" }.joined(separator: ", "))
        }
        summary = parts.joined(separator: "; ") + "."
        let look = capture.map { " (replay show \($0) --from SEQ --to SEQ shows why each is feasible)" } ?? ""
        examples = total.missedExamples.prefix(10).map {
            "event \($0.seq): \($0.booking) under \($0.strategy) missed \($0.tables.joined(separator: "+"))"
        }
        if !examples.isEmpty { examples[0] += look }
    }
}
