import Allocation
import Projections

/// The seam between the run and the allocator under test. The run keeps the state and the
/// rules; an engine only answers quotes. The built-in allocator answers in process
/// (`BuiltInEngine`); an outside allocator answers over the engine protocol (`ProcessEngine`).
public protocol Engine: AnyObject {
    /// Who answers, as recorded in `run.started` and `meta`; nil for the built-in allocator.
    var identity: EngineIdentity? { get }
    /// How far ahead of a booking's start (minutes) the engine wants to see pending bookings.
    var lookAheadMinutes: Int { get }
    /// Candidates for one booking and strategy, best first.
    func quote(_ question: EngineQuestion) throws -> EngineAnswer
    /// The table sets `quote` would offer, in any order: what the coverage oracle compares.
    func offers(_ question: EngineQuestion) throws -> EngineAnswer
    /// `offers` under each strategy in turn, at the same state (the coverage oracle's question):
    /// one answer per strategy, in order. An outside engine that speaks protocol 2 answers them
    /// in one exchange.
    func offers(_ question: EngineQuestion, strategies: [Strategy]) throws -> [EngineAnswer]
    /// The rule variants the engine declared in its hello (none for the built-in allocator).
    var rules: DeclaredRules { get }
    /// True when `quote` and `offers` are one answer and several strategies go in one exchange
    /// (an outside engine speaking protocol 2): a booking's first quote is then read from the
    /// coverage oracle's batch, asked at the same state, instead of being asked on its own too.
    var answersQuotesTogether: Bool { get }
    /// Ends the session (the outside engine's process); called once, when the run ends either way.
    func finish()
}

extension Engine {
    public func offers(_ question: EngineQuestion) throws -> EngineAnswer { try quote(question) }
    public var answersQuotesTogether: Bool { false }
    public var rules: DeclaredRules { identity?.rules ?? DeclaredRules() }
    public func offers(_ question: EngineQuestion, strategies: [Strategy]) throws -> [EngineAnswer] {
        var asked = question
        return try strategies.map { strategy in
            asked.request.strategy = strategy
            return try offers(asked)
        }
    }
    public func finish() {}
}

/// One quote the run asks: the booking and strategy, and the floor as it stands at `request.now`.
///
/// It carries the parts of the restaurant's state an engine reads, not the `RestaurantState`
/// itself: a run asks a question per quote, and copying the whole state each time (its metrics
/// and timeline too) was a tenth of a crowded day's record.
public struct EngineQuestion {
    /// The restaurant's slug.
    public var slug: String
    public var floor: Floor
    /// Who holds or has what, per table of `floor`.
    public var occupancy: Occupancy
    /// `RestaurantState.bookingChanges`: with the occupancy's version, what a look-ahead list depends on.
    public var bookingChanges: Int
    /// The tables and adjacency pairs in their seeded order (the protocol's `floor` message).
    public var seededTables: [Table]
    public var seededAdjacency: [AdjacencyPair]
    public var request: QuoteRequest
    /// The restaurant's other pending bookings starting within the engine's look-ahead, by (start, id).
    public var pending: [LookAheadBooking]
    /// How far around each window `busy` reaches (capture format 5: the restaurant's buffer, so
    /// entries that only touch a window are listed); nil for an older capture, whose `busy`
    /// listed only entries that overlap.
    public var busyMarginMinutes: Int?

    /// A question read back from a request's lines (`engine replay`), with no run state behind it.
    public init(
        slug: String, floor: Floor, occupancy: Occupancy, seededTables: [Table], seededAdjacency: [AdjacencyPair],
        request: QuoteRequest, pending: [LookAheadBooking]
    ) {
        self.slug = slug
        self.floor = floor
        self.occupancy = occupancy
        self.bookingChanges = 0
        self.seededTables = seededTables
        self.seededAdjacency = seededAdjacency
        self.request = request
        self.pending = pending
    }

