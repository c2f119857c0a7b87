/// The figures of a restaurant, folded from its events: what the reports print and what
/// `run.completed` summarises.
public struct RestaurantMetrics: Equatable, Sendable {
    public var slug: String
    public var tables = 0
    public var bookings = 0
    public var confirmed = 0
    public var failed = 0
    public var refused = 0
    public var quotes = 0
    public var holds = 0
    public var holdConflicts = 0
    public var confirmConflicts = 0
    public var holdsExpired = 0
    public var holdsReleased = 0
    /// Failure and refusal reasons, sorted by reason.
    public var reasons: [ReasonCount] = []
    public var coverageMeasured = 0
    public var feasibleSets = 0
    public var quotedFeasibleSets = 0
    public var quotedSets = 0
    public var phantomUnavailable: [String] = []
    public var unsoundOffers: [UnsoundOffer] = []
    public var missedSets = 0
    /// Feasible sets no strategy offered at a first quote that a declared rule of the engine explains.
    public var excludedSets = 0
    /// The oracle's figures per strategy, over every answer it judged, in the loop's strategy order.
    public var strategyCoverage: [StrategyCoverage] = []
    /// The first missed sets of the run (at most `missedExamplesKept`), each with the event that
    /// listed it: what the reports link to.
    public var missedExamples: [MissedExample] = []
    public static let missedExamplesKept = 20
    /// Missed sets listed by the verdicts (the first 5 of each answer), by zone, sorted by zone.
    public var listedMissesByZone: [ReasonCount] = []
    /// Offers of an outside engine that broke a rule, over every quote (never held).
    public var unsoundInQuotes = 0
    /// Quotes an outside engine answered with an error.
    public var engineErrors = 0
    /// Bookings whose coverage is unknown because a budget stopped the search or the oracle
    /// (not in `coverageMeasured` nor in the coverage figures).
    public var coverageLimited = 0
    /// Quotes whose search stopped at its budget.
    public var searchLimitedQuotes = 0
    /// Distinct tables with at least one assignment, sorted.
    public var tablesUsed: [String] = []
    public var iterations: [IterationCompleted] = []
    /// Changes (format 7): the scenario's scheduled ones, and of those applied (the others named
    /// a booking that was not seated or waiting when their time came).
    public var scheduledChanges = 0
    public var scheduledChangesApplied = 0
    /// Edits asked (by the scenario or a client), and how they ended.
    public var editsRequested = 0
    public var editsKept = 0
    public var editsMoved = 0
    public var editsFailed = 0
    /// Cancellations; of those that freed tables, how many saw a freed table seated again later
    /// in an overlapping window (by another booking, or an edit).
    public var cancellations = 0
    public var cancellationsFreeing = 0
    public var cancellationsReused = 0
    /// Edit quotes the oracle judged, and those where a feasible set keeping the booking's
    /// current tables existed but none was offered.
    public var editQuotesJudged = 0
    public var keepMissed = 0
    /// Over the edit quotes the oracle judged (a budget not reached): feasible sets, and those offered.
    public var editFeasibleSets = 0
    public var editQuotedFeasibleSets = 0
    /// Places freed by a cancellation that nothing has taken again yet.
    var freedPlaces: [FreedPlace] = []

    public init(slug: String) { self.slug = slug }

    public var conflicts: Int { holdConflicts + confirmConflicts }
    /// Every answer the oracle judged, all strategies together (the per-strategy figures summed).
    public var everyAnswer: StrategyCoverage {
        var total = StrategyCoverage(strategy: "all")
        for entry in strategyCoverage { total.add(entry) }
        return total
    }
    /// Every booking the run tried: seeded for the run, created, or refused at creation. The
    /// success rate is confirmed over this, so a refusal counts against it like a failure.
    public var tried: Int { bookings }

    mutating func count(reason: String, times: Int = 1) { Self.add(reason, times: times, to: &reasons) }

    mutating func countMiss(zone: String, times: Int = 1) { Self.add(zone, times: times, to: &listedMissesByZone) }

    /// Adds to a count by name, the counts sorted by name.
    static func add(_ name: String, times: Int, to counts: inout [ReasonCount]) {
        if let index = counts.firstIndex(where: { $0.reason == name }) {
            counts[index].count += times
        } else {
            counts.append(ReasonCount(reason: name, count: times))
            counts.sort { $0.reason < $1.reason }
        }
    }

    mutating func use(tables ids: [String]) {
        for id in ids where !tablesUsed.contains(id) {
            tablesUsed.append(id)
        }
        tablesUsed.sort()
    }

