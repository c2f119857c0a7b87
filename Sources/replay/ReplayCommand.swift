import CommandSupport
import ArgumentParser
import CanonicalJSON
import EventLog
import Foundation

/// The `replay` command: parses arguments, calls the libraries, maps errors to exit codes
/// (0 success, 1 a difference, divergence or violation, 2 bad usage or bad input).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Record, reproduce and compare deterministic stress runs of a table-allocation engine.",
        version: ToolVersion.current,
        subcommands: [
            RecordCommand.self, RunCommand.self, EngineCommand.self, OptimumCommand.self, DiffCommand.self,
            VerifyCommand.self, ShowCommand.self, ReportCommand.self, ScenarioCommand.self, SweepCommand.self,
            ShrinkCommand.self
        ]
    )

    /// Runs the command line, turning every error into one line on stderr and an exit code.
    static func main(arguments: [String]) {
        var command: ParsableCommand
        do {
            if let word = arguments.dropFirst().first, !word.hasPrefix("-"), !Self.commandNames.contains(word) {
                let names = Self.commandNames
                let closest = names.min { Self.distance(word, $0) < Self.distance(word, $1) }
                let hint = closest.flatMap { Self.distance(word, $0) <= 2 ? " Did you mean '\($0)'?" : nil } ?? ""
                throw CommandFailure.badInput(
                    "replay: unknown command '\(word)'.\(hint) Commands: \(names.joined(separator: ", ")) (see replay --help)"
                )
            }
            command = try parseAsRoot(Array(arguments.dropFirst()))
        } catch {
            exit(with: error, parsing: true)
        }
        do {
            try command.run()
            exitIfStdoutFailed()
        } catch {
            exit(with: error, parsing: false)
        }
    }

    /// Ends the process for `error`: one line on stderr (or the help on stdout) and its exit code.
    /// `parsing`: the error came from parsing and `validate()`, not from `run()`.
    static func exit(with error: Error, parsing: Bool) -> Never {
        switch error {
        case let failure as CommandFailure:
            Terminal.error(failure.message)
            Foundation.exit(failure.code)
        case let exitCode as ExitCode:
            // A verdict (exit 1: "different", "failed") printed to a full disk is no verdict.
            if exitCode != .success { exitIfStdoutFailed() }
            Foundation.exit(exitCode.rawValue)
        case let interruption as RunInterrupted:
            Terminal.error("replay: \(interruption); stopped")
            Foundation.exit(128 + interruption.signal)
        default:
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            if parsing && code == .failure {
                // A refusal a command's `validate()` threw (a `CommandFailure`): argument-parser
                // wraps it and gives its message whole, with EXIT_FAILURE (its own parse errors
                // exit 64). Exit 2, as every refusal of bad input.
                Terminal.error(message(for: error))
                Foundation.exit(2)
            }
            Terminal.error(
                "replay: " + message(for: error).split(separator: "\n").joined(separator: " ") + " (see replay --help)")
            Foundation.exit(2)
        }
    }
}

extension ReplayCommand {
    /// Output is the product: a write to stdout that failed (a full disk) is an error, exit 2,
    /// whatever the command concluded; a reader that went away (`| head`, EPIPE) is not.
    static func exitIfStdoutFailed() {
        guard let failure = Terminal.stdoutFailure, failure != EPIPE else { return }
        Terminal.error(
            "replay: cannot write to stdout (\(String(cString: strerror(failure)))); the output is incomplete")
        Foundation.exit(2)
    }

    /// The subcommands' names, for "did you mean": read from `configuration.subcommands`, so a
    /// new command is suggested without a second list to keep.
    static let commandNames = configuration.subcommands.map { $0._commandName } + ["help"]

    /// Edit distance (for "did you mean").
    static func distance(_ a: String, _ b: String) -> Int {
        let left = Array(a)
        let right = Array(b)
        var previous = Array(0...right.count)
        for (i, x) in left.enumerated() {
            var current = [i + 1] + [Int](repeating: 0, count: right.count)
            for (j, y) in right.enumerated() {
                current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1))
            }
            previous = current
        }
        return previous[right.count]
    }
}
