import Allocation

/// The figures as a projection of their own: one fold per event type that moves them. `RunState`
/// calls these after an event passed its invariants, so what is counted is only what happened.
extension RestaurantMetrics {
    /// A booking of this restaurant entered the run (seeded for the service date, created, or refused).
    mutating func countBooking() { bookings += 1 }

    mutating func apply(_ payload: BookingRefused) {
        refused += 1
        count(reason: payload.reason)
    }

    /// Counts a verdict's listed missed sets by zone (`zone`: of a set's first table), and keeps
    /// them as examples while there is room.
    mutating func noteMisses(
        _ verdict: OracleVerdict, seq: Int, booking: String, strategy: String, zone: (String) -> String?
    ) {
        for set in verdict.missed {
            if let first = set.first, let name = zone(first) { countMiss(zone: name) }
            if missedExamples.count < Self.missedExamplesKept {
                missedExamples.append(MissedExample(seq: seq, booking: booking, strategy: strategy, tables: set))
            }
        }
    }

    mutating func apply(_ payload: QuoteIssued) {
        quotes += 1
        if payload.searchLimitReached { searchLimitedQuotes += 1 }
        if let answer = payload.engine {
            unsoundInQuotes += answer.unsound.count
            if answer.error != nil { engineErrors += 1 }
        }
        if let verdict = payload.oracle { strategyCoverage.entry(payload.strategy) { $0.add(verdict) } }
    }

    /// Adds what the oracle found at one booking's first quote.
    mutating func apply(_ payload: CoverageMeasured, booking: String) {
        for entry in payload.strategies ?? [] { strategyCoverage.entry(entry.strategy) { $0.add(entry.verdict) } }
        if payload.limitReached {
            // Coverage unknown for this booking: not in the coverage figures; what stays true is counted.
            coverageLimited += 1
            if payload.phantomUnavailable { phantomUnavailable.append(booking) }
            for set in payload.unsound { unsoundOffers.append(UnsoundOffer(booking: booking, tables: set)) }
            return
        }
        coverageMeasured += 1
        feasibleSets += payload.feasible
        quotedFeasibleSets += payload.quotedFeasible
        quotedSets += payload.quoted
        missedSets += payload.missedCount
        excludedSets += payload.excludedCount
        if payload.phantomUnavailable { phantomUnavailable.append(booking) }
        for set in payload.unsound { unsoundOffers.append(UnsoundOffer(booking: booking, tables: set)) }
    }

    mutating func apply(_ payload: BookingFailed) {
        failed += 1
        count(reason: payload.reason)
    }

    mutating func apply(_ payload: HoldPlaced) { holds += 1 }

    /// A conflict of a kind `RunState` has checked (`conflict-kind`).
    mutating func apply(_ payload: ConflictDetected) {
        if payload.kind == RejectionReason.holdConflict.rawValue { holdConflicts += 1 } else { confirmConflicts += 1 }
    }

    mutating func apply(_ payload: HoldReleased) { holdsReleased += 1 }

    mutating func apply(_ payload: HoldExpired) { holdsExpired += 1 }

    mutating func apply(_ payload: AssignmentConfirmed) {
        confirmed += 1
        use(tables: payload.tables)
        reuse(payload.tables, startMinute: payload.startMinute, endMinute: payload.endMinute)
    }

    mutating func apply(_ payload: EditRequested) {
        editsRequested += 1
        if payload.client == nil { scheduledChangesApplied += 1 }
    }

    mutating func apply(_ payload: EditConfirmed) {
        if payload.kept { editsKept += 1 } else { editsMoved += 1 }
        use(tables: payload.tables)
        reuse(payload.tables, startMinute: payload.startMinute, endMinute: payload.endMinute)
    }

    mutating func apply(_ payload: EditFailed) { editsFailed += 1 }

    mutating func apply(_ payload: BookingCancelled) {
        cancellations += 1
        if payload.client == nil { scheduledChangesApplied += 1 }
    }

    /// A cancelled booking's assignment: its place is free for others from now.
    mutating func free(_ assignment: AssignmentState) {
        cancellationsFreeing += 1
        freedPlaces.append(
            FreedPlace(tables: assignment.tables, startMinute: assignment.startMinute, endMinute: assignment.endMinute))
    }

    /// A seating on `tables`: each freed place it takes again (a shared table, overlapping windows) counts once.
    private mutating func reuse(_ tables: [String], startMinute: Int, endMinute: Int) {
        guard !freedPlaces.isEmpty else { return }
        let before = freedPlaces.count
        freedPlaces.removeAll { place in
            place.startMinute < endMinute && startMinute < place.endMinute
                && place.tables.contains(where: tables.contains)
        }
        cancellationsReused += before - freedPlaces.count
    }

    /// The oracle's verdict on an edit quote: whether a set keeping the current tables was offered when one existed.
    mutating func noteEditVerdict(_ verdict: OracleVerdict) {
        editQuotesJudged += 1
        if !verdict.limitReached {
            editFeasibleSets += verdict.feasible
            editQuotedFeasibleSets += verdict.quotedFeasible
        }
        if let keeping = verdict.keeping, keeping.feasible > 0, keeping.offered == 0 { keepMissed += 1 }
    }

    mutating func apply(_ payload: IterationCompleted) { iterations.append(payload) }
}
