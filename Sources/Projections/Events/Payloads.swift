/// The payloads of the events, field for field as they are stored (docs/events.md). Times of day
/// are minutes since midnight (`...Minute`), virtual clock times seconds (`...At`, `at`).

/// The run's inputs other than the seed: mode, seed and every option that shapes events.
public struct RunStarted: Equatable, Sendable {
    public var scenario: String
    /// The scenario's own date (bookings without a date of their own are on it).
    public var scenarioDate: String
    /// The service date of the run.
    public var date: String
    public var mode: String
    public var seed: Int
    public var restaurants: [String]
    public var maxIterations: Int
    public var maxTables: Int
    public var holdTTLSeconds: Int
    public var cloneLimit: Int
    public var sourceDate: String
    public var sourceAfterMinute: Int
    public var avoidUsed: Bool
    public var clients: Int
    public var bruteforce: Bool

    public init(scenario: String, scenarioDate: String, date: String, mode: String, seed: Int, restaurants: [String],
                maxIterations: Int, maxTables: Int, holdTTLSeconds: Int, cloneLimit: Int, sourceDate: String,
                sourceAfterMinute: Int, avoidUsed: Bool, clients: Int, bruteforce: Bool) {
        self.scenario = scenario
        self.scenarioDate = scenarioDate
        self.date = date
        self.mode = mode
        self.seed = seed
        self.restaurants = restaurants
        self.maxIterations = maxIterations
        self.maxTables = maxTables
        self.holdTTLSeconds = holdTTLSeconds
        self.cloneLimit = cloneLimit
        self.sourceDate = sourceDate
        self.sourceAfterMinute = sourceAfterMinute
        self.avoidUsed = avoidUsed
        self.clients = clients
        self.bruteforce = bruteforce
    }
}

public struct ServiceSeed: Equatable, Sendable {
    public var name: String
    public var startMinute: Int
    public var endMinute: Int
    /// (party size, minutes); nil when the service uses the restaurant's turn times.
    public var turnMinutes: [[Int]]?

    public init(name: String, startMinute: Int, endMinute: Int, turnMinutes: [[Int]]?) {
        self.name = name
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.turnMinutes = turnMinutes
    }
}

public struct RestaurantSeeded: Equatable, Sendable {
    public var services: [ServiceSeed]
    public var turnMinutes: [[Int]]
    public var bufferMinutes: Int
    public var maxOverage: Int

    public init(services: [ServiceSeed], turnMinutes: [[Int]], bufferMinutes: Int, maxOverage: Int) {
        self.services = services
        self.turnMinutes = turnMinutes
        self.bufferMinutes = bufferMinutes
        self.maxOverage = maxOverage
    }
}

public struct TableSeeded: Equatable, Sendable {
    public var table: String
    public var zone: String
    public var minCovers: Int
    public var maxCovers: Int
    public var movable: Bool
    public var active: Bool

    public init(table: String, zone: String, minCovers: Int, maxCovers: Int, movable: Bool, active: Bool) {
        self.table = table
        self.zone = zone
        self.minCovers = minCovers
        self.maxCovers = maxCovers
        self.movable = movable
        self.active = active
    }
}

public struct AdjacencySeeded: Equatable, Sendable {
    public var tables: [String]
    public init(tables: [String]) { self.tables = tables }
}

public struct BookingSeeded: Equatable, Sendable {
    public var date: String
    public var startMinute: Int
    public var partySize: Int
    /// As the scenario gave it; nil means the turn time.
    public var durationMinutes: Int?

    public init(date: String, startMinute: Int, partySize: Int, durationMinutes: Int?) {
        self.date = date
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
    }
}

/// A booking made by the create flow (reserve mode), cloned from a seeded one.
public struct BookingCreated: Equatable, Sendable {
    public var source: String
    public var startMinute: Int
    public var partySize: Int
    public var durationMinutes: Int?
    public var client: Int

    public init(source: String, startMinute: Int, partySize: Int, durationMinutes: Int?, client: Int) {
        self.source = source
        self.startMinute = startMinute
        self.partySize = partySize
        self.durationMinutes = durationMinutes
        self.client = client
    }
}

/// Create-with-capacity-check said no.
public struct BookingRefused: Equatable, Sendable {
    public var source: String
    public var reason: String
    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
}

public struct QuotedCandidate: Equatable, Sendable {
    public var tables: [String]
    public var score: Int
    public init(tables: [String], score: Int) {
        self.tables = tables
        self.score = score
    }
}

