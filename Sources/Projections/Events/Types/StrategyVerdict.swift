/// The oracle's verdict on the answer to one strategy at a booking's first quote, with the
/// `rejected` counts an outside engine sent with it (nil for the built-in allocator).
public struct StrategyVerdict: Equatable, Sendable {
    public var strategy: String
    public var verdict: OracleVerdict
    public var rejected: [(reason: String, count: Int)]?

    public init(strategy: String, verdict: OracleVerdict, rejected: [(reason: String, count: Int)]?) {
        self.strategy = strategy
        self.verdict = verdict
        self.rejected = rejected
    }

    public static func == (lhs: StrategyVerdict, rhs: StrategyVerdict) -> Bool {
        lhs.strategy == rhs.strategy && lhs.verdict == rhs.verdict
            && lhs.rejected?.map(\.reason) == rhs.rejected?.map(\.reason)
            && lhs.rejected?.map(\.count) == rhs.rejected?.map(\.count)
    }
}
