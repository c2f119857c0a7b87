import CanonicalJSON

public struct CoverageMeasured: Equatable, Sendable {
    public var feasible: Int
    public var quoted: Int
    public var quotedFeasible: Int
    public var phantomUnavailable: Bool
    public var unsound: [[String]]
    /// The first few feasible sets the allocator did not offer.
    public var missed: [[String]]
    public var missedCount: Int

    public static let listedMisses = 5

    public init(feasible: Int, quoted: Int, quotedFeasible: Int, phantomUnavailable: Bool, unsound: [[String]], missed: [[String]], missedCount: Int) {
        self.feasible = feasible
        self.quoted = quoted
        self.quotedFeasible = quotedFeasible
        self.phantomUnavailable = phantomUnavailable
        self.unsound = unsound
        self.missed = missed
        self.missedCount = missedCount
    }
}

extension CoverageMeasured: EventPayload {
    public static let type = "coverage.measured"
    public var body: EventBody { .coverageMeasured(self) }

    public func encode(into w: inout JSONWriter) {
        w.field("feasible", feasible); w.field("quoted", quoted); w.field("quoted_feasible", quotedFeasible)
        w.field("phantom_unavailable", phantomUnavailable)
        w.key("unsound"); w.stringSets(unsound)
        w.key("missed"); w.stringSets(missed)
        w.field("missed_count", missedCount)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> CoverageMeasured {
        CoverageMeasured(feasible: try p.int("feasible"), quoted: try p.int("quoted"), quotedFeasible: try p.int("quoted_feasible"),
                         phantomUnavailable: try p.bool("phantom_unavailable"), unsound: try p.stringSets("unsound"),
                         missed: try p.stringSets("missed"), missedCount: try p.int("missed_count"))
    }

    public var summary: String {
        "oracle: \(quotedFeasible) of \(feasible) feasible sets quoted" + (phantomUnavailable ? ", PHANTOM UNAVAILABLE" : "")
            + (unsound.isEmpty ? "" : ", \(unsound.count) unsound")
    }
}
