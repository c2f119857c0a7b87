import Sweeps
import CommandSupport
import Allocation
import Projections

/// The security rule for engine commands: a capture is data, never code.
///
/// A capture recorded with `--engine CMD` stores CMD, and re-executing the run needs the
/// engine again. But captures are shared (bug reports, shrink results, CI artefacts), and
/// anyone can edit the stored command and re-chain the log: it would then run as a shell
/// command on the machine of whoever reproduces the capture. So no command starts a shell
/// command it read from a file. The user names the engine on the command line (`--engine
/// CMD`), or says with `--trust-engine` that they have read the recorded one and accept it.
enum EngineTrust {
    /// The engine command to start for a capture recorded with `recordedCommand`: the one named
    /// on the command line, else the recorded one when the user trusts it; otherwise exit 2 with
    /// one line that shows the recorded command and how to run it.
    /// Nil for a capture of the built-in allocator (`recorded` nil), where naming or trusting an
    /// engine is refused: there is none to start.
    static func command(given: String?, trusted: Bool, recorded: EngineIdentity?, capture: String, rerun: String) throws
        -> String?
    {
        guard let recorded else {
            if given != nil || trusted {
                throw CommandFailure.badInput(
                    "\(capture): --engine and --trust-engine: the capture was recorded with the built-in allocator")
            }
            return nil
        }
        if let given { return given }
        if trusted { return recorded.command }
        throw CommandFailure.badInput(refusal(recordedCommand: recorded.command, capture: capture, rerun: rerun))
    }

    /// "CAPTURE: recorded with the engine command 'X' (N characters); …": the command shell-quoted
    /// (control and invisible format characters are escaped when the line is written, and a
    /// long one is cut, hence its length and where to read it whole), with the two ways to go on.
    /// The way to run it names `CMD`, not the stored text: what is pasted should be what was read.
    static func refusal(recordedCommand: String, capture: String, rerun: String) -> String {
        let quotedCapture = RecordArguments.shellQuoted(capture)
        return
            "\(capture): recorded with the engine command \(RecordArguments.shellQuoted(recordedCommand)) (\(Counted.text(recordedCommand.count, "character"))); "
            + "replay never starts a command read from a file: read it (replay show \(quotedCapture) --type run.started --json), "
            + "then name the engine yourself (\(rerun) --engine CMD \(quotedCapture)) or pass --trust-engine"
    }
}
