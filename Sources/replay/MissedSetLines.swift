import Allocation
import EventLog
import Projections

/// `show`'s lines under a verdict that missed sets: each listed set, why it is feasible (its
/// tables, seats, zone, adjacency, free over the window) and what the engine offered instead.
/// Built from the input events as `show` streams them: the floors and parties come first.
struct MissedSetLines {
    private struct TableFacts {
        var zone: String
        var min: Int
        var max: Int
    }

    /// Per restaurant: spare seats allowed, tables by id (look-up only), adjacency pairs.
    private var overage: [String: Int] = [:]
    private var tables: [String: [String: TableFacts]] = [:]
    private var pairs: [String: [AdjacencyPair]] = [:]
    private var parties: [String: Int] = [:]
    /// The last quote of each booking: its window and what it offered (best first, and how many).
    private var lastQuote: [String: QuoteIssued] = [:]

    /// The event types `note` reads.
    static let notedTypes = [
        RestaurantSeeded.type, TableSeeded.type, AdjacencySeeded.type, BookingSeeded.type, BookingCreated.type,
        QuoteIssued.type
    ]

    /// Takes in what a later line needs from this event.
    mutating func note(_ event: Event) {
        let slug = event.restaurant ?? ""
        switch event.body {
        case .restaurantSeeded(let seeded): overage[slug] = seeded.maxOverage
        case .tableSeeded(let seeded):
            tables[slug, default: [:]][seeded.table] = TableFacts(
                zone: seeded.zone, min: seeded.minCovers, max: seeded.maxCovers)
        case .adjacencySeeded(let seeded) where seeded.tables.count == 2:
            pairs[slug, default: []].append(AdjacencyPair(seeded.tables[0], seeded.tables[1]))
        case .bookingSeeded(let seeded): parties[event.booking ?? ""] = seeded.partySize
        case .bookingCreated(let created): parties[event.booking ?? ""] = created.partySize
        case .quoteIssued(let quote): lastQuote[event.booking ?? ""] = quote
        default: break
        }
    }

    /// The lines explaining this event's missed sets (none for other events).
    func lines(_ event: Event) -> [String] {
        guard let booking = event.booking, let slug = event.restaurant else { return [] }
        switch event.body {
        case .quoteIssued(let quote):
            guard let verdict = quote.oracle, verdict.missedCount > 0 else { return [] }
            return explain(verdict, strategy: quote.strategy, quote: quote, window: quote, booking: booking, slug: slug)
        case .coverageMeasured(let measured):
            var lines: [String] = []
            for entry in measured.strategies ?? [] where entry.verdict.missedCount > 0 {
                // The run's own quote at that state is the answer of its strategy; the others' sets are not recorded.
                let own = lastQuote[booking].flatMap { $0.attempt == 1 && $0.strategy == entry.strategy ? $0 : nil }
                lines += explain(
                    entry.verdict, strategy: entry.strategy, quote: own, window: lastQuote[booking], booking: booking,
                    slug: slug)
            }
            return lines
        default:
            return []
        }
    }

    /// `quote`: the answer judged, when its sets are recorded; `window`: a quote of the booking at that state.
    private func explain(
        _ verdict: OracleVerdict, strategy: String, quote: QuoteIssued?, window asked: QuoteIssued?, booking: String,
        slug: String
    ) -> [String] {
        let party = parties[booking] ?? 0
        let allowed = overage[slug] ?? Restaurant.defaultMaxOverage
        let window = asked.map { " over \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))" } ?? ""
        var lines: [String] = []
        for set in verdict.missed {
            let facts = set.map { tables[slug]?[$0] }
            let seats = facts.reduce(0) { $0 + ($1?.max ?? 0) }
            var why: String
            if set.count == 1, let table = facts[0] {
                why = "table \(set[0]) of \(table.zone) seats \(table.min)-\(table.max), the party is \(party)"
            } else {
                let zone = facts.first??.zone ?? "?"
                why =
                    "\(set.count) tables of \(zone), \(seats) seats for a party of \(party) (\(seats - party) spare, \(allowed) allowed)"
                if strategy.hasPrefix("adjacent") {
                    let inside = (pairs[slug] ?? []).filter { set.contains($0.first) && set.contains($0.second) }
                    why += ", adjacent through " + inside.map { "\($0.first)–\($0.second)" }.joined(separator: ", ")
                }
            }
            why += "; nothing busy on \(set.count == 1 ? "it" : "them")\(window)"
            lines.append("           missed \(set.joined(separator: "+")) under \(strategy): \(why)")
        }
        if verdict.missedCount > verdict.missed.count {
            lines.append(
                "           … and \(verdict.missedCount - verdict.missed.count) more missed sets under \(strategy)")
        }
        if let quote {
            let offered = quote.top.map { $0.tables.joined(separator: "+") }.joined(separator: ", ")
            lines.append(
                "           offered instead: "
                    + (quote.candidates == 0
                        ? "nothing"
                        : offered
                            + (quote.candidates > quote.top.count
                                ? " and \(quote.candidates - quote.top.count) more" : ""))
            )
        } else {
            lines.append(
                "           offered instead: \(verdict.quotedFeasible) of the \(verdict.feasible) feasible sets")
        }
        return lines
    }
}
