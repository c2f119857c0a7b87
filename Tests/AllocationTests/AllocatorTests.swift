@testable import Allocation
import Testing

@Suite struct AllocatorTests {
    @Test func partyOfFiveOnAdjacentTwoAndFour() {
        let floor = Fixtures.floor(
            [Fixtures.table("T1", min: 1, max: 2), Fixtures.table("T2", min: 3, max: 4)], adjacency: [("T1", "T2")])
        let quote = Fixtures.quote(floor, party: 5, strategy: Fixtures.adjacentX2)
        #expect(quote.candidates.count == 1)
        let candidate = quote.candidates[0]
        #expect(floor.ids(of: candidate.tables) == ["T1", "T2"])
        #expect(candidate.spareSeats == 1)
        #expect(candidate.depth == 1)
        // 5×1 spare + 3×(2−1) + depth 1 + 2×(6−4) = 13 points; scarcity: 1.6/2 + 0.18/4 = 0.845, ×22 = 18.59.
        #expect(candidate.score == 13_000_000 + 18_590_000)
        // Singles: both too small for 5.
        #expect(quote.rejections.capacity == 2)
    }

    @Test func theSameTablesNotAdjacentNeedTheRelaxedStrategy() {
        let floor = Fixtures.floor([Fixtures.table("T1", min: 1, max: 2), Fixtures.table("T2", min: 3, max: 4)])
        let adjacent = Fixtures.quote(floor, party: 5, strategy: Fixtures.adjacentX2)
        #expect(adjacent.candidates.isEmpty)
        #expect(adjacent.rejections.notAdjacent == 1)
        #expect(adjacent.emptyReason == .noTableFits)
        let relaxed = Fixtures.quote(floor, party: 5, strategy: Fixtures.relaxedX2)
        #expect(relaxed.candidates.map { floor.ids(of: $0.tables) } == [["T1", "T2"]])
        #expect(relaxed.candidates[0].depth == 2)
    }

    @Test func theBufferMakesNearSeatingsOverlapButBackToBackIsFine() {
        let floor = Fixtures.floor([Fixtures.table("T1", min: 3, max: 4)])
        var occupancy = Occupancy(tableCount: 1)
        // 19:00 party of 4: 75 min + 15 buffer = [1140, 1230).
        occupancy.add(
            .init(kind: .assignment, id: "A1", booking: "B0", startMinute: 1140, endMinute: 1230, expiresAt: nil),
            on: TableSet([0]))
        let overlapping = Fixtures.quote(floor, party: 4, start: 1225, strategy: Fixtures.single, occupancy: occupancy)
        #expect(overlapping.candidates.isEmpty)
        #expect(overlapping.rejections.booked == 1)
        #expect(overlapping.emptyReason == .tablesOccupied)
        let backToBack = Fixtures.quote(floor, party: 4, start: 1230, strategy: Fixtures.single, occupancy: occupancy)
        #expect(backToBack.candidates.count == 1)
    }