public struct QuoteIssued: Equatable, Sendable {
    public var strategy: String
    /// The booking's quote number, from 1.
    public var attempt: Int
    public var startMinute: Int
    public var endMinute: Int
    public var candidates: Int
    /// The best few candidates (at most `QuoteIssued.topCount`).
    public var top: [QuotedCandidate]
    /// (reason, count) in `RejectionCounts` order.
    public var rejected: [(reason: String, count: Int)]

    public static let topCount = 3

    public init(strategy: String, attempt: Int, startMinute: Int, endMinute: Int, candidates: Int, top: [QuotedCandidate],
                rejected: [(reason: String, count: Int)]) {
        self.strategy = strategy
        self.attempt = attempt
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.candidates = candidates
        self.top = top
        self.rejected = rejected
    }

    public static func == (lhs: QuoteIssued, rhs: QuoteIssued) -> Bool {
        lhs.strategy == rhs.strategy && lhs.attempt == rhs.attempt && lhs.startMinute == rhs.startMinute
            && lhs.endMinute == rhs.endMinute && lhs.candidates == rhs.candidates && lhs.top == rhs.top
            && lhs.rejected.map(\.reason) == rhs.rejected.map(\.reason) && lhs.rejected.map(\.count) == rhs.rejected.map(\.count)
    }
}

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

public struct HoldPlaced: Equatable, Sendable {
    public var hold: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int
    public var expiresAt: Int
    public var strategy: String
    /// 1 for the quote's best candidate.
    public var rank: Int
    public var score: Int

    public init(hold: String, tables: [String], startMinute: Int, endMinute: Int, expiresAt: Int, strategy: String, rank: Int, score: Int) {
        self.hold = hold
        self.tables = tables
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.expiresAt = expiresAt
        self.strategy = strategy
        self.rank = rank
        self.score = score
    }
}

/// A hold or a confirm refused because another booking has the tables.
public struct ConflictDetected: Equatable, Sendable {
    /// `hold_conflict` or `confirm_conflict`.
    public var kind: String
    public var tables: [String]
    /// The bookings whose holds or assignments are in the way.
    public var with: [String]
    /// The refused hold at confirm; nil at hold.
    public var hold: String?
    /// The attempt: its strategy and the candidate's rank in the quote.
    public var strategy: String
    public var rank: Int

    public init(kind: String, tables: [String], with: [String], hold: String?, strategy: String, rank: Int) {
        self.kind = kind
        self.tables = tables
        self.with = with
        self.hold = hold
        self.strategy = strategy
        self.rank = rank
    }
}

public struct HoldReleased: Equatable, Sendable {
    public var hold: String
    /// `conflict` (confirm refused), `cleanup` (stale at an iteration boundary), `abandoned`.
    public var reason: String
    public init(hold: String, reason: String) {
        self.hold = hold
        self.reason = reason
    }
}

public struct HoldExpired: Equatable, Sendable {
    public var hold: String
    public init(hold: String) { self.hold = hold }
}

public struct AssignmentConfirmed: Equatable, Sendable {
    public var assignment: String
    public var hold: String
    public var tables: [String]
    public var startMinute: Int
    public var endMinute: Int

    public init(assignment: String, hold: String, tables: [String], startMinute: Int, endMinute: Int) {
        self.assignment = assignment
        self.hold = hold
        self.tables = tables
        self.startMinute = startMinute
        self.endMinute = endMinute
    }
}

public struct BookingFailed: Equatable, Sendable {
    public var reason: String
    public var attempts: Int
    public init(reason: String, attempts: Int) {
        self.reason = reason
        self.attempts = attempts
    }
}

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

/// The run's own summary, which `replay run --rebuild` checks against the folded metrics.
public struct RunCompleted: Equatable, Sendable {
    public var bookings: Int
    public var confirmed: Int
    public var failed: Int
    public var refused: Int
    public var quotes: Int
    public var holds: Int
    public var conflicts: Int
    /// Events before this one.
    public var events: Int

    public init(bookings: Int, confirmed: Int, failed: Int, refused: Int, quotes: Int, holds: Int, conflicts: Int, events: Int) {
        self.bookings = bookings
        self.confirmed = confirmed
        self.failed = failed
        self.refused = refused
        self.quotes = quotes
        self.holds = holds
        self.conflicts = conflicts
        self.events = events
    }
}
