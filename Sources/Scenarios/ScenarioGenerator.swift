import Allocation

/// `replay scenario generate`: larger days of the same shape as the default, for scale runs.
/// Per restaurant 3 zones of 6 tables (as the default; `zones` and `tablesPerZone` make bigger venues), each same-zone pair adjacent with
/// probability 0.3, bookings spread uniformly over restaurants, drawn by `Mix` (docs/scenarios.md).
public enum ScenarioGenerator {
    /// How bookings are drawn.
    public enum Mix: String, CaseIterable, Sendable {
        /// Like a real day (the default): parties of 1-2 62% of bookings, arrivals peaking at 13:00
        /// and 19:30, a stay that grows with the party, and every booking's stay inside its service
        /// unless `make`'s `overrunPerMille` (`--overrun-rate`) says otherwise.
        case realistic
        /// The draw every generated day had before 0.3: the original system's party-size mix (2:
        /// 45, 3: 11, 4: 31, 6: 14, 8: 4 of 105), its time draw (30% 11:45 + U[0,165) min, 10%
        /// 15:00 + U[0,120), 60% 18:00 + U[0,180), on 5-minute marks) and 90 + U[0,60) min stays,
        /// regardless of the service: most of its failures were overruns. Kept so that a figure
        /// measured on such a day can be measured again.
        case original
    }

    public static let maximumRestaurants = 10_000

    /// Zones per restaurant and tables per zone of a generated floor: a venue's size is their
    /// product, at most `TableSet.capacity`.
    public static let zonesRange = 1...FloorGenerator.maximumZones
    public static let tablesPerZoneRange = 1...TableSet.capacity
    /// The default's floor: 3 zones of 6 tables.
    public static let defaultZones = 3
    public static let defaultTablesPerZone = 6

    /// `zones` and `tablesPerZone` [3 and 6, the default's floor]: larger venues (10 zones of 40
    /// is a 400-table hall). The defaults give the same scenario as before they existed.
    /// `overrunPerMille`: with `.realistic`, the share of bookings (in thousandths, 0...1000) placed on
    /// purpose so that their stay runs past their service's end by 5-30 minutes.
    /// `editPerMille`, `cancelPerMille` (`--edit-rate`, `--cancel-rate`): `changes` drawn by
    /// `ChangeDraw` from a stream of their own, so the day itself is the same as without them.
    public static func make(
        restaurants: Int, bookings: Int, seed: UInt64, zones: Int = defaultZones,
        tablesPerZone: Int = defaultTablesPerZone, mix: Mix = .realistic, overrunPerMille: Int = 0,
        editPerMille: Int = 0, cancelPerMille: Int = 0
    ) -> Scenario {
        var generator = SplitMix64(seed: seed, stream: .scenarioGenerator)
        let perRestaurant = zones * tablesPerZone
        let tableCount = restaurants * perRestaurant
        let tableWidth = max(3, String(tableCount).count)
        var plans: [RestaurantPlan] = []
        for number in 1...restaurants {
            let kind = FloorGenerator.kinds[(number - 1) % FloorGenerator.kinds.count]
            let tables = FloorGenerator.tables(
                kind: kind, firstNumber: (number - 1) * perRestaurant + 1, width: tableWidth, zones: zones,
                tablesPerZone: tablesPerZone, using: &generator)
            let adjacency = FloorGenerator.sameZonePairs(tables).filter { _ in generator.chance(3, in: 10) }
            plans.append(
                RestaurantPlan(
                    restaurant: FloorGenerator.restaurant(slug: FloorGenerator.slug(number: number)),
                    tables: tables, adjacency: adjacency))
        }
        let bookingWidth = max(3, String(bookings).count)
        var drafts: [ScenarioBooking] = []
        drafts.reserveCapacity(bookings)
        for _ in 0..<bookings {
            let restaurant = plans[generator.below(restaurants)].restaurant.slug
            switch mix {
            case .original:
                drafts.append(
                    ScenarioBooking(
                        id: "", restaurant: restaurant, startMinute: startMinute(using: &generator),
                        partySize: partySize(using: &generator), durationMinutes: 90 + generator.below(60)))
            case .realistic:
                drafts.append(
                    realisticBooking(restaurant: restaurant, overrunPerMille: overrunPerMille, using: &generator))
            }
        }
        drafts.sort { ($0.startMinute, $0.restaurant) < ($1.startMinute, $1.restaurant) }
        for index in drafts.indices {
            drafts[index].id = FloorGenerator.tableID(index + 1, width: bookingWidth).replacingFirst("T", with: "B")
        }
        let floorSize =
            zones == defaultZones && tablesPerZone == defaultTablesPerZone ? "" : "-z\(zones)x\(tablesPerZone)"
        let drawn = mix == .original ? "-original" : overrunPerMille > 0 ? "-o\(overrunPerMille)" : ""
        let changed = editPerMille + cancelPerMille > 0 ? "-e\(editPerMille)c\(cancelPerMille)" : ""
        var scenario = Scenario(
            name: "generated-r\(restaurants)-b\(bookings)-s\(seed)" + floorSize + drawn + changed,
            date: DefaultScenario.date, restaurants: plans, bookings: drafts)
        if editPerMille + cancelPerMille > 0 {
            scenario.changes = changes(
                of: scenario, seed: seed, editPerMille: editPerMille, cancelPerMille: cancelPerMille)
        }
        return scenario
    }