    @Test func windowsOutsideServiceOrOverrunningAreRefused() {
        let floor = Fixtures.floor([Fixtures.table("T1", min: 1, max: 6)])
        // 21:00 + 90 min = 22:30 > 22:00.
        #expect(
            floor.window(startMinute: 21 * 60, partySize: 6, durationMinutes: nil)
                == .failure(WindowRefusal(reason: .serviceWindowOverrun)))
        // 20:30 + 90 = 22:00 exactly: allowed; the buffer may pass the end.
        guard case .success(let window) = floor.window(startMinute: 20 * 60 + 30, partySize: 6, durationMinutes: nil)
        else {
            Issue.record("22:00 seating end refused")
            return
        }
        #expect(window.endMinute == 22 * 60 + 15)
        #expect(
            floor.window(startMinute: 16 * 60, partySize: 2, durationMinutes: nil)
                == .failure(WindowRefusal(reason: .outsideService)))
        #expect(
            floor.window(startMinute: 21 * 60, partySize: 2, durationMinutes: 30)
                != .failure(WindowRefusal(reason: .serviceWindowOverrun)))
    }

    @Test func anExpiredHoldFreesItsTable() {
        let floor = Fixtures.floor([Fixtures.table("T1", min: 1, max: 2)])
        var occupancy = Occupancy(tableCount: 1)
        occupancy.add(
            .init(kind: .hold, id: "H1", booking: "B0", startMinute: 1140, endMinute: 1215, expiresAt: 1000),
            on: TableSet([0]))
        let live = Fixtures.quote(floor, party: 2, strategy: Fixtures.single, occupancy: occupancy, now: 999)
        #expect(live.candidates.isEmpty)
        #expect(live.rejections.held == 1)
        let expired = Fixtures.quote(floor, party: 2, strategy: Fixtures.single, occupancy: occupancy, now: 1000)
        #expect(expired.candidates.count == 1)
        // A booking's own hold never blocks it.
        let own = Fixtures.quote(
            floor, party: 2, strategy: Fixtures.single, occupancy: occupancy, now: 999, booking: "B0")
        #expect(own.candidates.count == 1)
    }

    @Test func aZoneSplitIsNeverOffered() {
        let floor = Fixtures.floor(
            [Fixtures.table("T1", zone: "bar", min: 1, max: 2), Fixtures.table("T2", zone: "main", min: 3, max: 4)],
            adjacency: [("T1", "T2")])
        #expect(Fixtures.quote(floor, party: 5, strategy: Fixtures.relaxedX2).candidates.isEmpty)
        let oracle = CoverageOracle.feasibleSets(
            partySize: 5, window: Fixtures.window(floor, start: 1140, party: 5), booking: "B1", now: 0,
            floor: floor, occupancy: Occupancy(tableCount: 2), maxTables: 2)
        #expect(oracle.sets.isEmpty && !oracle.limitReached)
    }

    @Test func rankingTiesAreBrokenByTableIDs() {
        let floor = Fixtures.floor([Fixtures.table("T2", min: 3, max: 4), Fixtures.table("T1", min: 3, max: 4)])
        let quote = Fixtures.quote(floor, party: 4, strategy: Fixtures.single)
        #expect(quote.candidates.map { floor.ids(of: $0.tables) } == [["T1"], ["T2"]])
        #expect(quote.candidates[0].score == quote.candidates[1].score)
    }

    @Test func tooManySpareSeatsAreRejected() {
        let floor = Fixtures.floor(
            [Fixtures.table("T1", min: 1, max: 4), Fixtures.table("T2", min: 1, max: 4)], adjacency: [("T1", "T2")])
        // Party 1: 4+4 = 8 > 1 + 4.
        let quote = Fixtures.quote(floor, party: 1, strategy: Fixtures.adjacentX2)
        #expect(quote.candidates.count == 2)
        #expect(quote.rejections.spareSeats == 1)
    }

    @Test func theLookAheadKeepsAScarceTableForALaterParty() {
        // T1 seats 3-4, T2 seats 1-4: a party of 2 could take either, but a party of 4 at 19:30
        // needs one; without look-ahead ties go to T1 (id order), with it both stay possible,
        // so no penalty. Remove T2's ability to seat 4 and the look-ahead must steer away from T1.
        let floor = Fixtures.floor([Fixtures.table("T1", min: 1, max: 4), Fixtures.table("T2", min: 1, max: 2)])
        let window = Fixtures.window(floor, start: 1140, party: 2)
        let later = LookAheadBooking(booking: "B2", partySize: 4, window: Fixtures.window(floor, start: 1170, party: 4))
        let request = QuoteRequest(booking: "B1", partySize: 2, window: window, strategy: Fixtures.single, now: 0)
        let plain = Allocator().quote(request, floor: floor, occupancy: Occupancy(tableCount: 2), lookAhead: [])
        let guarded = Allocator().quote(request, floor: floor, occupancy: Occupancy(tableCount: 2), lookAhead: [later])
        #expect(floor.ids(of: guarded.candidates[0].tables) == ["T2"])
        #expect(
            guarded.candidates.last!.score - Score.lookAheadPenalty
                == plain.candidates.first { $0.tables == guarded.candidates.last!.tables }!.score)
    }
}

