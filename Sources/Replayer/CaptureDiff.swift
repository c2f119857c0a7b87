import Allocation
import EventLog
import Projections
import Scenarios

/// `replay diff A B`: what differs between two runs, where it starts, and which did better.
/// Streams both event logs for the first divergence and folds each into the projections for
/// outcomes and metrics; nothing holds all events.
public struct CaptureDiff: Sendable {
    /// One option or scenario item that differs: `key` names it, `a`/`b` are its values (nil = absent).
    public struct Change: Sendable, Equatable {
        public var section: String
        public var key: String
        public var a: String?
        public var b: String?

        public init(section: String, key: String, a: String?, b: String?) {
            self.section = section
            self.key = key
            self.a = a
            self.b = b
        }
    }

    public struct FirstDivergence: Sendable {
        public var seq: Int
        public var a: EventRecord?
        public var b: EventRecord?
        public var fields: [String]
        /// The last common events before the divergence.
        public var context: [EventRecord]
        /// Events both runs share from the start.
        public var sharedPrefix: Int { seq - 1 }
    }

    public struct Outcome: Sendable, Equatable {
        public var status: String
        public var tables: [String]
        public var quotes: Int
        public var reason: String?
        /// How the booking's last edit ended (format 7), nil when it had none.
        public var edit: String? = nil

        /// "confirmed T001+T002, 3 quotes" / "failed (tables_occupied), 8 quotes" / "confirmed
        /// T004, edit moved, 12 quotes".
        public var text: String {
            status + (tables.isEmpty ? "" : " " + tables.joined(separator: "+")) + (reason.map { " (\($0))" } ?? "")
                + (edit.map { ", edit \($0)" } ?? "") + ", \(quotes) quote\(quotes == 1 ? "" : "s")"
        }
    }

    public struct BookingChange: Sendable {
        public var booking: String
        public var restaurant: String
        public var startMinute: Int
        public var a: Outcome?
        public var b: Outcome?

        /// What kind of change: outcomes (gained, lost, moved, otherwise changed) first, attempt counts apart.
        public enum Kind: String, CaseIterable, Sendable {
            /// Confirmed in B, not in A.
            case gained
            /// Confirmed in A, not in B.
            case lost
            /// Confirmed in both, on other tables.
            case moved
            /// The same outcome and tables, after edits that ended differently (format 7).
            case editOutcome = "edit outcome"
            /// Not confirmed in either, with another status or reason.
            case otherOutcome = "other outcome"
            /// The same outcome and tables, after a different number of quotes.
            case attemptsOnly = "attempts only"
        }

        public var kind: Kind {
            let confirmedA = a?.status == "confirmed"
            let confirmedB = b?.status == "confirmed"
            if confirmedB && !confirmedA { return .gained }
            if confirmedA && !confirmedB { return .lost }
            if confirmedA && confirmedB, a?.tables != b?.tables { return .moved }
            if a?.status == b?.status && a?.reason == b?.reason {
                return a?.edit == b?.edit ? .attemptsOnly : .editOutcome
            }
            return .otherOutcome
        }
    }

    /// A figure in A and B.
    public struct Metric: Sendable {
        public var scope: String
        public var name: String
        public var a: Int?
        public var b: Int?
        /// Basis points (shown as percentages) rather than counts.
        public var isRatio: Bool
        /// True when a higher value is better (success, coverage), false when lower is (failures, conflicts).
        public var higherIsBetter: Bool
        public var delta: Int? { (a != nil && b != nil) ? b! - a! : nil }
    }

    public var pathA: String
    public var pathB: String
    public var eventsA: Int
    public var eventsB: Int
    public var identical: Bool
    public var inputChanges: [Change]
    public var divergence: FirstDivergence?
    /// The first difference among the events past the inputs (run.started and the seed), paired
    /// in order: where allocation itself starts to differ when only options or seeds changed.
    public var allocationDivergence: FirstDivergence?
    /// The runs differ only in their inputs (options, seed, the engine's identity): past them every
    /// allocation event is the same, so those inputs did not change what happened.
    public var onlyInputsDiffer: Bool {
        guard let divergence, let type = divergence.a?.type ?? divergence.b?.type else { return false }
        return EventType.inputNames.contains(type) && allocationDivergence == nil
    }
    public var bookingChanges: [BookingChange]
    public var onlyInA: [BookingChange]
    public var onlyInB: [BookingChange]
    public var unchangedBookings: Int
    public var metrics: [Metric]
    public var stateA: RunState
    public var stateB: RunState
    /// Whether each side is a result; with an unfinished side there is no verdict.
    public var conditionA: CaptureCondition = .complete
    public var conditionB: CaptureCondition = .complete

