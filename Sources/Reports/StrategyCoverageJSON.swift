import CanonicalJSON
import Projections

/// One strategy's oracle figures as the JSON report and `record --json` write them.
public enum StrategyCoverageJSON {
    public static func write(_ entry: StrategyCoverage, into w: inout JSONWriter) {
        w.beginObject()
        w.field("strategy", entry.strategy)
        w.field("answers", entry.answers)
        w.field("feasible_sets", entry.feasible)
        w.field("quoted_feasible_sets", entry.quotedFeasible)
        w.field("missed_sets", entry.missed)
        w.field("excluded_sets", entry.excluded)
        w.field("answers_with_misses", entry.answersWithMisses)
        w.field("limit_reached", entry.limited)
        w.key("coverage_bp")
        if let bp = Ratio.basisPoints(entry.quotedFeasible, of: entry.feasible) { w.int(bp) } else { w.null() }
        w.endObject()
    }
}