@Suite struct CoverageOracleTests {
    /// T1 2, T2 2, T3 4 (3-4), T4 6 (5-6), one zone; party 4, up to 3 tables, 4 spare seats.
    /// Every subset by hand: singles T3; pairs T1+T2 (4), T1+T3 (6), T2+T3 (6), T1+T4 (8),
    /// T2+T4 (8), not T3+T4 (10); triples T1+T2+T3 (8) only. Seven feasible sets.
    @Test func matchesAHandEnumeratedFloor() {
        let floor = Fixtures.floor([
            Fixtures.table("T1", min: 1, max: 2), Fixtures.table("T2", min: 1, max: 2),
            Fixtures.table("T3", min: 3, max: 4), Fixtures.table("T4", min: 5, max: 6)
        ])
        let window = Fixtures.window(floor, start: 1140, party: 4)
        let feasible = CoverageOracle.feasibleSets(
            partySize: 4, window: window, booking: "B1", now: 0, floor: floor,
            occupancy: Occupancy(tableCount: 4), maxTables: 3
        ).sets
        let expected = [
            ["T1", "T2"], ["T1", "T2", "T3"], ["T1", "T3"], ["T1", "T4"], ["T2", "T3"], ["T2", "T4"], ["T3"]
        ]
        #expect(feasible.map(floor.ids(of:)).sorted { $0.lexicographicallyPrecedes($1) } == expected)
        // Enumerated in lexicographic order: sorted as produced, without repeats.
        #expect(zip(feasible, feasible.dropFirst()).allSatisfy { $0 < $1 })
        let offered = Fixtures.quote(floor, party: 4, strategy: Fixtures.relaxedX3).candidates.map(\.tables)
        let coverage = CoverageOracle.compare(offered: offered, feasible: feasible)
        #expect(coverage.feasible == 7)
        #expect(coverage.quotedFeasible == 7)
        #expect(coverage.unsound.isEmpty && coverage.missed.isEmpty && !coverage.phantomUnavailable)
    }

    @Test func reportsPhantomAndUnsound() {
        let feasible = [TableSet([0]), TableSet([1, 2])]
        let phantom = CoverageOracle.compare(offered: [], feasible: feasible)
        #expect(phantom.phantomUnavailable)
        #expect(phantom.missed.count == 2)
        let unsound = CoverageOracle.compare(offered: [TableSet([0]), TableSet([3])], feasible: feasible)
        #expect(unsound.unsound == [TableSet([3])])
        #expect(unsound.quotedFeasible == 1)
    }
}

/// Per-strategy judging and declared rules, on the hand-enumerated floor above with a chain
/// T1-T3-T2 (T1 and T2 not adjacent) and T4 without neighbours.
@Suite struct OracleJudgementTests {
    static let floor = Fixtures.floor(
        [
            Fixtures.table("T1", min: 1, max: 2), Fixtures.table("T2", min: 1, max: 2),
            Fixtures.table("T3", min: 3, max: 4), Fixtures.table("T4", min: 5, max: 6)
        ],
        adjacency: [("T1", "T3"), ("T3", "T2")])
    static var feasible: [TableSet] {
        CoverageOracle.feasibleSets(
            partySize: 4, window: Fixtures.window(floor, start: 1140, party: 4), booking: "B1", now: 0, floor: floor,
            occupancy: Occupancy(tableCount: 4), maxTables: 3
        ).sets
    }
    static func sets(_ ids: [[String]]) -> [TableSet] { ids.compactMap(floor.tableSet(ids:)) }
    static func ids(_ sets: [TableSet]) -> [[String]] { sets.map(floor.ids(of:)) }

