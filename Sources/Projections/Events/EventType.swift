import CanonicalJSON
#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif

/// The registry of event types: one case per type, each naming its payload. The stored names,
/// the input types and decoding are all derived from this one list.
public enum EventType: Int, CaseIterable, Sendable {
    case runStarted, restaurantSeeded, tableSeeded, adjacencySeeded, bookingSeeded, bookingCreated, bookingRefused
    case quoteIssued, coverageMeasured, holdPlaced, conflictDetected, holdReleased, holdExpired, assignmentConfirmed
    case bookingFailed, iterationCompleted, runCompleted, engineFailed
    case changeSeeded, editRequested, editConfirmed, editFailed, bookingCancelled

    /// The payload type of each case.
    public var payloadType: any EventPayload.Type {
        switch self {
        case .runStarted: RunStarted.self
        case .restaurantSeeded: RestaurantSeeded.self
        case .tableSeeded: TableSeeded.self
        case .adjacencySeeded: AdjacencySeeded.self
        case .bookingSeeded: BookingSeeded.self
        case .bookingCreated: BookingCreated.self
        case .bookingRefused: BookingRefused.self
        case .quoteIssued: QuoteIssued.self
        case .coverageMeasured: CoverageMeasured.self
        case .holdPlaced: HoldPlaced.self
        case .conflictDetected: ConflictDetected.self
        case .holdReleased: HoldReleased.self
        case .holdExpired: HoldExpired.self
        case .assignmentConfirmed: AssignmentConfirmed.self
        case .bookingFailed: BookingFailed.self
        case .iterationCompleted: IterationCompleted.self
        case .runCompleted: RunCompleted.self
        case .engineFailed: EngineFailed.self
        case .changeSeeded: ChangeSeeded.self
        case .editRequested: EditRequested.self
        case .editConfirmed: EditConfirmed.self
        case .editFailed: EditFailed.self
        case .bookingCancelled: BookingCancelled.self
        }
    }

    // Derived once: read for every event written or read.
    private static let names = allCases.map { $0.payloadType.type }
    private static let nameBytes = names.map { Array($0.utf8) }
    private static let inputFlags = allCases.map { $0.payloadType.isInput }

    /// The stored `type`.
    public var name: String { Self.names[rawValue] }

    /// True for the events that carry the run's inputs.
    public var isInput: Bool { Self.inputFlags[rawValue] }

    /// Every stored name, in the order of the cases.
    public static var allNames: [String] { names }

    /// The stored names of the input events.
    public static let inputNames = allCases.filter(\.isInput).map(\.name)

    public init?(name: String) {
        guard let index = Self.names.firstIndex(of: name) else { return nil }
        self.init(rawValue: index)
    }

    /// The type whose name is these bytes (nil for anything else): reading a capture then builds
    /// no String per event for its type.
    public init?(nameBytes bytes: UnsafeBufferPointer<UInt8>) {
        for (index, name) in Self.nameBytes.enumerated() where name.count == bytes.count {
            let equal = name.withUnsafeBufferPointer { name in
                guard let stored = name.baseAddress, let given = bytes.baseAddress else { return name.isEmpty }
                return memcmp(stored, given, name.count) == 0
            }
            if equal {
                self.init(rawValue: index)
                return
            }
        }
        return nil
    }

    /// Reads a payload of this type from its canonical bytes.
    func decodeBody(_ buffer: UnsafeBufferPointer<UInt8>) throws(PayloadCursor.Mismatch) -> EventBody {
        var cursor = PayloadCursor(buffer)
        try cursor.beginObject()
        let body: EventBody
        // A direct call per type (no existential dispatch): this runs for every event read.
        switch self {
        case .runStarted: body = try RunStarted.decode(from: &cursor).body
        case .restaurantSeeded: body = try RestaurantSeeded.decode(from: &cursor).body
        case .tableSeeded: body = try TableSeeded.decode(from: &cursor).body
        case .adjacencySeeded: body = try AdjacencySeeded.decode(from: &cursor).body
        case .bookingSeeded: body = try BookingSeeded.decode(from: &cursor).body
        case .bookingCreated: body = try BookingCreated.decode(from: &cursor).body
        case .bookingRefused: body = try BookingRefused.decode(from: &cursor).body
        case .quoteIssued: body = try QuoteIssued.decode(from: &cursor).body
        case .coverageMeasured: body = try CoverageMeasured.decode(from: &cursor).body
        case .holdPlaced: body = try HoldPlaced.decode(from: &cursor).body
        case .conflictDetected: body = try ConflictDetected.decode(from: &cursor).body
        case .holdReleased: body = try HoldReleased.decode(from: &cursor).body
        case .holdExpired: body = try HoldExpired.decode(from: &cursor).body
        case .assignmentConfirmed: body = try AssignmentConfirmed.decode(from: &cursor).body
        case .bookingFailed: body = try BookingFailed.decode(from: &cursor).body
        case .iterationCompleted: body = try IterationCompleted.decode(from: &cursor).body
        case .runCompleted: body = try RunCompleted.decode(from: &cursor).body
        case .engineFailed: body = try EngineFailed.decode(from: &cursor).body
        case .changeSeeded: body = try ChangeSeeded.decode(from: &cursor).body
        case .editRequested: body = try EditRequested.decode(from: &cursor).body
        case .editConfirmed: body = try EditConfirmed.decode(from: &cursor).body
        case .editFailed: body = try EditFailed.decode(from: &cursor).body
        case .bookingCancelled: body = try BookingCancelled.decode(from: &cursor).body
        }
        try cursor.endObject()
        guard cursor.isAtEnd else { throw PayloadCursor.Mismatch(offset: -1, expected: "the end of the payload") }
        return body
    }
}
