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

    /// The accepted range of `--max-tables`.
    public static let maxTablesRange = 1...5

    /// The original loop's order: `adjacent-x1`...`adjacent-xN`, then `relaxed-x1`...`relaxed-xN`.
    public static func legacyOrder(maxTables: Int) -> [Strategy] {
        let adjacent = (1...maxTables).map { Strategy(label: "adjacent-x\($0)", requireAdjacency: true, maxTables: $0) }
        let relaxed = (1...maxTables).map { Strategy(label: "relaxed-x\($0)", requireAdjacency: false, maxTables: $0) }
        return adjacent + relaxed
    }
}
