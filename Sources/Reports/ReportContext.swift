import Allocation
import CanonicalJSON
import EventLog
import Foundation
import Projections
import Synchronization

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
    /// How the HTML report draws the floors (`--floors`).
    public var floors: FloorDrawing = .auto
    /// Why each failed or refused booking was not seated, in `unsuccessful`'s order: explained
    /// once here (a small oracle enumeration each) and read by all three reports.
    public let failures: [FailureExplanation]
    /// Per restaurant (scenario order), its range of `failures`, in (start, id) order; empty
    /// when the context was made without explaining failures.
    public let failureRanges: [Range<Int>]
    private let failureIndex: [String: Int]  // booking id -> position in failures; looked up, never iterated
    private let unsuccessfulPositions: [Int]

    public init(
        capturePath: String, stem: String, state: RunState, eventCount: Int, headHash: String, toolVersion: String,
        recordedAt: String, elapsedMilliseconds: Int?, status: String, condition: CaptureCondition = .complete,
        explainingFailures: Bool = true
    ) {
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
        var failures: [FailureExplanation] = []
        var ranges: [Range<Int>] = []
        var index: [String: Int] = [:]
        var positions: [Int] = []
        // Without reports to write (`record --no-reports`: sweeps, shrinks), nothing reads them.
        for explained in explainingFailures ? Self.explainFailures(in: state) : [] {
            let first = failures.count
            for (position, explanation) in explained {
                index[explanation.booking] = failures.count
                failures.append(explanation)
                positions.append(position)
            }
            ranges.append(first..<failures.count)
        }
        self.failures = failures
        failureRanges = ranges
        failureIndex = index
        unsuccessfulPositions = positions
    }

    /// Per restaurant (scenario order), its failed and refused bookings explained, with their
    /// positions, in (start, id) order. Restaurants are explained on every core at once (each is
    /// independent of the others, and the results go by restaurant position, so the order is the
    /// same on any machine): on a crowded day this was a third of the reports' time, on one core
    /// while the three reports waited for it.
    private static func explainFailures(in state: RunState) -> [[(position: Int, explanation: FailureExplanation)]] {
        let count = state.restaurants.count
        let workers = max(1, min(count, ProcessInfo.processInfo.activeProcessorCount))
        let results = Mutex([[(position: Int, explanation: FailureExplanation)]](repeating: [], count: count))
        // Each worker takes the next restaurant not yet taken, so one crowded restaurant does
        // not leave the other cores idle behind a fixed share.
        let next = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let restaurant = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard restaurant < count else { break }
                // Positions sorted, not bookings: a booking is a large value to move.
                let positions = state.restaurants[restaurant].bookingPositions
                    .filter { state.bookings[$0].status == .failed || state.bookings[$0].status == .refused }
                    .sorted {
                        (state.bookings[$0].startMinute, state.bookings[$0].id) < (
                            state.bookings[$1].startMinute, state.bookings[$1].id
                        )
                    }
                let explained = positions.compactMap { position in
                    FailureExplanation(state.bookings[position], in: state).map {
                        (position: position, explanation: $0)
                    }
                }
                results.withLock { $0[restaurant] = explained }
            }
        }
        return results.withLock { $0 }
    }

    /// The explanation of a failed or refused booking.
    public func failure(of booking: String) -> FailureExplanation? { failureIndex[booking].map { failures[$0] } }

    /// A restaurant's failed and refused bookings, explained, in (start, id) order.
    public func failures(of restaurant: String) -> ArraySlice<FailureExplanation> {
        guard let position = state.restaurantPosition(restaurant), position < failureRanges.count else { return [] }
        return failures[failureRanges[position]]
    }

    /// The banner of an unfinished capture, nil for a complete one.
    public var unfinishedBanner: String? {
        guard !condition.isComplete else { return nil }
        let engine = state.engineFailure.map { " The engine failed: \($0.summary)." } ?? ""
        return
            "Not a result: this capture is \(condition.text).\(engine) It holds \(eventCount) events; the figures below cover only what happened before it stopped, and no success rate is given."
    }

    /// "engine NAME VERSION" for an outside engine, "built-in allocator" otherwise.
    /// The engine as its hello named it, control characters written as `\u{…}`: an engine's
    /// name is its own text, and a line break in it would end a heading or a table row.
    public var engineText: String {
        state.options?.engine.map { "engine \(VisibleText.escaped($0.name)) \(VisibleText.escaped($0.version))" }
            ?? "built-in allocator"
    }

    /// The restaurants' figures in run order, then the overall row.
    public var rows: [RestaurantMetrics] { state.restaurants.map(\.metrics) + [state.overall] }

    /// Failure reasons of the whole run, sorted by count (descending) then name.
    public var reasons: [ReasonCount] {
        state.overall.reasons.sorted { ($1.count, $0.reason) < ($0.count, $1.reason) }
    }

    /// Failed and refused bookings in (restaurant order, start, id) order: `failures`' bookings.
    public var unsuccessful: [BookingState] { unsuccessfulPositions.map { state.bookings[$0] } }
}
