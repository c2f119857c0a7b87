import Allocation

/// The built-in `default` scenario: the original system's stress day rebuilt with our seeded
/// generator (its own was unseeded, so its floors are lost), with the realised day's exact
/// marginals: 5 restaurants, 90 tables, 77 adjacent pairs, 105 bookings (per restaurant, party
/// size, start hour and service type as in reference/original-system.md). Built by code, so the
/// binary needs no resource file; `scenarios/default.json` in the repository is its printout and
/// a test keeps the two equal.
public enum DefaultScenario {
    public static let name = "default"
    public static let date = "2025-11-08"
    static let seed: UInt64 = 20_251_108
    public static let adjacentPairs = 77

    public static func make() -> Scenario {
        var generator = SplitMix64(seed: seed, stream: .scenarioGenerator)
        var plans: [RestaurantPlan] = []
        for number in 1...5 {
            let slug = FloorGenerator.slug(number: number)
            let kind = FloorGenerator.kinds[number - 1]
            let tables = FloorGenerator.tables(
                kind: kind, firstNumber: (number - 1) * 18 + 1, width: 3, using: &generator)
            plans.append(
                RestaurantPlan(restaurant: FloorGenerator.restaurant(slug: slug), tables: tables, adjacency: []))
        }
        // The realised day had 77 pairs: draw exactly 77 of the same-zone pairs, uniformly
        // (the p = 0.3 independent draw, conditioned on its total).
        var candidates = plans.flatMap { FloorGenerator.sameZonePairs($0.tables) }
        generator.shuffle(&candidates)
        let chosen = Array(candidates.prefix(adjacentPairs))
        for index in plans.indices {
            let ids = Set(plans[index].tables.map(\.id))
            plans[index].adjacency = chosen.filter { ids.contains($0.first) }.sorted {
                ($0.first, $0.second) < ($1.first, $1.second)
            }
        }
        return Scenario(name: name, date: date, restaurants: plans, bookings: bookings(using: &generator))
    }

    /// Bookings with the exact marginals, drawn jointly by shuffling each marginal's list.
    static func bookings(using generator: inout SplitMix64) -> [ScenarioBooking] {
        var restaurants = repeated([
            ("cafe-3", 30), ("pub-1", 23), ("finedining-5", 20), ("finedining-4", 19), ("pub-2", 13)
        ])
        var parties = repeated([(2, 45), (3, 11), (4, 31), (6, 14), (8, 4)])
        var starts = startMinutes(using: &generator)
        generator.shuffle(&restaurants)
        generator.shuffle(&parties)
        generator.shuffle(&starts)
        let drafts = (0..<105).map { (start: starts[$0], restaurant: restaurants[$0], party: parties[$0]) }
            .sorted { ($0.start, $0.restaurant, $0.party) < ($1.start, $1.restaurant, $1.party) }
        return drafts.enumerated().map { index, draft in
            ScenarioBooking(
                id: FloorGenerator.tableID(index + 1, width: 3).replacingFirst("T", with: "B"),
                restaurant: draft.restaurant, startMinute: draft.start, partySize: draft.party)
        }
    }

    /// Start times with the realised hour counts (11: 2, 12: 11, 13: 13, 14: 2, 15: 7, 16: 3,
    /// 18: 22, 19: 27, 20: 18) and types (lunch 32, drinks 7, dinner 66 by the original's rule:
    /// before 15:30 lunch, 15:30-18:00 drinks, after dinner): four 15:xx starts before 15:30, three
    /// after, and one booking at 18:00 sharp. Minutes on 5-minute marks; 11:xx from 11:45 (the
    /// generator's lunch draw started there).
    static func startMinutes(using generator: inout SplitMix64) -> [Int] {
        var starts: [Int] = []
        func draw(hour: Int, count: Int, minutes: ClosedRange<Int>) {
            for _ in 0..<count {
                let steps = (minutes.upperBound - minutes.lowerBound) / 5 + 1
                starts.append(hour * 60 + minutes.lowerBound + 5 * generator.below(steps))
            }
        }
        draw(hour: 11, count: 2, minutes: 45...55)
        draw(hour: 12, count: 11, minutes: 0...55)
        draw(hour: 13, count: 13, minutes: 0...55)
        draw(hour: 14, count: 2, minutes: 0...55)
        draw(hour: 15, count: 4, minutes: 0...25)
        draw(hour: 15, count: 3, minutes: 30...55)
        draw(hour: 16, count: 3, minutes: 0...55)
        draw(hour: 18, count: 1, minutes: 0...0)
        draw(hour: 18, count: 21, minutes: 5...55)
        draw(hour: 19, count: 27, minutes: 0...55)
        draw(hour: 20, count: 18, minutes: 0...55)
        return starts
    }

    static func repeated<T>(_ counts: [(T, Int)]) -> [T] {
        counts.flatMap { Array(repeating: $0.0, count: $0.1) }
    }
}

extension String {
    func replacingFirst(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
