import Allocation
import EventLog
import CanonicalJSON
import Projections

/// `reports/<stem>.json`: the report for machines. Its shape is documented in docs/reports.md
/// and versioned by `format_version`.
public enum JSONReport {
    public static let formatVersion = 1

    public static func render(_ context: ReportContext) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("format_version", formatVersion)
        w.key("capture")
        w.beginObject()
        w.field("path", context.capturePath)
        w.field("status", context.status)
        w.field("events", context.eventCount)
        w.field("complete", context.condition.isComplete)
        w.field("condition", context.condition.name)
        w.field("head_hash", context.headHash)
        w.field("tool_version", context.toolVersion)
        w.field("recorded_at", context.recordedAt)
        w.endObject()
        w.key("options")
        if let options = context.state.options {
            EventBody.runStarted(options).writePayload(into: &w)
        } else {
            w.null()
        }
        w.key("timing")
        w.beginObject()
        w.key("elapsed_ms")
        if let elapsed = context.elapsedMilliseconds { w.int(elapsed) } else { w.null() }
        w.endObject()
        w.key("optimum")
        if let optimum = context.optimum {
            w.beginObject()
            w.field("solver", optimum.solver)
            w.field("optimum", optimum.optimum)
            w.field("proven", optimum.proven)
            w.key("gap_bp")
            if context.condition.isComplete {
                w.int(OptimumFigures.gapBasisPoints(seated: context.state.overall.confirmed, optimum: optimum.optimum))
            } else {
                w.null()
            }
            w.key("restaurants")
            w.beginArray()
            for figure in optimum.restaurants {
                w.beginObject()
                w.field("restaurant", figure.slug)
                w.field("optimum", figure.optimum)
                w.field("proven", figure.proven)
                w.key("bound")
                if let bound = figure.bound { w.int(bound) } else { w.null() }
                w.endObject()
            }
            w.endArray()
            w.key("recoverable")
            w.beginArray()
            for entry in optimum.recoverable {
                w.beginObject()
                w.field("restaurant", entry.restaurant)
                w.field("booking", entry.booking)
                w.field("tables", entry.tables)
                w.endObject()
            }
            w.endArray()
            w.key("exchanges")
            w.beginArray()
            for exchange in optimum.exchanges {
                w.beginObject()
                w.field("restaurant", exchange.restaurant)
                w.field("seats", exchange.seats)
                w.field("gives_up", exchange.givesUp)
                w.field("net", exchange.net)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        } else {
            w.null()
        }
        w.key("overall")
        write(context.state.overall, into: &w)
        w.key("restaurants")
        w.beginArray()
        for restaurant in context.state.restaurants { write(restaurant.metrics, into: &w) }
        w.endArray()
        w.key("failure_reasons")
        w.beginArray()
        for reason in context.reasons {
            w.beginObject()
            w.field("reason", reason.reason)
            w.field("bookings", reason.count)
            w.endObject()
        }
        w.endArray()
        w.key("unsuccessful_bookings")
        w.beginArray()
        for booking in context.unsuccessful {
            w.beginObject()
            w.field("booking", booking.id)
            w.field("restaurant", booking.restaurant)
            w.field("start_minute", booking.startMinute)
            w.field("party", booking.partySize)
            w.field("status", booking.status.rawValue)
            w.field("reason", booking.reason)
            w.field("quotes", booking.quotes)
            w.field("conflicts", booking.conflicts)
            // Who had the tables that could have seated it (`tables_occupied`, `no_capacity`), or
            // what is wrong with a window that cannot exist.
            let explanation = context.failure(of: booking.id)
            w.field("window_problem", explanation?.windowProblem)
            w.field("engine_miss", explanation?.engineMiss)
            w.key("blocked_by")
            w.beginArray()
            for blocker in explanation?.blockedBy ?? [] {
                w.beginObject()
                w.field("booking", blocker.booking)
                w.field("tables", blocker.tables)
                w.endObject()
            }
            w.endArray()
            w.key("ruled_out")
            w.beginArray()
            for group in explanation?.ruledOut ?? [] {
                w.beginObject()
                w.field("rule", group.rule)
                w.field("tables", group.tables)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.endObject()
        return PrettyLayout.text(ofCanonical: w.bytes) ?? w.string + "\n"
    }

    static func write(_ m: RestaurantMetrics, into w: inout JSONWriter) {
        w.beginObject()
        w.field("restaurant", m.slug)
        w.field("tables", m.tables)
        w.field("tables_used", m.tablesUsed.count)
        w.field("bookings", m.bookings)
        w.field("confirmed", m.confirmed)
        w.field("failed", m.failed)
        w.field("refused", m.refused)
        w.key("success_rate_bp")
        if let bp = Ratio.basisPoints(m.confirmed, of: m.tried) { w.int(bp) } else { w.null() }
        w.field("quotes", m.quotes)
        w.field("holds", m.holds)
        w.key("conflicts")
        w.beginObject()
        w.field("hold_conflict", m.holdConflicts)
        w.field("confirm_conflict", m.confirmConflicts)
        w.endObject()
        w.field("holds_expired", m.holdsExpired)
        w.field("holds_released", m.holdsReleased)
        // Only in a run that changed bookings (capture format 7): an added key.
        if m.hasChanges {
            w.key("changes")
            ChangeFiguresJSON.write(m, into: &w)
        }
        w.key("reasons")
        w.beginObject()
        for reason in m.reasons {
            w.key(dynamic: reason.reason)
            w.int(reason.count)
        }
        w.endObject()
        w.key("coverage")
        w.beginObject()
        w.field("measured", m.coverageMeasured)
        w.field("feasible_sets", m.feasibleSets)
        w.field("quoted_feasible_sets", m.quotedFeasibleSets)
        w.field("quoted_sets", m.quotedSets)
        w.field("missed_sets", m.missedSets)
        w.field("limit_reached", m.coverageLimited)
        w.field("search_limited_quotes", m.searchLimitedQuotes)
        w.key("coverage_bp")
        if let bp = Ratio.basisPoints(m.quotedFeasibleSets, of: m.feasibleSets) { w.int(bp) } else { w.null() }
        w.field("phantom_unavailable", m.phantomUnavailable)
        // Format 5 captures: declared-rule exclusions of the union, and every answer the oracle judged, per strategy.
        w.field("excluded_sets", m.excludedSets)
        w.key("strategies")
        w.beginArray()
        for entry in m.strategyCoverage { StrategyCoverageJSON.write(entry, into: &w) }
        w.endArray()
        // Missed sets as the verdicts list them (the first 5 of each answer): by size, by zone, and the first ones with their event.
        w.key("listed_missed_by_size")
        w.beginObject()
        for size in 1...Strategy.maxTablesRange.upperBound {
            let count = m.strategyCoverage.reduce(0) { $0 + $1.listedMissesBySize[size] }
            if count > 0 {
                w.key(dynamic: String(size))
                w.int(count)
            }
        }
        w.endObject()
        w.key("listed_missed_by_zone")
        w.beginObject()
        for zone in m.listedMissesByZone {
            w.key(dynamic: zone.reason)
            w.int(zone.count)
        }
        w.endObject()
        w.key("missed_examples")
        w.beginArray()
        for example in m.missedExamples {
            w.beginObject()
            w.field("seq", example.seq)
            w.field("booking", example.booking)
            w.field("strategy", example.strategy)
            w.field("tables", example.tables)
            w.endObject()
        }
        w.endArray()
        w.key("unsound_offers")
        w.beginArray()
        for offer in m.unsoundOffers {
            w.beginObject()
            w.field("booking", offer.booking)
            w.field("tables", offer.tables)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.field("unsound_offers_in_quotes", m.unsoundInQuotes)
        w.field("engine_errors", m.engineErrors)
        w.endObject()
    }
}
