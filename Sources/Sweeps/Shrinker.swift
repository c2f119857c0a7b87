import CommandSupport
import Allocation
import EventLog
import Foundation
import Optimum
import Scenarios
import StressRunner
import Synchronization

/// A day being shrunk: the scenario and the run's options.
package struct ShrinkCandidate: Equatable, Sendable {
    package var scenario: Scenario
    package var options: RunOptions

    package init(scenario: Scenario, options: RunOptions) {
        self.scenario = scenario
        self.options = options
    }

    package var bookingCount: Int { scenario.bookings.count }
    package var tableCount: Int { scenario.restaurants.reduce(0) { $0 + $1.tables.count } }
}

/// Delta debugging over a recorded day: restaurants, bookings, tables, adjacency pairs, then
/// the options (clients, max tables, clone limit, passes), round after round until a round
/// removes nothing. Every candidate is a real recording (`Trial`), judged by the property;
/// identical candidates are recorded once.
package final class Shrinker: Sendable {
    package let property: ShrinkProperty
    package let folder: String
    package let jobs: Int
    package let solver: OptimumSolver?
    package let maximumRecordings: Int
    /// Scenario bookings a `fails:BOOKING` shrink must keep.
    package let protectedBookings: Set<String>
    private let state = Mutex<(recordings: Int, cache: [String: Bool], limitHit: Bool, best: ShrinkCandidate?)>(
        (0, [:], false, nil))
    package let onStep: @Sendable (String) -> Void

    package init(
        property: ShrinkProperty, folder: String, jobs: Int, solver: OptimumSolver?, maximumRecordings: Int,
        protectedBookings: Set<String>, recordingsSoFar: Int = 0, onStep: @Sendable @escaping (String) -> Void
    ) {
        self.property = property
        self.folder = folder
        self.jobs = jobs
        self.solver = solver
        self.maximumRecordings = maximumRecordings
        self.protectedBookings = protectedBookings
        self.onStep = onStep
        // A shrink that pins its property after the first recording goes on counting from there.
        state.withLock { $0.recordings = recordingsSoFar }
    }

    package var recordings: Int { state.withLock { $0.recordings } }
    package var limitHit: Bool { state.withLock { $0.limitHit } }
    /// The smallest day seen to hold the property so far (fewest bookings, then tables): what an
    /// interrupted shrink keeps.
    package var best: ShrinkCandidate? { state.withLock { $0.best } }

    private func remember(_ candidate: ShrinkCandidate) {
        state.withLock { state in
            if let best = state.best,
                (best.bookingCount, best.tableCount) <= (candidate.bookingCount, candidate.tableCount)
            {
                return
            }
            state.best = candidate
        }
    }

    /// Records a candidate and judges it (the verdict, the trial, what was measured).
    package func record(_ candidate: ShrinkCandidate, into scratch: String, keep: Bool = false) throws -> (
        holds: Bool, trial: Trial, measured: String
    ) {
        state.withLock { $0.recordings += 1 }
        defer { if !keep { try? FileManager.default.removeItem(atPath: scratch) } }
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        let scenarioPath = (scratch as NSString).appendingPathComponent("scenario.json")
        try OutputFile.write(candidate.scenario.jsonText, to: scenarioPath)
        let trial = try Trial.record(scenarioPath: scenarioPath, options: candidate.options, in: scratch)
        // A full disk is not a verdict about the allocator: the shrink stops and says so.
        if let problem = trial.machineFailure {
            throw CommandFailure.badInput("replay shrink: a recording could not be made: \(problem)")
        }
        let verdict = try property.judge(trial, scratch: scratch, solver: solver)
        return (verdict.holds, trial, verdict.measured)
    }

    /// Judges candidates in parallel, in order; cached verdicts are not recorded again.
    package func judge(_ candidates: [ShrinkCandidate]) throws -> [Bool] {
        // Keyed by a digest: a large day's text, two thousand times over, would fill memory.
        let keys = candidates.map { candidate in
            Array(
                SHA256.hash(
                    Array(
                        (candidate.scenario.jsonText + "\u{0}"
                            + RecordArguments.make(scenarioPath: nil, options: candidate.options)
                            .joined(separator: "\u{0}")).utf8))
            ).hexString
        }
        var verdicts: [Bool?] = keys.map { key in state.withLock { $0.cache[key] } }
        let missing = verdicts.indices.filter { verdicts[$0] == nil }
        let room = state.withLock { max(0, maximumRecordings - $0.recordings) }
        if missing.count > room { state.withLock { $0.limitHit = true } }
        let allowed = Array(missing.prefix(room))
        let results = try WorkerPool.map(count: allowed.count, jobs: jobs) { [self] slot in
            let index = allowed[slot]
            let scratch = (folder as NSString).appendingPathComponent(
                ".scratch/candidate-\(index)-\(UInt32.random(in: 0...UInt32.max))")
            return try record(candidates[index], into: scratch).holds
        }
        // Interrupted: candidates not recorded are not judged (never cached as "does not hold").
        if let signal = Interruption.signal { throw RunInterrupted(signal: signal) }
        for (slot, index) in allowed.enumerated() {
            guard let verdict = results[slot] else { continue }
            if verdict { remember(candidates[index]) }
            verdicts[index] = verdict
            state.withLock { $0.cache[keys[index]] = verdict }
        }
        // Past the budget, a candidate counts as not holding: the shrink stops where it is.
        return verdicts.map { $0 ?? false }
    }

    package func shrink(_ start: ShrinkCandidate) throws -> ShrinkCandidate {
        var current = start
        var round = 0
        while true {
            round += 1
            let before = current
            current = try pass(
                "restaurants", current, parts: current.scenario.restaurants.indices.map { $0 },
                apply: Self.keepRestaurants)
            let removable = current.scenario.bookings.indices.filter { !isProtected(current.scenario.bookings[$0].id) }
            current = try pass("bookings", current, parts: removable) { candidate, kept in
                Self.keepBookings(
                    candidate,
                    kept: Set(kept).union(
                        candidate.scenario.bookings.indices.filter {
                            self.isProtected(candidate.scenario.bookings[$0].id)
                        }))
            }
            current = try pass("tables", current, parts: Array(0..<current.tableCount), apply: Self.keepTables)
            let pairs = current.scenario.restaurants.reduce(0) { $0 + $1.adjacency.count }
            current = try pass("adjacency pairs", current, parts: Array(0..<pairs), apply: Self.keepAdjacency)
            current = try shrinkOptions(current)
            if current == before || limitHit { return current }
            onStep("round \(round) done: \(current.bookingCount) bookings, \(current.tableCount) tables")
        }
    }

    private func isProtected(_ id: String) -> Bool { protectedBookings.contains(id) }

    private func pass(
        _ name: String, _ candidate: ShrinkCandidate, parts: [Int],
        apply: @escaping (ShrinkCandidate, [Int]) -> ShrinkCandidate
    ) throws -> ShrinkCandidate {
        guard !parts.isEmpty else { return candidate }
        let debugger = DeltaDebugging(batch: jobs) { [self] keptLists in
            try judge(keptLists.map { apply(candidate, $0) })
        }
        let kept = try debugger.minimize(parts)
        if kept.count < parts.count { onStep("\(name): \(parts.count) → \(kept.count) (\(recordings) recordings)") }
        return kept.count < parts.count ? apply(candidate, kept) : candidate
    }

    /// Smaller option values, smallest first: the first that keeps the property wins.
    private func shrinkOptions(_ candidate: ShrinkCandidate) throws -> ShrinkCandidate {
        var current = candidate
        // Each option with its smaller values, for the mode that reads it.
        let steps: [(String, (RunOptions) -> [RunOptions])] = [
            ("clients", { Self.each($0, \.clients, $0.mode == .reserve ? Array(1..<$0.clients) : []) }),
            ("max tables", { Self.each($0, \.maxTables, Array(1..<$0.maxTables)) }),
            (
                "clone limit",
                { Self.each($0, \.cloneLimit, $0.mode == .reserve ? Self.smallerValues($0.cloneLimit) : []) }
            ),
            (
                "passes",
                { Self.each($0, \.maxIterations, $0.mode == .assign ? Self.smallerValues($0.maxIterations) : []) }
            )
        ]
        for (name, smaller) in steps {
            let options = smaller(current.options)
            guard !options.isEmpty else { continue }
            let candidates = options.map { ShrinkCandidate(scenario: current.scenario, options: $0) }
            var start = 0
            while start < candidates.count {
                let end = min(start + jobs, candidates.count)
                if let hit = try judge(Array(candidates[start..<end])).firstIndex(of: true) {
                    current = candidates[start + hit]
                    onStep("\(name): → smaller (\(recordings) recordings)")
                    break
                }
                start = end
            }
        }
        return current
    }

    /// `options` with `field` set to each of `values`, in their order.
    static func each(_ options: RunOptions, _ field: WritableKeyPath<RunOptions, Int>, _ values: [Int]) -> [RunOptions]
    {
        values.map { value in
            var changed = options
            changed[keyPath: field] = value
            return changed
        }
    }

    /// 1, 2, 4, … below `value`, then value - 1: few recordings, smallest first.
    package static func smallerValues(_ value: Int) -> [Int] {
        var values: [Int] = []
        var next = 1
        while next < value {
            values.append(next)
            next *= 2
        }
        if value - 1 >= 1, !values.contains(value - 1) { values.append(value - 1) }
        return values
    }

    // MARK: Reductions (each a pure function of the candidate and the parts kept)

    package static func keepRestaurants(_ candidate: ShrinkCandidate, _ kept: [Int]) -> ShrinkCandidate {
        var result = candidate
        result.scenario.restaurants = kept.map { candidate.scenario.restaurants[$0] }
        let slugs = result.scenario.restaurants.map(\.restaurant.slug)
        result.scenario.bookings = candidate.scenario.bookings.filter { slugs.contains($0.restaurant) }
        result.scenario.changes = candidate.scenario.changes.filter { slugs.contains($0.restaurant) }
        result.options.restaurants = candidate.options.restaurants.filter { slugs.contains($0) }
        if !candidate.options.restaurants.isEmpty && result.options.restaurants.isEmpty {
            result.options.restaurants = ["(none)"]
        }
        return result
    }

    package static func keepBookings(_ candidate: ShrinkCandidate, kept: Set<Int>) -> ShrinkCandidate {
        var result = candidate
        result.scenario.bookings = candidate.scenario.bookings.indices.filter { kept.contains($0) }.map {
            candidate.scenario.bookings[$0]
        }
        // A booking goes with its changes (format 7): a change names a booking of the day.
        let ids = Set(result.scenario.bookings.map(\.id))  // membership only
        result.scenario.changes = candidate.scenario.changes.filter { ids.contains($0.booking) }
        return result
    }

    package static func keepTables(_ candidate: ShrinkCandidate, _ kept: [Int]) -> ShrinkCandidate {
        var result = candidate
        let tables = keepNumbered(candidate.scenario.restaurants.map(\.tables), kept: Set(kept))
        for index in result.scenario.restaurants.indices {
            let ids = tables[index].map(\.id)
            result.scenario.restaurants[index].tables = tables[index]
            // A pair naming a removed table goes with it.
            result.scenario.restaurants[index].adjacency = result.scenario.restaurants[index].adjacency.filter {
                ids.contains($0.first) && ids.contains($0.second)
            }
            // So does a booking's place on the real floor: the booking stays, without it.
            let slug = result.scenario.restaurants[index].restaurant.slug
            for position in result.scenario.bookings.indices where result.scenario.bookings[position].restaurant == slug
            {
                if let tables = result.scenario.bookings[position].tables, !tables.allSatisfy(ids.contains) {
                    result.scenario.bookings[position].tables = nil
                }
            }
        }
        return result
    }

    package static func keepAdjacency(_ candidate: ShrinkCandidate, _ kept: [Int]) -> ShrinkCandidate {
        var result = candidate
        let pairs = keepNumbered(candidate.scenario.restaurants.map(\.adjacency), kept: Set(kept))
        for index in result.scenario.restaurants.indices { result.scenario.restaurants[index].adjacency = pairs[index] }
        return result
    }

    /// Per-restaurant lists, their items numbered 0, 1, ... across all restaurants in order (the
    /// parts ddmin removes): each list with only its items whose number is kept.
    package static func keepNumbered<Item>(_ lists: [[Item]], kept: Set<Int>) -> [[Item]] {
        var number = 0
        var result: [[Item]] = []
        for list in lists {
            var items: [Item] = []
            for item in list {
                if kept.contains(number) { items.append(item) }
                number += 1
            }
            result.append(items)
        }
        return result
    }
}
