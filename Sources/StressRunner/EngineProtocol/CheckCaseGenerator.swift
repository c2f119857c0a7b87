import Allocation

/// The generated cases of `engine check --cases N --seed S`: small floors built to break
/// allocators where they usually break. Each case is drawn from its own stream (the seed and its
/// number), so case 17 of seed 1 is the same whatever `--cases` says, and the feasible sets come
/// from the coverage oracle at the folded state, not from a list worked out by hand.
///
/// What the draws cover: sets of 1 to 5 tables (a party sized from chosen tables), minimums above
/// 1, one to three zones, adjacency from none to complete (chains, stars and cycles in shuffled
/// order, random pairs, isolated tables), inactive tables, spare seats exactly at the limit and
/// one past it, busy windows that overlap, contain, lie inside, touch at either end or lie within
/// the buffer of the booking's window, holds beside assignments, pending bookings, services past
/// midnight, and every strategy up to five tables.
public struct CheckCaseGenerator: Sendable {
    public var seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// The one service of every generated restaurant: 10:00 to 04:00 the next morning, so
    /// windows may lie across midnight.
    static let service = ServicePeriod(name: "all-day", startMinute: 10 * 60, endMinute: 28 * 60)
    static let zoneNames = ["main", "terrace", "Salle Été"]
    static let capacities = [1, 2, 2, 2, 3, 4, 4, 4, 5, 6, 6, 8, 8, 10]

    /// How a busy window lies against the booking's window `[start, end)` (buffer `b`).
    enum Relation: CaseIterable {
        case overlaps, contains, inside, touchesStart, touchesEnd, withinBufferBefore, withinBufferAfter, apart
    }

    /// Case `number` (from 0) of this seed.
    public func make(_ number: Int) -> EngineCheck.Case {
        var random = SplitMix64(seed: seed &+ UInt64(number) &* 0x9E37_79B9_7F4A_7C15, stream: .engineCheck)
        let buffer = [0, 5, 10, 15][random.below(4)]
        let restaurant = Restaurant(
            slug: "gen-\(seed)-\(number + 1)", services: [Self.service],
            turnMinutes: TurnTable([(2, 60), (4, 90), (8, 120)]),
            bufferMinutes: buffer, maxOverage: random.below(5))
        // Zones of 1 to 7 tables, their tables named by zone letter and number.
        var tables: [Table] = []
        var zones: [[String]] = []
        for zone in 0..<(1 + random.below(3)) {
            var members: [String] = []
            for number in 1...(1 + random.below(7)) {
                let id = "\(["A", "B", "C"][zone])\(number)"
                let max = Self.capacities[random.below(Self.capacities.count)]
                let min =
                    random.chance(7, in: 10)
                    ? 1 : random.chance(2, in: 3) ? Swift.max(1, max - 1) : 1 + random.below(max)
                tables.append(
                    Table(
                        id: id, zone: Self.zoneNames[zone], minCovers: min, maxCovers: max,
                        active: !random.chance(1, in: 12)))
                members.append(id)
            }
            zones.append(members)
        }
        let adjacency = zones.flatMap { Self.adjacency(of: $0, random: &random) }
        // The party, sized from k chosen tables of one zone: at the spare-seat limit, one past it, or below.
        let setSize = 1 + random.below(5)
        let zone = zones[random.below(zones.count)]
        let chosen = Self.shuffled(zone, random: &random).prefix(setSize)
        let seats = chosen.reduce(0) { total, id in total + (tables.first { $0.id == id }?.maxCovers ?? 0) }
        var party = Swift.max(1, seats - random.below(restaurant.maxOverage + 2))
        switch random.below(10) {
        case 0, 1: party = 1 + random.below(Swift.max(1, seats))
        case 2: party = 1 + random.below(3)  // small parties: members' minimums above the party
        default: break
        }
        let maxTables = Swift.min(
            EngineCheck.floorMaxTables, Swift.max(chosen.count, 1 + random.below(EngineCheck.floorMaxTables)))
        let adjacent = random.chance(1, in: 2)
        let strategy = Strategy(
            label: "\(adjacent ? "adjacent" : "relaxed")-x\(maxTables)", requireAdjacency: adjacent,
            maxTables: maxTables)
        // The booking: mostly the evening, one in seven after midnight.
        let start = random.chance(1, in: 7) ? 24 * 60 + random.below(90) : 17 * 60 + random.below(5 * 60)
        let duration = 60 + 15 * random.below(5)
        let end = start + duration + buffer
        var occupied: [EngineCheck.Case.Occupation] = []
        for _ in 0..<random.below(5) {
            let pool = random.chance(7, in: 10) ? zone : zones[random.below(zones.count)]
            let members = Array(Self.shuffled(pool, random: &random).prefix(1 + random.below(2)))
            let length = 45 + 15 * random.below(6)
            let relation = Relation.allCases[random.below(Relation.allCases.count)]
            guard
                let (otherStart, otherLength) = Self.place(
                    relation, start: start, end: end, buffer: buffer, length: length, random: &random),
                otherStart >= Self.service.startMinute, otherStart + otherLength <= Self.service.endMinute
            else { continue }
            let otherEnd = otherStart + otherLength + buffer
            // Two occupations never overlap on a table (the run's own invariant).
            let clashes = occupied.contains { other in
                !Set(other.tables).isDisjoint(with: members)
                    && other.start < otherEnd && otherStart < other.start + (other.durationMinutes ?? 0) + buffer
            }
            if clashes { continue }
            occupied.append(
                EngineCheck.Case.Occupation(
                    start: otherStart, durationMinutes: otherLength, party: 1, tables: members,
                    confirmed: random.chance(7, in: 10)))
        }
        let waiting = (0..<random.below(3)).compactMap { _ -> EngineCheck.Case.Waiting? in
            let otherStart = start + random.below(150)
            let length = 60 + 15 * random.below(4)
            guard otherStart + length <= Self.service.endMinute else { return nil }
            return EngineCheck.Case.Waiting(start: otherStart, durationMinutes: length, party: 1 + random.below(6))
        }
        return EngineCheck.Case(
            name: "gen-\(number + 1)", purpose: "generated case \(number + 1) of seed \(seed)", restaurant: restaurant,
            tables: tables, adjacency: adjacency, occupied: occupied, waiting: waiting, party: party, start: start,
            durationMinutes: duration, strategy: strategy, feasible: nil)
    }

