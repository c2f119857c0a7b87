import Foundation
import Allocation

/// The inputs of a run besides the scenario: everything `replay record` accepts that shapes
/// events. Validated before anything is written.
public struct RunOptions: Equatable, Sendable {
    public enum Mode: String, CaseIterable, Sendable { case assign, reserve }
    /// How reserve mode sets the floor before the clones compete (`--prefill`).
    public enum Prefill: String, CaseIterable, Sendable {
        /// The day's bookings are seated first by the legacy loop, as the original's create flow
        /// ran on a floor already holding them.
        case assign
        /// An empty floor (`none` on the command line; not named `none`, which reads as `Optional.none`).
        case empty = "none"
        /// The real floor: the bookings with tables in the scenario (an imported day's assignments
        /// and holds) seated on them (format 6).
        case real
    }

    public var mode: Mode = .assign
    public var seed: UInt64 = 1
    /// Restaurants to run (empty: all), in the scenario's order.
    public var restaurants: [String] = []
    /// Service date; nil means the scenario's.
    public var date: String?
    public var maxIterations = 6
    public var maxTables = 4
    public var holdTTLSeconds = 180
    public var cloneLimit = 5
    /// Reserve mode's source date; nil means the scenario's.
    public var sourceDate: String?
    /// Minutes since midnight.
    public var sourceAfterMinute = 0
    public var avoidUsed = false
    public var clients = 1
    /// Reserve mode's floor (`--prefill`). Nil only for a reserve capture of format 3 or below,
    /// replayed as it ran: an empty floor and clones handed out in (start, id) order.
    public var prefill: Prefill? = .assign
    /// The order in which reserve mode takes the bookings it clones (`--clone-order`).
    public enum CloneOrder: String, CaseIterable, Sendable {
        /// By start time, then id (every capture before format 6).
        case start
        /// As the scenario lists them: for an imported day, the order the requests arrived in
        /// (`scenario import` writes bookings by their creation time), across restaurants.
        case arrival
    }
    public var cloneOrder: CloneOrder = .start
    /// Reserve mode: the share of confirmed clones their client later edits (`--edit-rate`) and
    /// cancels (`--cancel-rate`), in thousandths (capture format 7 when either is above 0).
    public var editRatePerMille = 0
    public var cancelRatePerMille = 0
    public var bruteforce = true
    /// Where the coverage oracle judges answers (`--oracle`), when `bruteforce` is on.
    public enum OracleScope: String, CaseIterable, Sendable {
        /// Every quote the run asks, each against the feasible sets of its strategy at its state,
        /// besides every strategy at a booking's first quote.
        case every
        /// A booking's first quote only (every strategy, and their union).
        case first
    }
    /// Nil only for a capture of format 4 or below, re-executed as it ran: the oracle at first
    /// quotes only, `busy` lists without the entries that only touch a window, and the oracle's
    /// question asked whole after a booking's first quote.
    public var oracle: OracleScope? = .every
    /// The outside engine's command (`--engine`); nil for the built-in allocator.
    public var engineCommand: String?
    /// Seconds an outside engine may take to answer one request (`--engine-timeout`).
    public var engineTimeoutSeconds = 10
    /// The newest engine protocol version offered in the hello (`--engine-protocol`): versions 1
    /// to this one. The engine chooses among them; a re-execution offers what its capture allows.
    public var engineProtocol = 3
    public static let engineProtocols = 1...3

    public static let minimumHoldTTLSeconds = 30
    public static let maximumIterations = 1_000
    public static let maximumClients = 64
    public static let maximumCloneLimit = 1_000_000

    public init() {}

    /// The first problem with these options, as `--option: problem`, or nil.
    public func problem() -> String? {
        if !Strategy.maxTablesRange.contains(maxTables) { return "--max-tables must be in 1...5, found \(maxTables)" }
        if holdTTLSeconds < Self.minimumHoldTTLSeconds {
            return "--hold-ttl must be at least \(Self.minimumHoldTTLSeconds) seconds, found \(holdTTLSeconds)"
        }
        if holdTTLSeconds > 86_400 { return "--hold-ttl must be at most 86400 seconds, found \(holdTTLSeconds)" }
        if !(1...Self.maximumIterations).contains(maxIterations) {
            return "--max-iterations must be in 1...\(Self.maximumIterations), found \(maxIterations)"
        }
        if !(1...Self.maximumClients).contains(clients) {
            return "--clients must be in 1...\(Self.maximumClients), found \(clients)"
        }
        // Reserve mode clones at least one booking (record refuses 0); assign mode stores 0.
        let cloneLimits = (mode == .reserve ? 1 : 0)...Self.maximumCloneLimit
        if !cloneLimits.contains(cloneLimit) {
            return "--clone-limit must be in \(cloneLimits.lowerBound)...\(cloneLimits.upperBound), found \(cloneLimit)"
        }
        if !(1...3_600).contains(engineTimeoutSeconds) {
            return "--engine-timeout must be in 1...3600 seconds, found \(engineTimeoutSeconds)"
        }
        if !Self.engineProtocols.contains(engineProtocol) {
            return "--engine-protocol must be in 1...3, found \(engineProtocol)"
        }
        if let engineCommand, engineCommand.trimmingCharacters(in: .whitespaces).isEmpty {
            return "--engine must name a command"
        }
        if seed > UInt64(Int.max) { return "--seed must be at most \(Int.max)" }
        if !(0...1000).contains(editRatePerMille) { return "--edit-rate must be a share in 0...1" }
        if !(0...1000).contains(cancelRatePerMille) { return "--cancel-rate must be a share in 0...1" }
        if editRatePerMille + cancelRatePerMille > 1000 {
            return "--edit-rate and --cancel-rate must add up to at most 1"
        }
        if mode == .assign && editRatePerMille + cancelRatePerMille > 0 {
            return "--edit-rate and --cancel-rate are reserve mode's (assign mode applies the scenario's changes)"
        }
        return nil
    }
}
