import ArgumentParser
import CommandSupport
import Projections

/// The options of a command that starts a capture's engine again (`run`, `shrink`), shared
/// (`@OptionGroup`): the engine named on the command line, or the recorded one trusted
/// (`EngineTrust`: a capture is data, never code), and how long it may take.
struct RecordedEngineArguments: ParsableArguments {
    @Option(
        help:
            "The engine to re-execute the capture with (shrink: to record each candidate, or ask the quote, with); a capture recorded with an engine needs it, or --trust-engine."
    )
    var engine: String?
    @Flag(
        help:
            "Start the engine command recorded in the capture instead: only for a capture you trust, as it runs as a shell command."
    )
    var trustEngine = false
    @Option(
        parsing: .unconditional,
        help: "Seconds the engine may take to answer one request (1...3600). (default: the recorded timeout)")
    var engineTimeout: Int?

    /// The engine options given, by name: a command that starts no engine refuses them.
    var given: [String] {
        [("--engine", engine != nil), ("--trust-engine", trustEngine), ("--engine-timeout", engineTimeout != nil)]
            .filter(\.1).map(\.0)
    }

    /// The values alone, for a command's `validate()`.
    func check(command: String) throws {
        if let engineTimeout, !(1...3_600).contains(engineTimeout) {
            throw CommandFailure.badInput("\(command): --engine-timeout must be in 1...3600, found \(engineTimeout)")
        }
    }

    /// The engine command to start for `capture` (nil for one of the built-in allocator), as
    /// `EngineTrust` allows; `rerun` is the command line that names one, for its refusal.
    func command(recorded: EngineIdentity?, capture: String, rerun: String) throws -> String? {
        if recorded == nil && engineTimeout != nil {
            throw CommandFailure.badInput(
                "\(capture): --engine-timeout: the capture was recorded with the built-in allocator")
        }
        return try EngineTrust.command(
            given: engine, trusted: trustEngine, recorded: recorded, capture: capture, rerun: rerun)
    }

    /// Seconds the engine may take: `--engine-timeout`, else the recorded timeout (held to the
    /// range, as a capture is read as data).
    func timeoutSeconds(recorded: Int) -> Int { engineTimeout ?? min(max(recorded, 1), 3_600) }
}
