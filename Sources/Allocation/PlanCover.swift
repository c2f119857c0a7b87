/// Whether a small set of tables meets every plan of a list, answered by counting instead of by
/// visiting each plan: the plans that avoid a candidate `c` are all of them minus those holding
/// some table of `c`, and by inclusion and exclusion that count needs, for every non-empty subset
/// `S` of `c`, the number of plans holding all of `S`. Each plan (at most `maxMembers` tables)
/// adds one to each of its own subsets, once. The answer is exactly the visit's.
struct PlanCover {
    /// Plans × candidates above which the look-ahead counts rather than visits.
    static let directChecks = 4_000_000
    /// The largest plan and candidate counted (`--max-tables` is at most 5).
    static let maxMembers = 5

    private let planCount: Int
    /// Plans holding every table of the key (a non-empty subset of some plan). Looked up only,
    /// never iterated, so its order reaches nothing.
    private var holding: [TableSet: Int] = [:]

    /// Nil when a plan has more than `maxMembers` tables (then plans are visited).
    init?(_ plans: [TableSet]) {
        planCount = plans.count
        for (position, plan) in plans.enumerated() {
            // Cut short on SIGINT/SIGTERM: the counts are then wrong, and never recorded (`SearchStop`).
            if SearchStop.requested(atStep: position) { break }
            let members = Array(plan)
            guard members.count <= Self.maxMembers else { return nil }
            for mask in 1..<(1 << members.count) { holding[Self.subset(members, mask), default: 0] += 1 }
        }
    }

    /// True when `tables` meets every plan (no plan avoids it); nil for a candidate of more than
    /// `maxMembers` tables.
    func meetsEveryPlan(_ tables: TableSet) -> Bool? {
        let members = Array(tables)
        guard members.count <= Self.maxMembers else { return nil }
        var meeting = 0
        for mask in 1..<(1 << members.count) {
            let holdingAll = holding[Self.subset(members, mask)] ?? 0
            meeting += mask.nonzeroBitCount % 2 == 1 ? holdingAll : -holdingAll
        }
        return meeting == planCount
    }

    private static func subset(_ members: [Int], _ mask: Int) -> TableSet {
        var subset = TableSet()
        for bit in members.indices where mask & (1 << bit) != 0 { subset.insert(members[bit]) }
        return subset
    }
}