    /// Both sides are complete runs, so their figures can be judged.
    public var isJudgeable: Bool { conditionA.isComplete && conditionB.isComplete }

    /// The run that did better: "A", "B" or nil (a tie, a mixed result, or a side that is not a
    /// result). One rule with `--fail-on worse`: a run worse by `worseReasons` (fewer confirmed, or
    /// less coverage) did worse; when neither is, fewer conflicts decide.
    public var better: String? {
        guard isJudgeable else { return nil }
        let bWorse = !worseReasons.isEmpty
        let aWorse = !betterReasons.isEmpty
        if bWorse != aWorse { return bWorse ? "A" : "B" }
        guard !bWorse else { return nil }
        let a = stateA.overall
        let b = stateB.overall
        if a.conflicts != b.conflicts { return a.conflicts < b.conflicts ? "A" : "B" }
        return nil
    }

    /// What `--fail-on worse` fails on: B confirms fewer bookings than A, or covers a smaller share
    /// of the feasible sets (the union at first quotes, or every answer by its strategy, when both
    /// measured it). Each reason in words; empty when B is not worse.
    public var worseReasons: [String] { Self.worse(stateA.overall, than: stateB.overall, named: ("B", "A")) }
    /// The same rule the other way: why A is worse than B.
    public var betterReasons: [String] { Self.worse(stateB.overall, than: stateA.overall, named: ("A", "B")) }

    /// Why `other` is worse than `base` (`names`: how to call other, then base).
    static func worse(_ base: RestaurantMetrics, than other: RestaurantMetrics, named names: (String, String))
        -> [String]
    {
        var reasons: [String] = []
        if other.confirmed < base.confirmed {
            reasons.append("\(names.0) confirms \(other.confirmed) bookings, \(names.1) \(base.confirmed)")
        }
        if base.coverageMeasured > 0, other.coverageMeasured > 0,
            let coverageBase = Ratio.basisPoints(base.quotedFeasibleSets, of: base.feasibleSets),
            let coverageOther = Ratio.basisPoints(other.quotedFeasibleSets, of: other.feasibleSets),
            coverageOther < coverageBase
        {
            reasons.append(
                "\(names.0)'s coverage is \(Ratio.basisPointsText(coverageOther)), \(names.1)'s \(Ratio.basisPointsText(coverageBase))"
            )
        }
        let everyBase = base.everyAnswer
        let everyOther = other.everyAnswer
        if let coverageBase = Ratio.basisPoints(everyBase.quotedFeasible, of: everyBase.feasible),
            let coverageOther = Ratio.basisPoints(everyOther.quotedFeasible, of: everyOther.feasible),
            coverageOther < coverageBase
        {
            reasons.append(
                "\(names.0)'s coverage over every answer is \(Ratio.basisPointsText(coverageOther)), \(names.1)'s \(Ratio.basisPointsText(coverageBase))"
            )
        }
        return reasons
    }

    /// The booking whose outcome differs (seated elsewhere, seated in one run only, another
    /// reason) that was decided first in either run, with the events that decided it: where the
    /// two runs' results part, beside where their events first differ.
    public var firstOutcomeChange: (change: BookingChange, seqA: Int?, seqB: Int?)? {
        // An unfinished side has bookings still pending: no outcome of it is a result.
        guard isJudgeable else { return nil }
        let candidates = bookingChanges.filter { $0.kind != .attemptsOnly } + onlyInA + onlyInB
        return candidates.map { change in
            (change, stateA.booking(change.booking)?.decidedSeq, stateB.booking(change.booking)?.decidedSeq)
        }
        .min {
            (min($0.1 ?? Int.max, $0.2 ?? Int.max), $0.0.booking) < (
                min($1.1 ?? Int.max, $1.2 ?? Int.max), $1.0.booking
            )
        }
    }

    public enum Problem: Error, CustomStringConvertible {
        case violated(path: String, InvariantViolation)
        public var description: String {
            switch self {
            case .violated(let path, let violation): "\(path): \(violation)"
            }
        }
    }

