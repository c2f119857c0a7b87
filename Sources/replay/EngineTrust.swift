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
    static func command(given: String?, trusted: Bool, recordedCommand: String, capture: String, rerun: String) throws -> String {
        if let given { return given }
        if trusted { return recordedCommand }
        throw CommandFailure.badInput(refusal(recordedCommand: recordedCommand, capture: capture, rerun: rerun))
    }

    /// "CAPTURE: recorded with the engine command 'X'; …": the command shell-quoted (control
    /// characters are escaped when the line is written), with the two ways to go on.
    static func refusal(recordedCommand: String, capture: String, rerun: String) -> String {
        let quoted = RecordArguments.shellQuoted(recordedCommand)
        return "\(capture): recorded with the engine command \(quoted); replay never starts a command read from a file: "
            + "read it, then name it (\(rerun) --engine \(quoted) \(RecordArguments.shellQuoted(capture))) or pass --trust-engine"
    }
}
