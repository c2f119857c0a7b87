import Allocation
import EventLog
import Projections

/// What a report is made from: the folded state of a capture and the capture's own facts. The
/// same for `record` (live state) and `replay report` (state folded from the file), so both write
/// identical reports.
public struct ReportContext: Sendable {
    public var capturePath: String
    public var stem: String
    public var state: RunState
    public var eventCount: Int
    public var headHash: String
    public var toolVersion: String
    public var recordedAt: String
    /// Wall-clock milliseconds the recording took (from `meta.elapsed_ms`; not part of the events).
    public var elapsedMilliseconds: Int?
    public var status: String
    /// Whether the capture is a result: reports of an unfinished one carry a banner and no headline.
    public var condition: CaptureCondition
    /// The best possible day, when asked for (`--optimum`).
    public var optimum: OptimumFigures?

    public init(capturePath: String, stem: String, state: RunState, eventCount: Int, headHash: String, toolVersion: String,
                recordedAt: String, elapsedMilliseconds: Int?, status: String, condition: CaptureCondition = .complete) {
        self.capturePath = capturePath
        self.stem = stem
        self.state = state
        self.eventCount = eventCount
        self.headHash = headHash
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
        self.elapsedMilliseconds = elapsedMilliseconds
        self.status = status
        self.condition = condition
    }

    /// The banner of an unfinished capture, nil for a complete one.
    public var unfinishedBanner: String? {
        guard !condition.isComplete else { return nil }
        let engine = state.engineFailure.map { " The engine failed: \($0.summary)." } ?? ""
        return "Not a result: this capture is \(condition.text).\(engine) It holds \(eventCount) events; the figures below cover only what happened before it stopped, and no success rate is given."
    }

    /// "engine NAME VERSION" for an outside engine, "built-in allocator" otherwise.
    public var engineText: String {
        state.options?.engine.map { "engine \($0.name) \($0.version)" } ?? "built-in allocator"
    }

    /// The restaurants' figures in run order, then the overall row.
    public var rows: [RestaurantMetrics] { state.restaurants.map(\.metrics) + [state.overall] }

    /// Failure reasons of the whole run, sorted by count (descending) then name.
    public var reasons: [ReasonCount] {
        state.overall.reasons.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
    }

    /// Failed and refused bookings in (restaurant order, start, id) order.
    public var unsuccessful: [BookingState] {
        state.bookings.filter { $0.status == .failed || $0.status == .refused }
            .sorted { (state.restaurantPosition($0.restaurant) ?? 0, $0.startMinute, $0.id) < (state.restaurantPosition($1.restaurant) ?? 0, $1.startMinute, $1.id) }
    }
}