    /// Compares two captures in one pass over each: both streams are read once, zipped, each
    /// event folded into its side's state as it passes, while the first divergence (and, when
    /// that lies in the inputs, the first divergence in allocation) is looked for. A problem in
    /// A (a violation, an unreadable or altered event) is reported before one in B.
    /// `a` and `b` are two readers (of the same file, or not): each side's stream is read on a
    /// thread of its own, and a reader's connection serves one thread at a time.
    public static func compare(_ a: CaptureReader, _ b: CaptureReader) throws -> CaptureDiff {
        precondition(a !== b, "CaptureDiff.compare needs a reader per side")
        let streamA = try a.stream()
        let streamB = try b.stream()
        let inputsA = try CaptureInputs.read(from: streamA)
        let inputsB = try CaptureInputs.read(from: streamB)
        let sideA = DiffSide(path: a.path, inputs: inputsA, stream: streamA)
        let sideB = DiffSide(path: b.path, inputs: inputsB, stream: streamB)
        defer {
            sideA.close()
            sideB.close()
        }
        let (divergence, allocationDivergence) = firstDivergences(sideA, sideB)
        sideA.drain()
        try sideA.throwProblem()
        sideB.drain()
        try sideB.throwProblem()
        let stateA = sideA.state
        let stateB = sideB.state
        var diff = CaptureDiff(
            pathA: a.path, pathB: b.path, eventsA: stateA.lastSeq, eventsB: stateB.lastSeq,
            identical: divergence == nil,
            inputChanges: optionChanges(stateA.options, stateB.options)
                + scenarioChanges(inputsA.scenario, inputsB.scenario),
            divergence: divergence, allocationDivergence: allocationDivergence, bookingChanges: [], onlyInA: [],
            onlyInB: [], unchangedBookings: 0, metrics: [],
            stateA: stateA, stateB: stateB)
        diff.conditionA = a.condition
        diff.conditionB = b.condition
        diff.compareBookings()
        diff.metrics = metrics(stateA, stateB)
        return diff
    }

    /// The first place the two streams differ, and the first where their allocation differs
    /// (inputs skipped, an outside engine's records set aside): the same place unless the
    /// first lies in the inputs. Both are found pulling the sides in step: until the streams
    /// differ, their allocation events are the same and in step too. Nil, nil when a side
    /// stopped on a problem (reported by the caller).
    static func firstDivergences(_ a: DiffSide, _ b: DiffSide) -> (FirstDivergence?, FirstDivergence?) {
        var context: [DiffSide.Row] = []
        var allocationContext: [DiffSide.Row] = []
        while true {
            let left = a.next()
            let right = b.next()
            if a.problem != nil || b.problem != nil { return (nil, nil) }
            if left == nil && right == nil { return (nil, nil) }
            let divergence: FirstDivergence
            if let left, let right {
                let fields = left.differingFields(from: right)
                if fields.isEmpty {
                    keep(left, in: &context)
                    if !left.event.body.isInput { keep(left, in: &allocationContext) }
                    continue
                }
                divergence = FirstDivergence(
                    seq: left.seq, a: left.owned, b: right.owned, fields: fields, context: context.map(\.owned))
            } else {
                divergence = FirstDivergence(
                    seq: left?.seq ?? right!.seq, a: left?.owned, b: right?.owned,
                    fields: ["\(left == nil ? "A" : "B") ends here"], context: context.map(\.owned))
            }
            guard EventType.inputNames.contains(divergence.a?.type ?? divergence.b?.type ?? "") else {
                return (divergence, divergence)
            }
            let allocation = firstAllocationDivergence(
                a, b,
                from: (
                    left.flatMap(allocationRow) ?? a.nextAllocation(),
                    right.flatMap(allocationRow) ?? b.nextAllocation()
                ),
                context: allocationContext)
            if a.problem != nil || b.problem != nil { return (nil, nil) }
            return (divergence, allocation)
        }
    }

    private static func allocationRow(_ row: DiffSide.Row) -> DiffSide.Row? {
        row.event.body.isInput ? nil : row
    }

    /// Goes on comparing allocation events only, from the first pair of them on each side.
    static func firstAllocationDivergence(
        _ a: DiffSide, _ b: DiffSide, from first: (DiffSide.Row?, DiffSide.Row?), context: [DiffSide.Row]
    ) -> FirstDivergence? {
        var context = context
        var (left, right) = first
        while true {
            if left == nil && right == nil { return nil }
            guard let matchedLeft = left, let matchedRight = right else {
                return FirstDivergence(
                    seq: left?.seq ?? right!.seq, a: left?.owned, b: right?.owned,
                    fields: ["\(left == nil ? "A" : "B") ends here"], context: context.map(\.owned))
            }
            var fields = matchedLeft.differingFields(from: matchedRight).filter { $0 != "seq" }
            // An outside engine's records (identity, answer digests) are not allocation: two runs
            // that differ only there allocated the same way.
            if fields == ["payload"], sameApartFromEngine(matchedLeft.owned, matchedRight.owned) { fields = [] }
            if !fields.isEmpty {
                return FirstDivergence(
                    seq: matchedLeft.seq, a: matchedLeft.owned, b: matchedRight.owned, fields: fields,
                    context: context.map(\.owned))
            }
            keep(matchedLeft, in: &context)
            left = a.nextAllocation()
            right = b.nextAllocation()
        }
    }