    /// Adds another restaurant's figures (for the overall row).
    public mutating func add(_ other: RestaurantMetrics) {
        tables += other.tables
        bookings += other.bookings
        confirmed += other.confirmed
        failed += other.failed
        refused += other.refused
        quotes += other.quotes
        holds += other.holds
        holdConflicts += other.holdConflicts
        confirmConflicts += other.confirmConflicts
        holdsExpired += other.holdsExpired
        holdsReleased += other.holdsReleased
        for reason in other.reasons { count(reason: reason.reason, times: reason.count) }
        coverageMeasured += other.coverageMeasured
        feasibleSets += other.feasibleSets
        quotedFeasibleSets += other.quotedFeasibleSets
        quotedSets += other.quotedSets
        phantomUnavailable += other.phantomUnavailable
        unsoundOffers += other.unsoundOffers
        missedSets += other.missedSets
        excludedSets += other.excludedSets
        missedExamples += other.missedExamples.prefix(max(0, Self.missedExamplesKept - missedExamples.count))
        for zone in other.listedMissesByZone { countMiss(zone: zone.reason, times: zone.count) }
        for entry in other.strategyCoverage { strategyCoverage.entry(entry.strategy) { $0.add(entry) } }
        unsoundInQuotes += other.unsoundInQuotes
        engineErrors += other.engineErrors
        coverageLimited += other.coverageLimited
        searchLimitedQuotes += other.searchLimitedQuotes
        tablesUsed += other.tablesUsed
        scheduledChanges += other.scheduledChanges
        scheduledChangesApplied += other.scheduledChangesApplied
        editsRequested += other.editsRequested
        editsKept += other.editsKept
        editsMoved += other.editsMoved
        editsFailed += other.editsFailed
        cancellations += other.cancellations
        cancellationsFreeing += other.cancellationsFreeing
        cancellationsReused += other.cancellationsReused
        editQuotesJudged += other.editQuotesJudged
        keepMissed += other.keepMissed
        editFeasibleSets += other.editFeasibleSets
        editQuotedFeasibleSets += other.editQuotedFeasibleSets
    }

    /// True when the run changed bookings (format 7): the reports then show the changes' figures.
    public var hasChanges: Bool { scheduledChanges + editsRequested + cancellations > 0 }
}

/// Tables a cancellation freed for a window, until something is seated on one of them in an overlapping window.
struct FreedPlace: Equatable, Sendable {
    var tables: [String]
    var startMinute: Int
    var endMinute: Int
}

/// A feasible set an answer did not offer, and where the oracle said so.
public struct MissedExample: Equatable, Sendable {
    /// The `quote.issued` or `coverage.measured` event.
    public var seq: Int
    public var booking: String
    public var strategy: String
    public var tables: [String]
}

/// A table set the allocator offered that breaks a rule.
public struct UnsoundOffer: Equatable, Sendable {
    public var booking: String
    public var tables: [String]
}

public struct ReasonCount: Equatable, Sendable {
    public var reason: String
    public var count: Int
}

/// Integer ratios in basis points (1/100 of a percent), and their text: exact, never a float in
/// an event or a comparison.
public enum Ratio {
    public static func basisPoints(_ part: Int, of whole: Int) -> Int? {
        guard whole > 0 else { return nil }
        return (part * 10_000 + whole / 2) / whole
    }

    /// "64.76%" or "n/a".
    public static func percentText(_ part: Int, of whole: Int) -> String {
        guard let points = basisPoints(part, of: whole) else { return "n/a" }
        return basisPointsText(points)
    }

    /// 6476 as "64.76%".
    public static func basisPointsText(_ points: Int) -> String {
        guard points >= 0 else { return "-" + basisPointsText(points == Int.min ? Int.max : -points) }
        let fraction = points % 100
        return "\(points / 100).\(fraction < 10 ? "0" : "")\(fraction)%"
    }
}

extension RestaurantMetrics {
    /// The changes' figures in one line (format 7): "edits: 6 asked, 3 kept in place, 2 moved, 1
    /// failed; cancellations: 2, 2 freed tables, 1 re-used; scheduled: 8 of 8 applied".
    public var changesText: String {
        var parts = [
            "edits: \(editsRequested) asked, \(editsKept) kept in place, \(editsMoved) moved, \(editsFailed) failed",
            "cancellations: \(cancellations), \(cancellationsFreeing) freed tables, \(cancellationsReused) re-used"
        ]
        if scheduledChanges > 0 { parts.append("scheduled: \(scheduledChangesApplied) of \(scheduledChanges) applied") }
        if editQuotesJudged > 0 {
            parts.append(
                "edit quotes judged: \(editQuotesJudged) (coverage \(Ratio.percentText(editQuotedFeasibleSets, of: editFeasibleSets))), \(keepMissed) with a set keeping the current tables feasible but none offered"
            )
        }
        return parts.joined(separator: "; ")
    }
}