    /// A zone's adjacency pairs: none, a chain, a star, a cycle (each over the tables in a
    /// shuffled order, so a walk in id order is not a walk along the pairs), every pair, random
    /// pairs, or a chain that leaves one table without neighbours.
    static func adjacency(of members: [String], random: inout SplitMix64) -> [AdjacencyPair] {
        guard members.count > 1 else { return [] }
        let order = shuffled(members, random: &random)
        let chain = zip(order, order.dropFirst()).map { AdjacencyPair($0, $1) }
        switch random.below(7) {
        case 0: return []
        case 1: return chain
        case 2: return order.dropFirst().map { AdjacencyPair(order[0], $0) }
        case 3: return order.count > 2 ? chain + [AdjacencyPair(order[order.count - 1], order[0])] : chain
        case 4:
            return members.indices.flatMap { i in
                members.indices.filter { $0 > i }.map { AdjacencyPair(members[i], members[$0]) }
            }
        case 5:
            return members.indices.flatMap { i in members.indices.filter { $0 > i }.map { (i, $0) } }
                .filter { _ in random.chance(2, in: 5) }.map { AdjacencyPair(members[$0.0], members[$0.1]) }
        default: return Array(chain.dropLast())
        }
    }

    /// Where a busy seating of `length` minutes starts to lie in `relation` to `[start, end)`;
    /// nil when the relation cannot be drawn here (a window too short to hold another).
    static func place(_ relation: Relation, start: Int, end: Int, buffer: Int, length: Int, random: inout SplitMix64)
        -> (Int, Int)?
    {
        let span = length + buffer
        switch relation {
        case .overlaps: return (start - span + 1 + random.below(end - start + span - 1), length)
        case .contains: return (start - 1 - random.below(10), end - start + 1 + random.below(20) + 10)
        case .inside:
            let room = end - start - buffer - 15
            return room > 0 ? (start + random.below(room), 15) : nil
        case .touchesStart: return (start - span, length)
        case .touchesEnd: return (end, length)
        case .withinBufferBefore: return (start - span - 1 - random.below(Swift.max(1, buffer)), length)
        case .withinBufferAfter: return (end + 1 + random.below(Swift.max(1, buffer)), length)
        case .apart: return (end + buffer + 30 + random.below(60), length)
        }
    }

    static func shuffled(_ items: [String], random: inout SplitMix64) -> [String] {
        var items = items
        for index in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(index, random.below(index + 1)) }
        return items
    }
}