    /// Adjacency keeps T1+T3, T2+T3 and T1+T2+T3 (connected through T3) of the seven, and the single.
    @Test func aStrategyKeepsItsOwnSets() {
        let adjacent = CoverageOracle.feasibleSets(
            Self.feasible, under: Strategy(label: "adjacent-x3", requireAdjacency: true, maxTables: 3),
            floor: Self.floor)
        #expect(
            Self.ids(adjacent).sorted { $0.lexicographicallyPrecedes($1) } == [
                ["T1", "T2", "T3"], ["T1", "T3"], ["T2", "T3"], ["T3"]
            ])
        let pairs = CoverageOracle.feasibleSets(Self.feasible, under: Fixtures.relaxedX2, floor: Self.floor)
        #expect(pairs.count == 6 && pairs.allSatisfy { $0.count <= 2 })
    }

    @Test func declaredRulesMoveWhatTheyExplainFromMissedToExcluded() {
        let feasible = Self.feasible
        // Offered only T3: the six others are missed by replay's rules.
        let plain = CoverageOracle.judge(
            offered: Self.sets([["T3"]]), feasible: feasible, answerCount: 1, partySize: 4, floor: Self.floor,
            rules: DeclaredRules())
        #expect(plain.missed.count == 6 && plain.excluded == 0)
        // T4 has no neighbours (2 sets use it); T3's minimum 3 is below 4, so minimums exclude nothing here.
        let isolated = CoverageOracle.judge(
            offered: Self.sets([["T3"]]), feasible: feasible, answerCount: 1, partySize: 4, floor: Self.floor,
            rules: DeclaredRules(isolatedTablesUnused: true, memberMinimums: true))
        #expect(
            isolated.excluded == 2
                && Self.ids(isolated.missed) == [["T1", "T2"], ["T1", "T2", "T3"], ["T1", "T3"], ["T2", "T3"]])
        // A party of 2: T3 (min 3) in a combination breaks the member minimum.
        let small = CoverageOracle.judge(
            offered: [], feasible: Self.sets([["T1"], ["T1", "T3"]]), answerCount: 0, partySize: 2,
            floor: Self.floor, rules: DeclaredRules(memberMinimums: true))
        #expect(small.excluded == 1 && Self.ids(small.missed) == [["T1"]] && small.phantomUnavailable)
        // The spare-seat limit on singles: T4 (6 seats) for a party of 1 is 5 over, past 4.
        let spare = CoverageOracle.judge(
            offered: [], feasible: Self.sets([["T4"]]), answerCount: 0, partySize: 1, floor: Self.floor,
            rules: DeclaredRules(singleSpareSeats: true))
        #expect(spare.excluded == 1 && spare.missed.isEmpty && !spare.phantomUnavailable)
        // A cap: an answer at the cap explains every other set; one below it explains none.
        let capped = CoverageOracle.judge(
            offered: Self.sets([["T3"]]), feasible: feasible, answerCount: 1, partySize: 4, floor: Self.floor,
            rules: DeclaredRules(maxCandidates: 1))
        #expect(capped.excluded == 6 && capped.missed.isEmpty)
        let under = CoverageOracle.judge(
            offered: Self.sets([["T3"]]), feasible: feasible, answerCount: 1, partySize: 4, floor: Self.floor,
            rules: DeclaredRules(maxCandidates: 2))
        #expect(under.excluded == 0 && under.missed.count == 6)
    }

    @Test func theUnionExcludesByTheCapOnlyWhereACappedStrategyAllowsTheSet() throws {
        let feasible = Self.feasible
        let adjacentX2 = Strategy(label: "adjacent-x2", requireAdjacency: true, maxTables: 2)
        let union = CoverageOracle.judgeUnion(
            offered: Self.sets([["T3"]]), feasibleKeys: try #require(CoverageOracle.sortedUniqueKeys(feasible)),
            capped: [adjacentX2], partySize: 4,
            floor: Self.floor, rules: DeclaredRules(maxCandidates: 1))
        // adjacent-x2 allows T1+T3 and T2+T3: those two are explained; the other four are missed.
        #expect(union.excluded == 2 && union.missed.count == 4)
    }
}

@Suite struct SplitMix64Tests {
    @Test func knownAnswers() {
        var zero = SplitMix64(seed: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0xe220a8397b1dcdaf, 0x6e789e6aa1b965f4, 0x06c45d188009454f])
        var one = SplitMix64(seed: 1)
        #expect([one.next(), one.next()] == [0x910a2dec89025cc1, 0xbeeb8da1658eec67])
    }

    @Test func boundedDrawsStayInRange() {
        var generator = SplitMix64(seed: 42)
        for bound in [1, 2, 3, 7, 100, 1 << 40] {
            for _ in 0..<200 { #expect((0..<bound).contains(generator.below(bound))) }
        }
    }
}

@Suite struct TableSetTests {
    @Test func orderIsLexicographicOnSortedIndices() {
        var generator = SplitMix64(seed: 11)
        var sets: [TableSet] = []
        for _ in 0..<300 {
            var set = TableSet()
            for _ in 0..<generator.below(5) {
                set.insert(
                    [
                        generator.below(6), 60 + generator.below(10), 130 + generator.below(3),
                        380 + generator.below(10), 505 + generator.below(6)
                    ][generator.below(5)])
            }
            sets.append(set)
        }
        for a in sets {
            for b in sets {
                #expect((a < b) == Array(a).lexicographicallyPrecedes(Array(b)), "\(Array(a)) vs \(Array(b))")
            }
        }
    }