    /// `restaurant` is borrowed: only the fields above are copied out of it.
    public init(
        restaurant: borrowing RestaurantState, request: QuoteRequest, pending: [LookAheadBooking],
        busyMarginMinutes: Int? = nil
    ) {
        self.busyMarginMinutes = busyMarginMinutes
        slug = restaurant.slug
        floor = restaurant.floor
        occupancy = restaurant.occupancy
        bookingChanges = restaurant.bookingChanges
        seededTables = restaurant.tables
        seededAdjacency = restaurant.adjacency
        self.request = request
        self.pending = pending
    }
}

/// An engine's answer.
public enum EngineAnswer {
    /// Ranked candidates the run may take as they are: the built-in allocator's, checked by its own tests.
    case trusted(Quote)
    /// Table sets the run may take as they are (for coverage), in any order; `limitReached` when
    /// the built-in search stopped at its budget (coverage is then unknown).
    case trustedSets([TableSet], limitReached: Bool)
    /// What an outside engine offered, to be checked rule by rule before anything is held.
    case offered(EngineOffers)
    /// The engine answered with an error: recorded, and the quote counts as no candidates.
    case failed(message: String, digest: String)
}

extension EngineAnswer {
    /// Read from a `sets` answer (protocol 3): no ranking, scores or `rejected` counts.
    public var isUnranked: Bool {
        if case .offered(let offers) = self { offers.unranked } else { false }
    }

    /// An outside engine's answer digest (nil for the built-in's answers).
    public var digest: String? {
        switch self {
        case .offered(let offers): offers.digest
        case .failed(_, let digest): digest
        case .trusted, .trustedSets: nil
        }
    }
}

/// Candidates as an outside engine sent them, before any check.
public struct EngineOffers: Sendable {
    public struct Offer: Sendable, Equatable {
        public var tables: [String]
        public var score: Int?
        public init(tables: [String], score: Int?) {
            self.tables = tables
            self.score = score
        }
    }

    public var candidates: [Offer]
    /// `rejected` counts as sent, in the order sent.
    public var rejected: [(reason: String, count: Int)]
    /// First 16 hex digits of the SHA-256 of the answer line as sent: any difference in a
    /// long answer still shows on re-execution.
    public var digest: String
    /// Read from a `sets` answer (protocol 3): in no order, without scores or `rejected` counts.
    public var unranked = false
    /// Not asked again: the session's answer to the same request, asked before (capture format 8).
    public var reused = false

    public init(candidates: [Offer], rejected: [(reason: String, count: Int)], digest: String) {
        self.candidates = candidates
        self.rejected = rejected
        self.digest = digest
    }
}

/// The built-in allocator as an engine: answers in process, protecting the pending bookings its
/// look-ahead sees, with their plans cached while the floor does not change.
public final class BuiltInEngine: Engine {
    public let allocator: any CandidateSearch
    public let lookAheadMinutes: Int
    private let planner: Allocator
    /// The look-ahead's plans per protected booking: reused as they are while the occupancy
    /// version holds, and filtered instead of searched again while tables only become unavailable.
    /// Indexed by the booking's `key` (its position in the run).
    private var planCache: [(version: Int, memo: Allocator.PlanMemo)?] = []
    /// Bookings found unstrandable (`Allocator.cannotBeStranded`) at an occupancy version, with
    /// the exclusions of that question: left out of the look-ahead while both hold. By `key`.
    private var unstrandable: [(version: Int, excluded: TableSet)?] = []

    /// `allocator`: another search in its place (tests that show the oracle catching what it misses).
    public init(maxTables: Int, allocator: (any CandidateSearch)? = nil) {
        let builtIn = Allocator(lookAheadMaxTables: maxTables)
        self.allocator = allocator ?? builtIn
        self.planner = builtIn
        self.lookAheadMinutes = (allocator as? Allocator)?.lookAheadMinutes ?? builtIn.lookAheadMinutes
    }

