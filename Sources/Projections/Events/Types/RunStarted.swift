import Allocation
import CanonicalJSON

/// The engine under test as a run records it: the command replay started and its hello. Absent
/// from runs of the built-in allocator.
public struct EngineIdentity: Equatable, Sendable {
    /// The command replay started (`/bin/sh -c COMMAND`).
    public var command: String
    public var name: String
    public var version: String
    public var lookAheadMinutes: Int
    /// `--engine-timeout`: how long an answer may take (a timeout is recorded as `engine.failed`,
    /// so re-execution waits the same).
    public var timeoutSeconds: Int
    /// The rule variants the engine declared in its hello (capture format 5; none before).
    public var rules: DeclaredRules
    /// The protocol version the session spoke (capture format 8; nil before). A format-8 session
    /// asks an identical question once (`quote.issued`'s `answer_reused`), and under version 3 the
    /// oracle's question is answered by unranked sets without `rejected` counts: both change
    /// what is recorded, so a re-execution speaks the version recorded here.
    public var protocolVersion: Int?

    public init(
        command: String, name: String, version: String, lookAheadMinutes: Int, timeoutSeconds: Int,
        rules: DeclaredRules = DeclaredRules(), protocolVersion: Int? = nil
    ) {
        self.rules = rules
        self.protocolVersion = protocolVersion
        self.command = command
        self.name = name
        self.version = version
        self.lookAheadMinutes = lookAheadMinutes
        self.timeoutSeconds = timeoutSeconds
    }
}

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
    /// Reserve mode: how the floor was set before the clones (`assign`: the day's bookings seated
    /// by the legacy loop; `none`: empty). Nil in assign mode and in reserve captures of format
    /// 3 or below, which ran on an empty floor with clones taken in (start, id) order.
    public var prefill: String?
    /// Where the coverage oracle judges answers (`every` quote, a booking's `first` quote only, or
    /// `off`): capture format 5. Nil in older captures, which are re-executed as they ran: the
    /// oracle at first quotes only, and `busy` lists without the entries that only touch.
    public var oracle: String?
    /// Reserve mode: `arrival` when the clones were taken in the scenario's order (capture format
    /// 6); nil for the (start, id) order of every other capture.
    public var cloneOrder: String?
    /// Reserve mode: the shares of confirmed clones their clients edit and cancel afterwards, in
    /// thousandths (`--edit-rate`, `--cancel-rate`; capture format 7); nil for none.
    public var editRatePerMille: Int?
    public var cancelRatePerMille: Int?
    /// The outside engine, when the run used one (`record --engine`).
    public var engine: EngineIdentity?

    public init(
        scenario: String, scenarioDate: String, date: String, mode: String, seed: Int, restaurants: [String],
        maxIterations: Int, maxTables: Int, holdTTLSeconds: Int, cloneLimit: Int, sourceDate: String,
        sourceAfterMinute: Int, avoidUsed: Bool, clients: Int, bruteforce: Bool, prefill: String? = nil,
        oracle: String? = nil,
        engine: EngineIdentity? = nil
    ) {
        self.oracle = oracle
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
        self.prefill = prefill
        self.engine = engine
    }
}

