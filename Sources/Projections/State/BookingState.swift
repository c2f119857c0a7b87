import Allocation

/// Where a booking stands.
public enum BookingStatus: String, Sendable {
    /// In this run, not yet decided.
    case pending
    case confirmed
    case failed
    /// Refused by create-with-capacity-check (reserve mode).
    case refused
    /// Seeded but not allocated in this run: the source of reserve mode's clones, or of another date.
    case source
    /// Cancelled by its guest (`booking.cancelled`, capture format 7): its tables were freed.
    case cancelled
}

/// An edit under way (`edit.requested` until `edit.confirmed` or `edit.failed`): the booking
/// keeps its assignment while it is quoted and held for the new party and window.
public struct BookingEdit: Equatable, Sendable {
    public var partySize: Int
    public var startMinute: Int
    /// The new window, or why there is none.
    public var window: Result<BookingWindow, WindowRefusal>
    public var client: Int?
}

/// One booking as the events have made it.
public struct BookingState: Equatable, Sendable {
    public var id: String
    public var restaurant: String
    public var date: String
    public var startMinute: Int
    public var partySize: Int
    public var durationMinutes: Int?
    public var status: BookingStatus
    /// Its tables on the real floor, as seeded (an imported day): `--prefill real` seats it there.
    public var existingTables: [String]?
    /// The seeded booking this one was cloned from (reserve mode).
    public var source: String?
    public var client: Int?
    /// The window, or why there is none.
    public var window: Result<BookingWindow, WindowRefusal>?
    public var quotes = 0
    public var holds = 0
    public var conflicts = 0
    public var assignment: String?
    public var tables: [String] = []
    /// Failure or refusal reason.
    public var reason: String?
    public var strategy: String?
    /// The strategy of the booking's last quote, and the oracle's verdict on that answer when it
    /// has one (format 5: `quote.issued`'s `oracle`, or the first quote's entry in `coverage.measured`).
    public var lastQuoteStrategy: String?
    public var lastVerdict: OracleVerdict?
    /// The event that decided the booking (its `assignment.confirmed`, `booking.failed` or
    /// `booking.refused`): where `diff` says outcomes first differ.
    public var decidedSeq: Int?
    /// The edit under way, if any (format 7).
    public var edit: BookingEdit?
    /// Edits asked of this booking so far, and how the last one ended: `kept`, `moved` or
    /// `failed (reason)` (format 7; what `diff` compares beside the outcome).
    public var edits = 0
    public var lastEditOutcome: String?

    public init(
        id: String, restaurant: String, date: String, startMinute: Int, partySize: Int, durationMinutes: Int?,
        status: BookingStatus, source: String? = nil, client: Int? = nil
    ) {
        self.id = id
        self.restaurant = restaurant
        self.date = date
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
        self.status = status
        self.source = source
        self.client = client
    }

    public var resolvedWindow: BookingWindow? { if case .success(let window)? = window { window } else { nil } }

    /// The window being allocated now: an edit's new one while it is under way, else the booking's.
    public var workingWindow: BookingWindow? {
        if let edit { if case .success(let window) = edit.window { return window } else { return nil } }
        return resolvedWindow
    }

    /// The party being allocated now: an edit's new one while it is under way, else the booking's.
    public var workingPartySize: Int { edit?.partySize ?? partySize }
}

/// A live hold.
public struct HoldState: Equatable, Sendable {
    public var id: String
    public var booking: String
    public var restaurant: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
    public var expiresAt: Int
    public var strategy: String
}

/// A live assignment.
public struct AssignmentState: Equatable, Sendable {
    public var id: String
    public var booking: String
    public var restaurant: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
}
