/// The allocator's answer for one booking and one strategy: ranked candidates, and what was
/// removed and why.
public struct Quote: Sendable {
    public var strategy: Strategy
    public var window: BookingWindow
    /// Best first.
    public var candidates: [Candidate]
    public var rejections: RejectionCounts
    /// Why there is no candidate when the engine itself failed (`engine_error`), else nil.
    public var failure: RejectionReason?
    /// The search stopped at its budget (`Allocator.searchBudget` subsets): the candidates are
    /// the ones found before it, always the same ones, but not every feasible set.
    public var searchLimitReached = false

    public init(strategy: Strategy, window: BookingWindow, candidates: [Candidate], rejections: RejectionCounts) {
        self.strategy = strategy
        self.window = window
        self.candidates = candidates
        self.rejections = rejections
    }

    /// Why the quote has no candidate: occupied when something fitting was blocked, else nothing fits.
    public var emptyReason: RejectionReason {
        if let failure { return failure }
        if searchLimitReached { return .searchLimit }
        return rejections.booked + rejections.held > 0 ? .tablesOccupied : .noTableFits
    }
}

/// Another pending booking the look-ahead protects.
public struct LookAheadBooking: Sendable {
    public var booking: String
    public var partySize: Int
    public var window: BookingWindow
    /// The table sets it could still use, when the caller already knows them (a cache); nil
    /// lets the allocator compute them.
    public var plans: [TableSet]?
    /// The booking as an integer the caller chose (its position in the run), so caches of its
    /// plans are arrays, not tables hashed by id; -1 when the caller has none, and its plans are
    /// then searched every time.
    public var key: Int

    public init(booking: String, partySize: Int, window: BookingWindow, plans: [TableSet]? = nil, key: Int = -1) {
        self.booking = booking
        self.partySize = partySize
        self.window = window
        self.plans = plans
        self.key = key
    }
}

/// What the allocator is asked: who, when, how hard to look, and the floor as it is at `now`.
public struct QuoteRequest: Sendable {
    public var booking: String
    public var partySize: Int
    public var window: BookingWindow
    public var strategy: Strategy
    /// Virtual seconds: holds expiring at or before it no longer block.
    public var now: Int
    /// Tables kept out of the search (reserve mode's `--avoid-used`).
    public var excluded: TableSet
    /// An edit's quote (capture format 7): the tables the booking has now. They are free for it
    /// (its own assignment never blocks it), and an engine may prefer a set that keeps them.
    public var current = TableSet()

    public init(
        booking: String, partySize: Int, window: BookingWindow, strategy: Strategy, now: Int,
        excluded: TableSet = TableSet()
    ) {
        self.booking = booking
        self.partySize = partySize
        self.window = window
        self.strategy = strategy
        self.now = now
        self.excluded = excluded
    }
}