    /// The last three matching events, shown before a divergence.
    private static func keep(_ row: DiffSide.Row, in context: inout [DiffSide.Row]) {
        context.append(row)
        if context.count > 3 { context.removeFirst() }
    }

    /// True when two events are equal once an outside engine's records are taken out of both.
    static func sameApartFromEngine(_ a: EventRecord, _ b: EventRecord) -> Bool {
        guard a.type == b.type,
            a.type == QuoteIssued.type || a.type == RunStarted.type || a.type == CoverageMeasured.type,
            var left = try? Event.decode(a), var right = try? Event.decode(b)
        else { return false }
        left.body = left.body.withoutEngineRecords
        right.body = right.body.withoutEngineRecords
        return left == right
    }

    // MARK: Inputs

    static func optionChanges(_ a: RunStarted?, _ b: RunStarted?) -> [Change] {
        keyed(
            "options", a?.optionRows().map { ($0.name, $0.value) } ?? [],
            b?.optionRows().map { ($0.name, $0.value) } ?? [])
    }

    /// Items present in either list, in A's order then B's new ones, where the values differ.
    static func keyed(_ section: String, _ a: [(String, String)], _ b: [(String, String)]) -> [Change] {
        var changes: [Change] = []
        var seen: Set<String> = []
        // Look-ups only; the order of changes comes from the arrays.
        var valuesOfB: [String: String] = [:]
        for (key, value) in b where valuesOfB[key] == nil { valuesOfB[key] = value }
        for (key, value) in a {
            seen.insert(key)
            let other = valuesOfB[key]
            if other != value { changes.append(Change(section: section, key: key, a: value, b: other)) }
        }
        for (key, value) in b where !seen.contains(key) {
            changes.append(Change(section: section, key: key, a: nil, b: value))
        }
        return changes
    }

    static func scenarioChanges(_ a: Scenario, _ b: Scenario) -> [Change] {
        func restaurants(_ s: Scenario) -> [(String, String)] {
            s.restaurants.map { plan in
                let r = plan.restaurant
                return (
                    r.slug,
                    "services "
                        + r.services.map {
                            "\($0.name) \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))"
                        }
                        .joined(separator: ", ") + "; buffer \(r.bufferMinutes) min; spare seats \(r.maxOverage)"
                )
            }
        }
        func tables(_ s: Scenario) -> [(String, String)] {
            s.restaurants.flatMap { plan in
                plan.tables.map { t in
                    (
                        "\(plan.restaurant.slug)/\(t.id)",
                        "zone \(t.zone), \(t.minCovers)-\(t.maxCovers)" + (t.active ? "" : ", inactive")
                    )
                }
            }
        }
        func adjacency(_ s: Scenario) -> [(String, String)] {
            s.restaurants.flatMap { plan in
                plan.adjacency.map { ("\(plan.restaurant.slug)/\($0.first)-\($0.second)", "adjacent") }
            }
        }
        func bookings(_ s: Scenario) -> [(String, String)] {
            s.bookings.map {
                (
                    $0.id,
                    "\($0.restaurant) \(ClockText.minutes($0.startMinute)) party \($0.partySize)"
                        + ($0.durationMinutes.map { " \($0) min" } ?? "") + ($0.date.map { " on \($0)" } ?? "")
                )
            }
        }
        return keyed("restaurants", restaurants(a), restaurants(b)) + keyed("tables", tables(a), tables(b))
            + keyed("adjacency", adjacency(a), adjacency(b)) + keyed("bookings", bookings(a), bookings(b))
    }

    // MARK: Outcomes

    static func outcome(_ booking: BookingState) -> Outcome {
        Outcome(
            status: booking.status.rawValue, tables: booking.tables, quotes: booking.quotes, reason: booking.reason,
            edit: booking.lastEditOutcome)
    }

