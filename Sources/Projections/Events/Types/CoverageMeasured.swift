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

    public func encode(into writer: inout JSONWriter) {
        writer.field("feasible", feasible); writer.field("quoted", quoted); writer.field("quoted_feasible", quotedFeasible)
        writer.field("phantom_unavailable", phantomUnavailable)
        writer.key("unsound"); writer.stringSets(unsound)
        writer.key("missed"); writer.stringSets(missed)
        writer.field("missed_count", missedCount)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> CoverageMeasured {
        CoverageMeasured(feasible: try cursor.int("feasible"), quoted: try cursor.int("quoted"), quotedFeasible: try cursor.int("quoted_feasible"),
                         phantomUnavailable: try cursor.bool("phantom_unavailable"), unsound: try cursor.stringSets("unsound"),
                         missed: try cursor.stringSets("missed"), missedCount: try cursor.int("missed_count"))
    }

    public var summary: String {
        "oracle: \(quotedFeasible) of \(feasible) feasible sets quoted" + (phantomUnavailable ? ", PHANTOM UNAVAILABLE" : "")
            + (unsound.isEmpty ? "" : ", \(unsound.count) unsound")
    }
}