    /// The packed key the oracle sorts by keeps `<`'s order and gives the set back, up to 7
    /// tables anywhere in 0..<511; larger sets have no key.
    @Test func lexicographicKeyKeepsTheOrderAndRoundTrips() throws {
        var generator = SplitMix64(seed: 12)
        var sets: [TableSet] = [
            TableSet(), TableSet([255]), TableSet(Array(249..<256)), TableSet(Array(0..<7)), TableSet([510]),
            TableSet(Array(504..<511))
        ]
        for _ in 0..<300 {
            var set = TableSet()
            for _ in 0..<generator.below(8) {
                set.insert(
                    [
                        generator.below(4), 62 + generator.below(4), 200 + generator.below(56),
                        256 + generator.below(255)
                    ][generator.below(4)])
            }
            sets.append(set)
        }
        for a in sets {
            let key = try #require(a.lexicographicKey, "\(Array(a))")
            #expect(TableSet(lexicographicKey: key) == a)
            for b in sets { #expect((key < b.lexicographicKey!) == (a < b), "\(Array(a)) vs \(Array(b))") }
        }
        #expect(TableSet(Array(0..<8)).lexicographicKey == nil)
    }

    /// Every operation against a plain `Set<Int>` model over all 511 indices, so each of the
    /// eight words is reached (a release-only miscompile once dropped bits of the upper words;
    /// see `insert`).
    @Test func operationsAgreeWithASetOfIntegers() {
        var generator = SplitMix64(seed: 13)
        for _ in 0..<200 {
            var a = TableSet()
            var b = TableSet()
            var modelA = Set<Int>()
            var modelB = Set<Int>()
            for _ in 0..<generator.below(40) {
                let index = generator.below(TableSet.capacity)
                a.insert(index)
                modelA.insert(index)
            }
            for _ in 0..<generator.below(40) {
                let index = generator.below(TableSet.capacity)
                b.insert(index)
                modelB.insert(index)
            }
            if let gone = modelA.sorted().first, generator.below(2) == 0 {
                a.remove(gone)
                modelA.remove(gone)
            }
            #expect(Array(a) == modelA.sorted())
            #expect(a.count == modelA.count && a.isEmpty == modelA.isEmpty && a.first == modelA.min())
            #expect(Array(a.union(b)) == modelA.union(modelB).sorted())
            #expect(Array(a.intersection(b)) == modelA.intersection(modelB).sorted())
            #expect(Array(a.subtracting(b)) == modelA.subtracting(modelB).sorted())
            #expect(a.intersects(b) == !modelA.isDisjoint(with: modelB))
            #expect((0..<TableSet.capacity).allSatisfy { a.contains($0) == modelA.contains($0) })
            #expect((a == b) == (modelA == modelB) && (a == TableSet(modelA.sorted())))
        }
    }

    @Test func oracleComparisonSortsAndDropsRepeatsWithAndWithoutKeys() {
        let small = [TableSet([3, 4]), TableSet([1]), TableSet([3, 4]), TableSet([1, 2])]
        #expect(CoverageOracle.sortedUnique(small) == [TableSet([1]), TableSet([1, 2]), TableSet([3, 4])])
        // A set too large to pack sends the whole list through `<`, with the same result.
        let large = small + [TableSet(Array(10..<18))]
        #expect(
            CoverageOracle.sortedUnique(large) == [
                TableSet([1]), TableSet([1, 2]), TableSet([3, 4]), TableSet(Array(10..<18))
            ])
    }
}