    mutating func compareBookings() {
        let inRunA = stateA.bookings.filter { $0.status != .source }
        let inRunB = stateB.bookings.filter { $0.status != .source }
        var changed: [BookingChange] = []
        var onlyA: [BookingChange] = []
        var onlyB: [BookingChange] = []
        var unchanged = 0
        for booking in inRunA {
            let change = BookingChange(
                booking: booking.id, restaurant: booking.restaurant, startMinute: booking.startMinute,
                a: Self.outcome(booking), b: nil)
            guard let other = stateB.booking(booking.id), other.status != .source else {
                onlyA.append(change)
                continue
            }
            let b = Self.outcome(other)
            if b == change.a {
                unchanged += 1
            } else {
                changed.append(
                    BookingChange(
                        booking: booking.id, restaurant: booking.restaurant, startMinute: booking.startMinute,
                        a: change.a, b: b))
            }
        }
        for booking in inRunB where stateA.booking(booking.id).map({ $0.status == .source }) ?? true {
            onlyB.append(
                BookingChange(
                    booking: booking.id, restaurant: booking.restaurant, startMinute: booking.startMinute, a: nil,
                    b: Self.outcome(booking)))
        }
        let order = { (x: BookingChange, y: BookingChange) -> Bool in
            let rx =
                stateA.restaurantPosition(x.restaurant) ?? stateB.restaurantPosition(x.restaurant).map { $0 + 10_000 }
                ?? Int.max
            let ry =
                stateA.restaurantPosition(y.restaurant) ?? stateB.restaurantPosition(y.restaurant).map { $0 + 10_000 }
                ?? Int.max
            return (rx, x.startMinute, x.booking) < (ry, y.startMinute, y.booking)
        }
        bookingChanges = changed.sorted(by: order)
        onlyInA = onlyA.sorted(by: order)
        onlyInB = onlyB.sorted(by: order)
        unchangedBookings = unchanged
    }

    // MARK: Metrics

    static func metrics(_ a: RunState, _ b: RunState) -> [Metric] {
        var slugs = a.restaurants.map(\.slug)
        for slug in b.restaurants.map(\.slug) where a.restaurant(slug) == nil { slugs.append(slug) }
        var result = figures("all", a.overall, b.overall)
        for slug in slugs {
            result += figures(slug, a.restaurant(slug)?.metrics, b.restaurant(slug)?.metrics)
        }
        return result
    }

    static func figures(_ scope: String, _ a: RestaurantMetrics?, _ b: RestaurantMetrics?) -> [Metric] {
        func metric(_ name: String, ratio: Bool = false, higher: Bool, _ value: (RestaurantMetrics) -> Int?) -> Metric {
            Metric(
                scope: scope, name: name, a: a.flatMap(value), b: b.flatMap(value), isRatio: ratio,
                higherIsBetter: higher)
        }
        var list = [
            metric("success", ratio: true, higher: true) { Ratio.basisPoints($0.confirmed, of: $0.tried) },
            metric("confirmed", higher: true) { $0.confirmed },
            metric("failed", higher: false) { $0.failed },
            metric("refused", higher: false) { $0.refused },
            metric("quotes", higher: false) { $0.quotes },
            metric("hold_conflict", higher: false) { $0.holdConflicts },
            metric("confirm_conflict", higher: false) { $0.confirmConflicts },
            metric("coverage", ratio: true, higher: true) {
                $0.coverageMeasured == 0 ? nil : Ratio.basisPoints($0.quotedFeasibleSets, of: $0.feasibleSets)
            }
        ]
        // Runs that changed bookings (format 7): how the edits and cancellations went, grouped.
        if a?.hasChanges == true || b?.hasChanges == true {
            list += [
                metric("edits_kept", higher: true) { $0.editsKept },
                metric("edits_moved", higher: false) { $0.editsMoved },
                metric("edits_failed", higher: false) { $0.editsFailed },
                metric("cancellations", higher: false) { $0.cancellations },
                metric("cancellations_reused", higher: true) { $0.cancellationsReused },
                metric("keep_missed", higher: false) { $0.keepMissed }
            ]
        }
        var reasons: [String] = []
        for reason in (a?.reasons ?? []) + (b?.reasons ?? []) where !reasons.contains(reason.reason) {
            reasons.append(reason.reason)
        }
        for reason in reasons.sorted() {
            list.append(
                metric("failed: \(reason)", higher: false) { m in m.reasons.first { $0.reason == reason }?.count ?? 0 })
        }
        return list
    }
}