    public var identity: EngineIdentity? { nil }

    public func quote(_ question: EngineQuestion) throws -> EngineAnswer {
        .trusted(
            allocator.quote(
                question.request, floor: question.floor, occupancy: question.occupancy,
                lookAhead: protectedBookings(question)))
    }

    public func offers(_ question: EngineQuestion) throws -> EngineAnswer {
        let offered = allocator.offeredSets(question.request, floor: question.floor, occupancy: question.occupancy)
        return .trustedSets(offered.sets, limitReached: offered.limitReached)
    }

    /// The pending bookings whose windows overlap this one, each with the table sets it could
    /// still use. Plans depend only on the floor's occupancy (live holds all lie before their
    /// expiry), so they are reused until it changes.
    private func protectedBookings(_ question: EngineQuestion) -> [LookAheadBooking] {
        let window = question.request.window
        let excluded = question.request.excluded
        let version = question.occupancy.version
        // An edit's question (format 7) sees the floor without the booking's own assignment: an
        // occupancy of its own, whose version another state may reach. It is never cached.
        if !question.request.current.isEmpty { return protectedList(question, caching: false) }
        // A booking's strategies are quoted one after another: while neither the floor nor the
        // restaurant's pending bookings change, the protected list is the one just made. The key
        // holds what `question.pending` is made of (`Operations.question`: the booking, its start
        // and the restaurant's booking changes), so a caller must build `pending` that way.
        let key = ProtectedKey(
            restaurant: question.slug, booking: question.request.booking, startMinute: window.startMinute,
            endMinute: window.endMinute, version: version, bookingChanges: question.bookingChanges, excluded: excluded)
        if let lastProtected, lastProtected.key == key { return lastProtected.list }
        let result = protectedList(question)
        lastProtected = (key, result)
        return result
    }

    private struct ProtectedKey: Equatable {
        var restaurant: String
        var booking: String
        var startMinute: Int
        var endMinute: Int
        var version: Int
        var bookingChanges: Int
        var excluded: TableSet
    }
    private var lastProtected: (key: ProtectedKey, list: [LookAheadBooking])?

    private func protectedList(_ question: EngineQuestion, caching: Bool = true) -> [LookAheadBooking] {
        let window = question.request.window
        let excluded = question.request.excluded
        let version = question.occupancy.version
        var result: [LookAheadBooking] = []
        for index in question.pending.indices
        where question.pending[index].window.overlaps(startMinute: window.startMinute, endMinute: window.endMinute) {
            // A booking without a key (-1) has nothing to cache by: searched every time.
            let key = caching ? question.pending[index].key : -1
            if key >= planCache.count {
                planCache += Array(repeating: nil, count: key + 1 - planCache.count)
                unstrandable += Array(repeating: nil, count: key + 1 - unstrandable.count)
            }
            let cached = key >= 0 ? planCache[key] : nil
            if let cached, cached.version == version, cached.memo.excluded == excluded {
                if cached.memo.cannotBeStranded { continue }
                var protected = question.pending[index]
                protected.plans = cached.memo.plans
                result.append(protected)
                continue
            }
            if key >= 0, let known = unstrandable[key], known.version == version, known.excluded == excluded {
                continue
            }
            var protected = question.pending[index]
            if Allocator.cannotBeStranded(
                protected, now: question.request.now, excluded: excluded, floor: question.floor,
                occupancy: question.occupancy)
            {
                if key >= 0 { unstrandable[key] = (version, excluded) }
                continue
            }
            let memo = planner.protectedPlans(
                protected, now: question.request.now, excluded: excluded, floor: question.floor,
                occupancy: question.occupancy, memo: cached?.memo)
            if key >= 0 { planCache[key] = (version, memo) }
            if memo.cannotBeStranded { continue }
            protected.plans = memo.plans
            result.append(protected)
        }
        return result
    }
}