@Suite struct PlanMemoTests {
    /// The look-ahead reuses plans by filtering them while tables only become unavailable; at
    /// every step of a random day (holds, assignments, releases, expiries) the result must be
    /// exactly a fresh search's, order included.
    @Test(arguments: [UInt64(21), 22, 23])
    func memoisedPlansEqualAFreshSearchAtEveryStep(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        let tables = (1...14).map { index in
            Table(
                id: "T\(index + 10)", zone: index <= 8 ? "a" : "b", minCovers: 1,
                maxCovers: [2, 2, 4, 6][generator.below(4)])
        }
        let floor = Fixtures.floor(tables)
        var occupancy = Occupancy(tableCount: floor.tables.count)
        let protected = LookAheadBooking(
            booking: "P", partySize: 2 + generator.below(8),
            window: BookingWindow(startMinute: 1170, endMinute: 1260, seatingEndMinute: 1245, service: "dinner"))
        let planner = Allocator(lookAheadMaxTables: 4)
        var memo: Allocator.PlanMemo?
        var placed: [(id: String, tables: TableSet)] = []
        var reused = 0
        for step in 0..<60 {
            let now = step * 10
            if !placed.isEmpty && generator.below(4) == 0 {
                let gone = placed.remove(at: generator.below(placed.count))
                occupancy.remove(id: gone.id, from: gone.tables)
            } else {
                let set = TableSet([generator.below(14), generator.below(14)])
                let start = 1080 + generator.below(12) * 15
                let isHold = generator.below(2) == 0
                let occupation = Occupancy.Occupation(
                    kind: isHold ? .hold : .assignment, id: "O\(step)", booking: "B\(step)",
                    startMinute: start, endMinute: start + 90, expiresAt: isHold ? now + 40 : nil)
                occupancy.add(occupation, on: set)
                placed.append(("O\(step)", set))
            }
            let fresh = planner.protectedPlans(
                protected, now: now, excluded: TableSet(), floor: floor, occupancy: occupancy)
            let next = planner.protectedPlans(
                protected, now: now, excluded: TableSet(), floor: floor, occupancy: occupancy, memo: memo)
            if next.cannotBeStranded {
                // Safe: its witnesses are open plans, pairwise disjoint, more than a candidate has tables.
                #expect(next.witnesses.allSatisfy { fresh.contains($0) }, "seed \(seed) step \(step)")
                #expect(next.witnesses.count == Allocator.safeDisjointPlans)
                #expect(
                    next.witnesses.indices.allSatisfy { i in
                        next.witnesses[(i + 1)...].allSatisfy { !$0.intersects(next.witnesses[i]) }
                    })
            } else {
                #expect(next.plans == fresh, "seed \(seed) step \(step)")
            }
            // Strictly more unavailable tables than the memo had: the filtering path.
            if let memo, memo.unavailable.intersection(next.unavailable) == memo.unavailable,
                memo.unavailable != next.unavailable
            {
                reused += 1
            }
            memo = next
        }
        #expect(reused > 0, "seed \(seed): the filtering path never ran")
    }
}

@Suite struct OfferedSetsTests {
    /// The unscored path the oracle and the look-ahead use must offer exactly the quote's sets.
    @Test func offeredSetsEqualTheQuotesCandidates() {
        var generator = SplitMix64(seed: 5)
        func id(_ number: Int) -> String { number < 10 ? "T0\(number)" : "T\(number)" }
        var tables: [Table] = []
        for index in 1...12 {
            let capacity = [2, 4, 6, 8][generator.below(4)]
            let active = generator.below(10) > 0
            tables.append(
                Table(
                    id: id(index), zone: index <= 6 ? "a" : "b", minCovers: max(1, capacity - 1), maxCovers: capacity,
                    active: active))
        }
        var pairs: [(String, String)] = []
        for _ in 0..<20 {
            let first = id(1 + generator.below(12))
            let second = id(1 + generator.below(12))
            pairs.append((first, second))
        }
        let floor = Fixtures.floor(tables, adjacency: pairs)
        var occupancy = Occupancy(tableCount: floor.tables.count)
        let assignment = Occupancy.Occupation(
            kind: .assignment, id: "A1", booking: "X", startMinute: 1140, endMinute: 1230, expiresAt: nil)
        let hold = Occupancy.Occupation(
            kind: .hold, id: "H1", booking: "Y", startMinute: 1100, endMinute: 1200, expiresAt: 500)
        occupancy.add(assignment, on: TableSet([0, 7]))
        occupancy.add(hold, on: TableSet([3]))
        for party in 1...10 {
            for strategy in Strategy.legacyOrder(maxTables: 5) {
                let window = BookingWindow(
                    startMinute: 1150, endMinute: 1240, seatingEndMinute: 1225, service: "dinner")
                let request = QuoteRequest(booking: "B", partySize: party, window: window, strategy: strategy, now: 100)
                let quoted = Allocator().quote(request, floor: floor, occupancy: occupancy, lookAhead: []).candidates
                    .map(\.tables).sorted()
                #expect(
                    Allocator().offeredSets(request, floor: floor, occupancy: occupancy).sets.sorted() == quoted,
                    "party \(party) \(strategy.label)")
            }
        }
    }
}

