import CommandSupport
import ChildProcesses
import Foundation

/// A `replay` child process (the unit of a sweep or a shrink), started through `ChildProcesses`:
/// stdin from /dev/null, stdout and stderr written to files, waited for on the calling thread
/// (sweeps wait on many children from worker threads at once). It stays in replay's process
/// group: a Ctrl-C at the terminal reaches every run, which finishes and records the interruption
/// (`WorkerPool`).
package enum ChildProcess {
    /// This executable's path, so children run the very build that started them.
    package static let replayExecutable: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }()

    /// Runs `replay ARGUMENTS` with stdin from /dev/null and waits for it: its exit status, or
    /// 128 + the signal that killed it (`ExitStatus.code`).
    package static func runReplay(_ arguments: [String], stdout stdoutPath: String, stderr stderrPath: String) throws
        -> ExitStatus
    {
        let launch = ProcessLaunch(
            executable: replayExecutable, arguments: arguments, input: .null, output: .file(stdoutPath),
            error: .file(stderrPath))
        do {
            return try launch.start().wait()
        } catch {
            switch error {
            case .cannotOpen(let path, _): throw CommandFailure.badInput("\(path): cannot create (\(error.reason))")
            case .cannotWait: throw CommandFailure.badInput("cannot wait for a replay child: \(error.reason)")
            default: throw CommandFailure.badInput(error.description)
            }
        }
    }

    /// The last non-empty line of a file (a child's one-line error) with `removing` taken out,
    /// then cut at 300 characters.
    package static func lastLine(of path: String, removing: String = "") -> String {
        var line = FileTail.lastLine(ofFile: path, tailBytes: .max) ?? ""
        if !removing.isEmpty { line = line.replacingOccurrences(of: removing, with: "") }
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
