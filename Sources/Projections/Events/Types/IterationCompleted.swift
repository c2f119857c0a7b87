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

    public func encode(into writer: inout JSONWriter) {
        writer.field("iteration", iteration)
        writer.field("processed", processed)
        writer.field("confirmed", confirmed)
        writer.field("remaining", remaining)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> IterationCompleted {
        IterationCompleted(
            iteration: try cursor.int("iteration", in: EventBounds.maxIterations),
            processed: try cursor.int("processed", in: EventBounds.count),
            confirmed: try cursor.int("confirmed", in: EventBounds.count),
            remaining: try cursor.int("remaining", in: EventBounds.count))
    }

    public var summary: String {
        "pass \(iteration): \(processed) processed, \(confirmed) confirmed, \(remaining) remaining"
    }
}