@Suite struct ClockTextTests {
    @Test(arguments: [
        (0, "00:00", "00:00:00"), (1_140, "19:00", "00:19:00"), (1_455, "00:15+1", "00:24:15"),
        (28_800, "00:00+20", "08:00:00"), (-2_800, "-22:40+1", "-00:46:40"), (-61, "-01:01", "-00:01:01")
    ])
    func timesAreWrittenTheSameWayEverywhereEvenNegativeOnes(value: Int, minutes: String, seconds: String) {
        #expect(ClockText.minutes(value) == minutes)
        #expect(ClockText.seconds(value) == seconds)
        #expect(!ClockText.minutes(Int.min).contains("-0") && !ClockText.seconds(Int.min).contains("-0"))
    }
}

@Suite struct SearchBudgetTests {
    /// 200 two-seat tables in one zone, every pair adjacent: too many subsets for either budget.
    static let crowded: Floor = {
        func id(_ number: Int) -> String { "T" + String(String(number + 1000).dropFirst()) }
        let tables = (1...200).map { Fixtures.table(id($0), min: 1, max: 2) }
        var pairs: [(String, String)] = []
        for i in 1...200 { for j in stride(from: i + 1, through: 200, by: 1) { pairs.append((id(i), id(j))) } }
        return Fixtures.floor(tables, adjacency: pairs)
    }()

    @Test func theSearchStopsAtItsBudgetAlwaysAtTheSameSubsetAndSaysSo() {
        let floor = SearchBudgetTests.crowded
        let window = Fixtures.window(floor, start: 1140, party: 2)
        let request = QuoteRequest(
            booking: "B1", partySize: 2, window: window,
            strategy: Strategy(label: "relaxed-x5", requireAdjacency: false, maxTables: 5), now: 0)
        let first = Allocator().offeredSets(request, floor: floor, occupancy: Occupancy(tableCount: 200))
        let second = Allocator().offeredSets(request, floor: floor, occupancy: Occupancy(tableCount: 200))
        #expect(first.limitReached && first.sets == second.sets)
        #expect(first.sets.count < Allocator.searchBudget)
        let quote = Allocator().quote(request, floor: floor, occupancy: Occupancy(tableCount: 200), lookAhead: [])
        #expect(quote.searchLimitReached && quote.candidates.count == first.sets.count)
        // Singles only: far under the budget.
        let singles = QuoteRequest(
            booking: "B1", partySize: 2, window: window,
            strategy: Strategy(label: "adjacent-x1", requireAdjacency: true, maxTables: 1), now: 0)
        #expect(
            !Allocator().quote(singles, floor: floor, occupancy: Occupancy(tableCount: 200), lookAhead: [])
                .searchLimitReached)
    }

    @Test func theOraclePrunesByCapacityAndStopsAtItsBudget() {
        let floor = SearchBudgetTests.crowded
        // Party 2, spare seats up to 4: at most three two-seat tables. Pruned by capacity, the
        // enumeration finishes: 200 + C(200,2) + C(200,3) sets.
        let two = CoverageOracle.feasibleSets(
            partySize: 2, window: Fixtures.window(floor, start: 1140, party: 2), booking: "B1", now: 0,
            floor: floor, occupancy: Occupancy(tableCount: 200), maxTables: 5)
        #expect(!two.limitReached && two.sets.count == 200 + 19_900 + 1_313_400)
        // Party 8 (up to 12 seats: six tables, more than max-tables 5 allows): C(200,4) and C(200,5)
        // subsets are far beyond the budget.
        let eight = CoverageOracle.feasibleSets(
            partySize: 8, window: Fixtures.window(floor, start: 1140, party: 8), booking: "B1", now: 0,
            floor: floor, occupancy: Occupancy(tableCount: 200), maxTables: 5)
        #expect(eight.limitReached)
        #expect(zip(eight.sets, eight.sets.dropFirst()).allSatisfy { $0 < $1 })
    }
}
