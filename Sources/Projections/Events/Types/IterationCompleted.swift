import CanonicalJSON

public struct IterationCompleted: Equatable, Sendable {
    public var iteration: Int
    public var processed: Int
    public var confirmed: Int
    public var remaining: Int
    public init(iteration: Int, processed: Int, confirmed: Int, remaining: Int) {
        self.iteration = iteration
        self.processed = processed
        self.confirmed = confirmed
        self.remaining = remaining
    }
}

extension IterationCompleted: EventPayload {
    public static let type = "iteration.completed"
    public var body: EventBody { .iterationCompleted(self) }

    public func encode(into w: inout JSONWriter) {
        w.field("iteration", iteration); w.field("processed", processed)
        w.field("confirmed", confirmed); w.field("remaining", remaining)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> IterationCompleted {
        IterationCompleted(iteration: try p.int("iteration"), processed: try p.int("processed"),
                           confirmed: try p.int("confirmed"), remaining: try p.int("remaining"))
    }

    public var summary: String { "pass \(iteration): \(processed) processed, \(confirmed) confirmed, \(remaining) remaining" }
}
