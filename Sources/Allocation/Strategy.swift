/// How hard the allocator may look: at most `maxTables` tables, connected in the adjacency graph
/// when `requireAdjacency`.
public struct Strategy: Equatable, Sendable {
    public var label: String
    public var requireAdjacency: Bool
    public var maxTables: Int

    public init(label: String, requireAdjacency: Bool, maxTables: Int) {
        self.label = label
        self.requireAdjacency = requireAdjacency
        self.maxTables = maxTables
    }

    /// The label of a booking seated on its tables of the real floor (`--prefill real`): the
    /// restaurant placed it, not a strategy, so zones, adjacency and the table count are not
    /// checked (covering the party and never overlapping still are).
    public static let realFloorLabel = "real-floor"

    /// The accepted range of `--max-tables`.
    public static let maxTablesRange = 1...5

    /// The original loop's order: `adjacent-x1`...`adjacent-xN`, then `relaxed-x1`...`relaxed-xN`.
    public static func legacyOrder(maxTables: Int) -> [Strategy] {
        let adjacent = (1...maxTables).map { Strategy(label: "adjacent-x\($0)", requireAdjacency: true, maxTables: $0) }
        let relaxed = (1...maxTables).map { Strategy(label: "relaxed-x\($0)", requireAdjacency: false, maxTables: $0) }
        return adjacent + relaxed
    }

    /// A strategy from the label events carry (`adjacent-xN` or `relaxed-xN`), or nil.
    public init?(label: String) {
        // The common labels without splitting strings (this runs for every hold).
        let bytes = label.utf8
        if bytes.count == 10 || bytes.count == 11, let last = bytes.last, (49...53).contains(last) {
            let maxTables = Int(last - 48)
            if bytes.count == 11 && label.hasPrefix("adjacent-x") {
                self.init(label: label, requireAdjacency: true, maxTables: maxTables)
                return
            }
            if bytes.count == 10 && label.hasPrefix("relaxed-x") {
                self.init(label: label, requireAdjacency: false, maxTables: maxTables)
                return
            }
        }
        let parts = label.split(separator: "-")
        guard parts.count == 2, parts[1].hasPrefix("x"), let maxTables = Int(parts[1].dropFirst()),
            Self.maxTablesRange.contains(maxTables)
        else { return nil }
        switch parts[0] {
        case "adjacent": self.init(label: label, requireAdjacency: true, maxTables: maxTables)
        case "relaxed": self.init(label: label, requireAdjacency: false, maxTables: maxTables)
        default: return nil
        }
    }
}
