import Allocation
import CanonicalJSON
import Projections
import Reports

/// The short summary `record` prints: an aligned table per restaurant, or JSON with `--json`.
enum Summary {
    static func text(_ context: ReportContext, reports: [String], colour: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        let total = context.state.overall
        lines.append(
            "recorded \(context.capturePath): \(context.eventCount) events, head hash \(context.headHash.prefix(16)), \(context.elapsedMilliseconds ?? 0) ms"
        )
        if let engine = context.state.options?.engine {
            lines.append(
                "engine \(engine.name) \(engine.version) (\(engine.command)): \(total.phantomUnavailable.count) phantom unavailable, \(total.unsoundInQuotes) unsound offers in the run's quotes (never held), \(total.unsoundOffers.count) unsound sets at first quotes (oracle), \(total.engineErrors) error answers"
            )
        }
        var table: [[String]] = [
            ["restaurant", "bookings", "confirmed", "failed", "refused", "success", "conflicts", "coverage"]
        ]
        // Large runs: the restaurants that did worst, then the total (the report lists them all).
        var rows = context.rows
        let shownRestaurants = 10
        var hidden = 0
        if rows.count - 1 > shownRestaurants + 2 {
            let restaurants = rows.dropLast().sorted {
                (Ratio.basisPoints($0.confirmed, of: $0.tried) ?? 10_001, $0.slug) < (
                    Ratio.basisPoints($1.confirmed, of: $1.tried) ?? 10_001, $1.slug
                )
            }
            hidden = restaurants.count - shownRestaurants
            rows = Array(restaurants.prefix(shownRestaurants)) + [rows[rows.count - 1]]
        }
        for row in rows {
            table.append([
                row.slug, String(row.bookings), String(row.confirmed), String(row.failed), String(row.refused),
                Ratio.percentText(row.confirmed, of: row.tried), String(row.conflicts),
                row.coverageMeasured == 0
                    ? (row.coverageLimited > 0 ? "unknown" : "n/a")
                    : Ratio.percentText(row.quotedFeasibleSets, of: row.feasibleSets)
            ])
        }
        let rendered = TextTable.render(table, rightAligned: Set(1..<table[0].count))
        lines += rendered.enumerated().map { index, line in index == 0 ? paint(line, "1") : line }
        if hidden > 0 {
            lines.insert(
                "(the \(shownRestaurants) restaurants with the lowest success; \(hidden) more in the report)",
                at: lines.count - 1)
        }
        if !total.strategyCoverage.isEmpty {
            let every = total.everyAnswer
            let parts = total.strategyCoverage.map { entry in
                let figure = "\(entry.strategy) " + Ratio.percentText(entry.quotedFeasible, of: entry.feasible)
                return entry.missed > 0 ? paint(figure + " (\(entry.missed) missed)", "33") : figure
            }
            lines.append(
                "coverage by strategy, every answer the oracle judged: " + parts.joined(separator: ", ")
                    + "; all \(Ratio.percentText(every.quotedFeasible, of: every.feasible)) over \(Counted.text(every.answers, "answer"))"
            )
            if total.excludedSets + every.excluded > 0 {
                lines.append(
                    "declared rules of the engine exclude \(every.excluded) feasible sets from its answers (\(total.excludedSets) from the union); "
                        + "missed against its own rules: \(every.missed)")
            }
        }
        if total.coverageLimited > 0 || total.searchLimitedQuotes > 0 {
            lines.append(
                paint(
                    "limit reached: coverage unknown for \(total.coverageLimited) booking\(total.coverageLimited == 1 ? "" : "s")",
                    "33")
                    + " (budgets: \(Allocator.searchBudget) subsets per search, \(CoverageOracle.budget) for the oracle)"
                    + (total.searchLimitedQuotes > 0
                        ? "; \(total.searchLimitedQuotes) of the run's quotes stopped at the search budget" : ""))
        }
        if !context.reasons.isEmpty {
            lines.append(
                "failure reasons: " + context.reasons.map { "\($0.reason) \($0.count)" }.joined(separator: ", "))
        }
        if let reserve = ReserveFigures(context.state) { lines.append(reserve.text + ", \(total.conflicts) conflicts") }
        if total.hasChanges {
            lines.append(total.keepMissed > 0 ? paint(total.changesText, "31") : total.changesText)
        }
        let rate = Ratio.percentText(total.confirmed, of: total.tried)
        lines.append(
            "success \(total.confirmed)/\(total.tried) = "
                + paint(rate, total.failed + total.refused == 0 ? "32" : "33")
                + " (\(total.failed) failed, \(total.refused) refused; every booking tried counts)")
        if let optimum = context.optimum {
            lines.append(
                "best possible day: \(optimum.optimum) bookings (gap \(OptimumFigures.gapText(seated: total.confirmed, optimum: optimum.optimum)), "
                    + (optimum.proven ? "proven" : "not all proven") + "; " + optimum.recoverable.count.description
                    + " bookings an optimal plan seats that the run did not)")
        }
        lines.append("reports: " + (reports.isEmpty ? "none (--no-reports)" : reports.joined(separator: ", ")))
        return lines.joined(separator: "\n") + "\n"
    }