    /// Changes drawn for a scenario's bookings of its date (`ChangeDraw`, `scenario generate` and
    /// `scenario change`), one draw per booking in the scenario's order: a moved start stays inside
    /// the booking's service with its seating, and after the time the edit is asked. Bookings that
    /// already have a change are left as they are.
    public static func changes(of scenario: Scenario, seed: UInt64, editPerMille: Int, cancelPerMille: Int)
        -> [ScenarioChange]
    {
        var random = SplitMix64(seed: seed, stream: .changes)
        // Look-ups only (never iterated).
        var restaurants: [String: Restaurant] = [:]
        for plan in scenario.restaurants { restaurants[plan.restaurant.slug] = plan.restaurant }
        let changed = Set(scenario.changes.map(\.booking))  // membership only
        var changes: [ScenarioChange] = []
        for booking in scenario.bookings where (booking.date ?? scenario.date) == scenario.date {
            let lead = ChangeDraw.leadMinutes(cancel: false, random: &random)
            let cancelLead = ChangeDraw.leadMinutes(cancel: true, random: &random)
            guard let restaurant = restaurants[booking.restaurant], !changed.contains(booking.id) else { continue }
            let period = restaurant.services.first { $0.contains(minute: booking.startMinute) }
            // The seating must end by the service's end (the buffer may run past it), as a window's rule.
            let stay =
                booking.durationMinutes ?? restaurant.turnMinutes(forParty: booking.partySize, at: booking.startMinute)
                ?? 90
            let service = period.flatMap { period in
                period.startMinute <= period.endMinute - stay ? period.startMinute...(period.endMinute - stay) : nil
            }
            let editAt = max(0, booking.startMinute - lead)
            switch ChangeDraw.decide(
                partySize: booking.partySize, startMinute: booking.startMinute, service: service, earliest: editAt,
                editPerMille: editPerMille, cancelPerMille: cancelPerMille, random: &random)
            {
            case .keep: continue
            case .cancel:
                changes.append(
                    ScenarioChange(
                        booking: booking.id, restaurant: booking.restaurant,
                        atMinute: max(0, booking.startMinute - cancelLead), kind: .cancel))
            case let .edit(party, start):
                changes.append(
                    ScenarioChange(
                        booking: booking.id, restaurant: booking.restaurant, atMinute: editAt, kind: .edit,
                        partySize: party, startMinute: start))
            }
        }
        return changes
    }

    /// Parties of 1: 6, 2: 56, 3: 11, 4: 17, 5: 3, 6: 5, 7: 1, 8: 1 in 100 (1-2 together 62%).
    static func realisticPartySize(using generator: inout SplitMix64) -> Int {
        let draw = generator.below(100)
        return draw < 6
            ? 1 : draw < 62 ? 2 : draw < 73 ? 3 : draw < 90 ? 4 : draw < 93 ? 5 : draw < 98 ? 6 : draw < 99 ? 7 : 8
    }

    /// Minutes a party stays: 75-105 for 1-2, 90-120 for 3-4, 105-150 for 5 and more, on
    /// 5-minute marks, uniform within each band.
    static func realisticStay(party: Int, using generator: inout SplitMix64) -> Int {
        party <= 2
            ? 75 + 5 * generator.below(7) : party <= 4 ? 90 + 5 * generator.below(7) : 105 + 5 * generator.below(10)
    }

    /// One booking of a realistic day: 35% at lunch, the arrival the sum of two uniform draws
    /// (a triangle from 12:00 to 14:00 peaking at 13:00), 65% at dinner (18:00 to 21:00, peaking
    /// at 19:30), on 5-minute marks; then moved earlier, if need be, so that its stay ends by its
    /// service's end (lunch 15:00, dinner 22:00) less the 5-minute buffer. With `overrunPerMille`
    /// it is instead placed so that its stay runs 5-30 minutes past that end.
    static func realisticBooking(restaurant: String, overrunPerMille: Int, using generator: inout SplitMix64)
        -> ScenarioBooking
    {
        let party = realisticPartySize(using: &generator)
        let stay = realisticStay(party: party, using: &generator)
        let lunch = generator.below(100) < 35
        let opening: Int = lunch ? 720 : 1080
        let peakSpread: Int = lunch ? 12 : 18
        let closing: Int = lunch ? 900 : 1320
        var start = opening + 5 * (generator.below(peakSpread + 1) + generator.below(peakSpread + 1))
        let latest = closing - FloorGenerator.bufferMinutes - stay
        if generator.below(1000) < overrunPerMille {
            start = closing - stay + 5 * (1 + generator.below(6))
        } else if start > latest {
            start = latest - latest % 5
        }
        return ScenarioBooking(
            id: "", restaurant: restaurant, startMinute: start, partySize: party, durationMinutes: stay)
    }

    static func partySize(using generator: inout SplitMix64) -> Int {
        let draw = generator.below(105)
        return draw < 45 ? 2 : draw < 56 ? 3 : draw < 87 ? 4 : draw < 101 ? 6 : 8
    }

    static func startMinute(using generator: inout SplitMix64) -> Int {
        let draw = generator.below(10)
        if draw < 3 { return 11 * 60 + 45 + 5 * generator.below(33) }
        if draw < 4 { return 15 * 60 + 5 * generator.below(24) }
        return 18 * 60 + 5 * generator.below(36)
    }
}
