/// Rule variants an engine applies on purpose, declared in its hello (docs/engine-protocol.md,
/// "Declared rules"). Each one narrows what a complete engine offers; the coverage oracle then
/// counts the sets a declared rule excludes apart from the sets the engine misses against its
/// own rules (a search defect). An engine that declares nothing is judged by replay's rules alone.
public struct DeclaredRules: Equatable, Sendable {
    /// One variant, by the name an engine's hello gives it.
    public enum Rule: String, CaseIterable, Sendable {
        /// A table with no adjacency pair at all is never used, alone or in a combination.
        case isolatedTablesUnused
        /// Every member of a combination needs `min <= party` (replay checks minimums only for
        /// single tables).
        case memberMinimums
        /// A single table needs `max <= party + maxOverage` too (replay applies the spare-seat
        /// limit only to combinations).
        case singleSpareSeats
        /// At most `maxCandidates` candidates per answer: an answer that holds that many sound
        /// candidates may leave out every other feasible set.
        case maxCandidates
    }

    public var isolatedTablesUnused = false
    public var memberMinimums = false
    public var singleSpareSeats = false
    /// The most candidates an answer holds, when the engine declares a cap.
    public var maxCandidates: Int?

    /// The largest cap an engine may declare (a larger one would never bind on a floor replay runs).
    public static let maximumCandidatesRange = 1...1_000_000

    public init(
        isolatedTablesUnused: Bool = false, memberMinimums: Bool = false, singleSpareSeats: Bool = false,
        maxCandidates: Int? = nil
    ) {
        self.isolatedTablesUnused = isolatedTablesUnused
        self.memberMinimums = memberMinimums
        self.singleSpareSeats = singleSpareSeats
        self.maxCandidates = maxCandidates
    }

    /// The variants a hello declares by name in `rules` (the cap is a number of its own, `maxCandidates`).
    public static let named: [Rule] = [.isolatedTablesUnused, .memberMinimums, .singleSpareSeats]

    /// Declares a variant by its name in `rules`; false for a name that is not one of `named`.
    public mutating func declare(_ name: String) -> Bool {
        switch Rule(rawValue: name) {
        case .isolatedTablesUnused: isolatedTablesUnused = true
        case .memberMinimums: memberMinimums = true
        case .singleSpareSeats: singleSpareSeats = true
        case .maxCandidates, nil: return false
        }
        return true
    }

    /// Nothing declared: the engine is judged by replay's rules alone.
    public var isEmpty: Bool { !isolatedTablesUnused && !memberMinimums && !singleSpareSeats && maxCandidates == nil }

    /// The declared variants, in `Rule` order.
    public var declared: [Rule] {
        Rule.allCases.filter { rule in
            switch rule {
            case .isolatedTablesUnused: isolatedTablesUnused
            case .memberMinimums: memberMinimums
            case .singleSpareSeats: singleSpareSeats
            case .maxCandidates: maxCandidates != nil
            }
        }
    }

    /// "isolatedTablesUnused, maxCandidates 50": what was declared, in words.
    public var text: String {
        declared.map { $0 == .maxCandidates ? "maxCandidates \(maxCandidates ?? 0)" : $0.rawValue }.joined(
            separator: ", ")
    }

    /// The first declared rule (in `Rule` order) that keeps this feasible set out of the engine's
    /// offers, or nil. `maxCandidates` is judged per answer, not per set (`CoverageOracle.judge`).
    public func excluding(_ set: TableSet, partySize: Int, floor: Floor) -> Rule? {
        if isolatedTablesUnused, set.contains(where: { floor.adjacency[$0].isEmpty }) { return .isolatedTablesUnused }
        if memberMinimums, set.count > 1, set.contains(where: { floor.tables[$0].minCovers > partySize }) {
            return .memberMinimums
        }
        if singleSpareSeats, set.count == 1, let index = set.first,
            floor.tables[index].maxCovers > partySize + floor.restaurant.maxOverage
        {
            return .singleSpareSeats
        }
        return nil
    }
}