    static func json(_ context: ReportContext, reports: [String], expectations: [Expectation.Outcome] = []) -> String {
        var w = JSONWriter()
        let total = context.state.overall
        w.beginObject()
        w.field("capture", context.capturePath)
        w.field("events", context.eventCount)
        w.field("head_hash", context.headHash)
        w.field("status", context.status)
        w.field("bookings", total.bookings)
        w.field("confirmed", total.confirmed)
        w.field("failed", total.failed)
        w.field("refused", total.refused)
        w.field("conflicts", total.conflicts)
        w.key("success_rate_bp")
        if let bp = Ratio.basisPoints(total.confirmed, of: total.tried) { w.int(bp) } else { w.null() }
        w.key("elapsed_ms")
        if let ms = context.elapsedMilliseconds { w.int(ms) } else { w.null() }
        w.field("phantom_unavailable", total.phantomUnavailable.count)
        w.field("unsound_offers_in_quotes", total.unsoundInQuotes)
        w.field("engine_errors", total.engineErrors)
        w.key("reserve")
        if let reserve = ReserveFigures(context.state) {
            w.beginObject()
            w.field("prefilled", reserve.prefilled)
            w.field("prefill_seated", reserve.prefillSeated)
            w.field("clones", reserve.clones)
            w.field("created", reserve.created)
            w.field("refused", reserve.refused)
            w.field("confirmed", reserve.confirmed)
            w.field("failed", reserve.failed)
            w.endObject()
        } else {
            w.null()
        }
        // Only for a run that changed bookings (format 7): an added key, absent from every other summary.
        if total.hasChanges {
            w.key("changes")
            ChangeFiguresJSON.write(total, into: &w)
        }
        w.field("coverage_limit_reached", total.coverageLimited)
        w.field("search_limited_quotes", total.searchLimitedQuotes)
        w.key("coverage_bp")
        if total.coverageMeasured > 0, let bp = Ratio.basisPoints(total.quotedFeasibleSets, of: total.feasibleSets) {
            w.int(bp)
        } else {
            w.null()
        }
        w.field("missed_sets", total.missedSets)
        w.field("excluded_sets", total.excludedSets)
        w.key("strategies")
        w.beginArray()
        for entry in total.strategyCoverage { StrategyCoverageJSON.write(entry, into: &w) }
        w.endArray()
        w.key("engine")
        if let engine = context.state.options?.engine {
            w.beginObject()
            w.field("name", engine.name)
            w.field("version", engine.version)
            w.field("command", engine.command)
            w.endObject()
        } else {
            w.null()
        }
        w.field("reports", reports)
        w.key("optimum")
        if let optimum = context.optimum {
            w.beginObject()
            w.field("optimum", optimum.optimum)
            w.field("proven", optimum.proven)
            w.field("gap_bp", OptimumFigures.gapBasisPoints(seated: total.confirmed, optimum: optimum.optimum))
            w.endObject()
        } else {
            w.null()
        }
        Expectation.writeJudged(
            expectations.map { ($0.expectation.text, $0.holds, $0.measuredText) }, to: &w)
        w.endObject()
        return w.string + "\n"
    }
}
