import Allocation
import Projections

/// The rules an outside engine's offer must keep before the run will hold it. The raw value is
/// the rule named in `quote.issued` (docs/engine-protocol.md).
public enum OfferRule: String, CaseIterable, Error, Sendable {
    case empty
    case unknownTable = "unknown_table"
    case duplicateTable = "duplicate_table"
    case inactiveTable = "inactive_table"
    case mixedZones = "mixed_zones"
    case tooManyTables = "too_many_tables"
    case capacity
    case spareSeats = "spare_seats"
    case notAdjacent = "not_adjacent"
    case busy
}

/// Checks offers against the floor, the strategy and what is busy: replay never trusts an offer.
enum OfferCheck {
    /// The candidate an offer stands for, or the first rule it breaks.
    static func check(_ offer: EngineOffers.Offer, question: EngineQuestion) -> Result<Candidate, OfferRule> {
        let floor = question.floor
        let request = question.request
        guard !offer.tables.isEmpty else { return .failure(.empty) }
        // Rules in their documented order: every id known first, then no id twice.
        var set = TableSet()
        var repeated = false
        for id in offer.tables {
            guard let index = floor.index(ofTable: id) else { return .failure(.unknownTable) }
            if set.contains(index) { repeated = true } else { set.insert(index) }
        }
        if repeated { return .failure(.duplicateTable) }
        if set.contains(where: { !floor.tables[$0].active }) { return .failure(.inactiveTable) }
        if let first = set.first, set.contains(where: { floor.zoneOfTable[$0] != floor.zoneOfTable[first] }) {
            return .failure(.mixedZones)
        }
        if set.count > request.strategy.maxTables { return .failure(.tooManyTables) }
        let capacity = floor.capacity(of: set)
        if set.count == 1, let index = set.first {
            let table = floor.tables[index]
            if request.partySize > table.maxCovers { return .failure(.capacity) }
            if request.partySize < table.minCovers { return .failure(.spareSeats) }
        } else {
            if capacity < request.partySize { return .failure(.capacity) }
            if capacity > request.partySize + floor.restaurant.maxOverage { return .failure(.spareSeats) }
        }
        let depth = set.count == 1 ? 0 : floor.adjacencyDepth(of: set)
        if request.strategy.requireAdjacency && depth == nil { return .failure(.notAdjacent) }
        let occupancy = question.occupancy
        if set.contains(where: {
            occupancy.blocker(table: $0, window: request.window, booking: request.booking, now: request.now) != nil
        }) {
            return .failure(.busy)
        }
        return .success(
            Candidate(
                tables: set, capacity: capacity, spareSeats: capacity - request.partySize,
                depth: depth ?? set.count, score: offer.score ?? 0))
    }

    /// All offers checked: the sound ones as candidates in the engine's order, the others with their rule.
    static func check(_ offers: EngineOffers, question: EngineQuestion) -> (
        candidates: [Candidate], unsound: [UnsoundAnswer]
    ) {
        var candidates: [Candidate] = []
        var unsound: [UnsoundAnswer] = []
        for offer in offers.candidates {
            switch check(offer, question: question) {
            case .success(let candidate): candidates.append(candidate)
            case .failure(let rule): unsound.append(UnsoundAnswer(tables: offer.tables, rule: rule.rawValue))
            }
        }
        return (candidates, unsound)
    }
}
