import ArgumentParser
import EventLog
import Foundation

/// The `replay` command: parses arguments, calls the libraries, maps errors to exit codes
/// (0 success, 1 a difference, divergence or violation, 2 bad usage or bad input).
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Record, reproduce and compare deterministic stress runs of a table-allocation engine.",
        version: ToolVersion.current,
        subcommands: [RecordCommand.self, RunCommand.self, EngineCommand.self, DiffCommand.self, VerifyCommand.self, ShowCommand.self, ReportCommand.self, ScenarioCommand.self]
    )

    /// Runs the command line, turning every error into one line on stderr and an exit code.
    static func main(arguments: [String]) {
        do {
            var command = try parseAsRoot(Array(arguments.dropFirst()))
            try command.run()
        } catch let failure as CommandFailure {
            Terminal.error(failure.message)
            Foundation.exit(failure.code)
        } catch let exitCode as ExitCode {
            Foundation.exit(exitCode.rawValue)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Terminal.error("replay: " + message(for: error).split(separator: "\n").joined(separator: " ") + " (see replay --help)")
            Foundation.exit(2)
        }
    }
}

/// An error with its exit code and its one-line message.
struct CommandFailure: Error {
    var code: Int32
    var message: String

    static func badInput(_ message: String) -> CommandFailure { CommandFailure(code: 2, message: message) }
    static func found(_ message: String) -> CommandFailure { CommandFailure(code: 1, message: message) }
}

/// Writing to the terminal's streams, checking errors (a full disk or a closed pipe).
enum Terminal {
    static func error(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Writes to stdout; false when the reader has gone (closed pipe) or the write failed.
    @discardableResult
    static func out(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    static func line(_ text: String) -> Bool { out(text + "\n") }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }
    static var stdoutIsTerminal: Bool { isatty(1) == 1 }
    /// Colours only on a terminal and never with NO_COLOR set.
    static var useColour: Bool { stdoutIsTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil }
}