extension RunStarted: EventPayload {
    public static let type = "run.started"
    public static let isInput = true
    public var body: EventBody { .runStarted(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("scenario", scenario)
        writer.field("scenario_date", scenarioDate)
        writer.field("date", date)
        writer.field("mode", mode)
        writer.field("seed", seed)
        writer.field("restaurants", restaurants)
        writer.field("max_iterations", maxIterations)
        writer.field("max_tables", maxTables)
        writer.field("hold_ttl_seconds", holdTTLSeconds)
        writer.field("clone_limit", cloneLimit)
        writer.field("source_date", sourceDate)
        writer.field("source_after_minute", sourceAfterMinute)
        writer.field("avoid_used", avoidUsed)
        writer.field("clients", clients)
        writer.field("bruteforce", bruteforce)
        if let prefill { writer.field("prefill", prefill) }
        if let oracle { writer.field("oracle", oracle) }
        if let cloneOrder { writer.field("clone_order", cloneOrder) }
        if let editRatePerMille { writer.field("edit_rate_per_mille", editRatePerMille) }
        if let cancelRatePerMille { writer.field("cancel_rate_per_mille", cancelRatePerMille) }
        if let engine {
            writer.key("engine")
            writer.beginObject()
            writer.field("command", engine.command)
            writer.field("name", engine.name)
            writer.field("version", engine.version)
            writer.field("lookahead_minutes", engine.lookAheadMinutes)
            writer.field("timeout_seconds", engine.timeoutSeconds)
            let declared = engine.rules.declared.filter { $0 != .maxCandidates }
            if !declared.isEmpty { writer.field("rules", declared.map(\.rawValue)) }
            if let cap = engine.rules.maxCandidates { writer.field("max_candidates", cap) }
            if let version = engine.protocolVersion { writer.field("protocol", version) }
            writer.endObject()
        }
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> RunStarted {
        var started = RunStarted(
            scenario: try cursor.string("scenario"), scenarioDate: try cursor.string("scenario_date"),
            date: try cursor.string("date"),
            mode: try cursor.string("mode"), seed: try cursor.int("seed", in: EventBounds.seed),
            restaurants: try cursor.strings("restaurants"),
            maxIterations: try cursor.int("max_iterations", in: EventBounds.maxIterations),
            maxTables: try cursor.int("max_tables", in: EventBounds.maxTables),
            holdTTLSeconds: try cursor.int("hold_ttl_seconds", in: EventBounds.holdTTLSeconds),
            cloneLimit: try cursor.int("clone_limit", in: EventBounds.cloneLimit),
            sourceDate: try cursor.string("source_date"),
            sourceAfterMinute: try cursor.int("source_after_minute", in: EventBounds.sourceAfterMinute),
            avoidUsed: try cursor.bool("avoid_used"), clients: try cursor.int("clients", in: EventBounds.clients),
            bruteforce: try cursor.bool("bruteforce"))
        if cursor.hasField("prefill") { started.prefill = try cursor.string("prefill") }
        if cursor.hasField("oracle") { started.oracle = try cursor.string("oracle") }
        if cursor.hasField("clone_order") { started.cloneOrder = try cursor.string("clone_order") }
        if cursor.hasField("edit_rate_per_mille") {
            started.editRatePerMille = try cursor.int("edit_rate_per_mille", in: EventBounds.perMille)
        }
        if cursor.hasField("cancel_rate_per_mille") {
            started.cancelRatePerMille = try cursor.int("cancel_rate_per_mille", in: EventBounds.perMille)
        }
        if cursor.hasAnotherField() {
            try cursor.key("engine")
            try cursor.beginObject()
            var engine = EngineIdentity(
                command: try cursor.string("command"), name: try cursor.string("name"),
                version: try cursor.string("version"),
                lookAheadMinutes: try cursor.int("lookahead_minutes", in: EventBounds.lookAheadMinutes),
                timeoutSeconds: try cursor.int("timeout_seconds", in: EventBounds.timeoutSeconds))
            if cursor.hasField("rules") {
                for name in try cursor.strings("rules") where !engine.rules.declare(name) {
                    throw cursor.mismatch(
                        "a declared rule (" + DeclaredRules.named.map(\.rawValue).joined(separator: ", ") + ")")
                }
            }
            if cursor.hasField("max_candidates") {
                let cap = try cursor.int("max_candidates", in: EventBounds.maxCandidates)
                guard DeclaredRules.maximumCandidatesRange.contains(cap) else {
                    throw cursor.mismatch("max_candidates in \(DeclaredRules.maximumCandidatesRange)")
                }
                engine.rules.maxCandidates = cap
            }
            if cursor.hasField("protocol") {
                engine.protocolVersion = try cursor.int("protocol", in: EventBounds.engineProtocol)
            }
            started.engine = engine
            try cursor.endObject()
        }
        return started
    }

    public var summary: String {
        "\(scenario) \(mode) seed \(seed), date \(date), max-tables \(maxTables), hold-ttl \(holdTTLSeconds) s"
            + (mode == "reserve"
                ? ", clone-limit \(cloneLimit), clients \(clients)" + (prefill.map { ", prefill \($0)" } ?? "")
                    + (cloneOrder.map { ", clone order \($0)" } ?? "")
                    + (editRatePerMille.map { ", edit rate \(ChangeRate.text(perMille: $0))" } ?? "")
                    + (cancelRatePerMille.map { ", cancel rate \(ChangeRate.text(perMille: $0))" } ?? "")
                : ", max-iterations \(maxIterations)")
            + (bruteforce
                ? ", oracle " + (oracle == "first" || oracle == nil ? "at first quotes" : "at every quote")
                : ", oracle off")
            + (engine.map { ", engine \($0.name) \($0.version)" } ?? "")
    }

    /// The options as (name, value) rows in words, in one fixed order: what diff compares and
    /// the reports list. `relevant` leaves out the options of the other mode.
    public func optionRows(relevant: Bool = false) -> [(name: String, value: String)] {
        let assign = mode == "assign"
        var rows: [(name: String, value: String)] = [
            ("mode", mode), ("seed", String(seed)), ("scenario", scenario), ("date", date),
            ("restaurants", restaurants.isEmpty ? "all" : restaurants.joined(separator: ",")),
            ("max-tables", String(maxTables)), ("hold-ttl", "\(holdTTLSeconds) s"),
            ("bruteforce", bruteforce ? "on" : "off"),
            ("oracle", oracle ?? (bruteforce ? "first (recorded before --oracle)" : "off"))
        ]
        if !relevant || assign { rows.append(("max-iterations", String(maxIterations))) }
        if !relevant || !assign {
            rows += [
                ("clone-limit", String(cloneLimit)), ("source-date", sourceDate),
                ("source-after", ClockText.minutes(sourceAfterMinute)),
                ("avoid-used", avoidUsed ? "yes" : "no"), ("clients", String(clients)),
                ("prefill", prefill ?? (assign ? "-" : "none (recorded before --prefill)"))
            ]
            // Only where a run took its clones in arrival order, so older reports keep their rows.
            if let cloneOrder { rows.append(("clone-order", cloneOrder)) }
            if let editRatePerMille { rows.append(("edit-rate", ChangeRate.text(perMille: editRatePerMille))) }
            if let cancelRatePerMille { rows.append(("cancel-rate", ChangeRate.text(perMille: cancelRatePerMille))) }
        }
        rows.append(("engine", engine.map { "\($0.name) \($0.version) (\($0.command))" } ?? "built-in"))
        // Recorded with the engine, so two runs differing only there differ at run.started.
        if let engine {
            rows += [
                ("engine-timeout", "\(engine.timeoutSeconds) s"),
                ("engine-lookahead", "\(engine.lookAheadMinutes) min"),
                ("engine-rules", engine.rules.isEmpty ? "none declared" : engine.rules.text)
            ]
        }
        return rows
    }
}

/// A share in thousandths, as the options write it.
public enum ChangeRate {
    /// 100 as "0.1", 5 as "0.005", 1000 as "1".
    public static func text(perMille: Int) -> String {
        if perMille >= 1000 { return "1" }
        var digits = String(perMille)
        digits = String(repeating: "0", count: max(0, 3 - digits.count)) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits.isEmpty ? "0" : "0." + digits
    }
}
