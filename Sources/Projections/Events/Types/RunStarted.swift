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

    public init(command: String, name: String, version: String, lookAheadMinutes: Int) {
        self.command = command
        self.name = name
        self.version = version
        self.lookAheadMinutes = lookAheadMinutes
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
    /// The outside engine, when the run used one (`record --engine`).
    public var engine: EngineIdentity?

    public init(scenario: String, scenarioDate: String, date: String, mode: String, seed: Int, restaurants: [String],
                maxIterations: Int, maxTables: Int, holdTTLSeconds: Int, cloneLimit: Int, sourceDate: String,
                sourceAfterMinute: Int, avoidUsed: Bool, clients: Int, bruteforce: Bool, engine: EngineIdentity? = nil) {
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
        self.engine = engine
    }
}

extension RunStarted: EventPayload {
    public static let type = "run.started"
    public static let isInput = true
    public var body: EventBody { .runStarted(self) }

    public func encode(into w: inout JSONWriter) {
        w.field("scenario", scenario); w.field("scenario_date", scenarioDate); w.field("date", date)
        w.field("mode", mode); w.field("seed", seed); w.field("restaurants", restaurants)
        w.field("max_iterations", maxIterations); w.field("max_tables", maxTables)
        w.field("hold_ttl_seconds", holdTTLSeconds); w.field("clone_limit", cloneLimit)
        w.field("source_date", sourceDate); w.field("source_after_minute", sourceAfterMinute)
        w.field("avoid_used", avoidUsed); w.field("clients", clients); w.field("bruteforce", bruteforce)
        if let engine {
            w.key("engine"); w.beginObject()
            w.field("command", engine.command); w.field("name", engine.name); w.field("version", engine.version)
            w.field("lookahead_minutes", engine.lookAheadMinutes)
            w.endObject()
        }
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> RunStarted {
        var started = RunStarted(scenario: try p.string("scenario"), scenarioDate: try p.string("scenario_date"), date: try p.string("date"),
                   mode: try p.string("mode"), seed: try p.int("seed"), restaurants: try p.strings("restaurants"),
                   maxIterations: try p.int("max_iterations"), maxTables: try p.int("max_tables"),
                   holdTTLSeconds: try p.int("hold_ttl_seconds"), cloneLimit: try p.int("clone_limit"),
                   sourceDate: try p.string("source_date"), sourceAfterMinute: try p.int("source_after_minute"),
                   avoidUsed: try p.bool("avoid_used"), clients: try p.int("clients"), bruteforce: try p.bool("bruteforce"))
        if p.hasAnotherField() {
            try p.key("engine")
            try p.beginObject()
            started.engine = EngineIdentity(command: try p.string("command"), name: try p.string("name"), version: try p.string("version"),
                                            lookAheadMinutes: try p.int("lookahead_minutes"))
            try p.endObject()
        }
        return started
    }

    public var summary: String {
        "\(scenario) \(mode) seed \(seed), date \(date), max-tables \(maxTables), hold-ttl \(holdTTLSeconds) s"
            + (mode == "reserve" ? ", clone-limit \(cloneLimit), clients \(clients)" : ", max-iterations \(maxIterations)")
            + (bruteforce ? ", oracle on" : ", oracle off")
            + (engine.map { ", engine \($0.name) \($0.version)" } ?? "")
    }

    /// The options as (name, value) rows in words, in one fixed order: what diff compares and
    /// the reports list. `relevant` leaves out the options of the other mode.
    public func optionRows(relevant: Bool = false) -> [(name: String, value: String)] {
        let assign = mode == "assign"
        var rows: [(name: String, value: String)] = [
            ("mode", mode), ("seed", String(seed)), ("scenario", scenario), ("date", date),
            ("restaurants", restaurants.isEmpty ? "all" : restaurants.joined(separator: ",")),
            ("max-tables", String(maxTables)), ("hold-ttl", "\(holdTTLSeconds) s"), ("bruteforce", bruteforce ? "on" : "off"),
        ]
        if !relevant || assign { rows.append(("max-iterations", String(maxIterations))) }
        if !relevant || !assign {
            rows += [("clone-limit", String(cloneLimit)), ("source-date", sourceDate), ("source-after", ClockText.minutes(sourceAfterMinute)),
                     ("avoid-used", avoidUsed ? "yes" : "no"), ("clients", String(clients))]
        }
        rows.append(("engine", engine.map { "\($0.name) \($0.version) (\($0.command))" } ?? "built-in"))
        return rows
    }
}
