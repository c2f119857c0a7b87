import CanonicalJSON
import Projections

/// The changes' figures (capture format 7) as the JSON report (per restaurant and overall) and
/// `record --json` write them: one object, the same keys everywhere.
public enum ChangeFiguresJSON {
    public static func write(_ metrics: RestaurantMetrics, into w: inout JSONWriter) {
        w.beginObject()
        w.field("scheduled", metrics.scheduledChanges)
        w.field("scheduled_applied", metrics.scheduledChangesApplied)
        w.field("edits", metrics.editsRequested)
        w.field("edits_kept", metrics.editsKept)
        w.field("edits_moved", metrics.editsMoved)
        w.field("edits_failed", metrics.editsFailed)
        w.field("cancellations", metrics.cancellations)
        w.field("cancellations_freeing_tables", metrics.cancellationsFreeing)
        w.field("cancellations_reused", metrics.cancellationsReused)
        w.field("edit_quotes_judged", metrics.editQuotesJudged)
        w.field("edit_feasible_sets", metrics.editFeasibleSets)
        w.field("edit_quoted_feasible_sets", metrics.editQuotedFeasibleSets)
        w.field("keep_missed", metrics.keepMissed)
        w.endObject()
    }
}
