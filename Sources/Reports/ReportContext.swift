import Allocation
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

    public init(capturePath: String, stem: String, state: RunState, eventCount: Int, headHash: String, toolVersion: String,
                recordedAt: String, elapsedMilliseconds: Int?, status: String) {
        self.capturePath = capturePath
        self.stem = stem
        self.state = state
        self.eventCount = eventCount
        self.headHash = headHash
        self.toolVersion = toolVersion
        self.recordedAt = recordedAt
        self.elapsedMilliseconds = elapsedMilliseconds
        self.status = status
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
