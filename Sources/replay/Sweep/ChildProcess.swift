#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import Foundation
import StressRunner

/// A `replay` child process (the unit of a sweep or a shrink): started with `posix_spawn`, its
/// stdout and stderr written to files, waited for on the calling thread. Foundation's `Process`
/// is not used because sweeps wait on many children from worker threads at once.
enum ChildProcess {
    /// How a child ended.
    struct Exit: Equatable, Sendable {
        /// The exit status, or 128 + the signal that killed it.
        var code: Int32
        var signalled: Bool
    }

    /// This executable's path, so children run the very build that started them.
    static let replayExecutable: String = {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }()

    /// Runs `replay ARGUMENTS` with stdin from /dev/null and waits for it.
    static func runReplay(_ arguments: [String], stdout stdoutPath: String, stderr stderrPath: String) throws -> Exit {
        let outputDescriptor = open(stdoutPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard outputDescriptor >= 0 else {
            throw CommandFailure.badInput("\(stdoutPath): cannot create (\(String(cString: strerror(errno))))")
        }
        defer { close(outputDescriptor) }
        let errorDescriptor = open(stderrPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard errorDescriptor >= 0 else {
            throw CommandFailure.badInput("\(stderrPath): cannot create (\(String(cString: strerror(errno))))")
        }
        defer { close(errorDescriptor) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outputDescriptor, 1)
        posix_spawn_file_actions_adddup2(&actions, errorDescriptor, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildSignals.reset(&attributes)
        let argv0 = [replayExecutable] + arguments
        var argv: [UnsafeMutablePointer<CChar>?] = argv0.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let status = posix_spawn(&child, replayExecutable, &actions, &attributes, &argv, environ)
        guard status == 0 else {
            throw CommandFailure.badInput("cannot start \(replayExecutable): \(String(cString: strerror(status)))")
        }
        var waitStatus: Int32 = 0
        while waitpid(child, &waitStatus, 0) < 0 {
            guard errno == EINTR else {
                throw CommandFailure.badInput("cannot wait for a replay child: \(String(cString: strerror(errno)))")
            }
        }
        let signal = waitStatus & 0x7F
        return signal == 0
            ? Exit(code: (waitStatus >> 8) & 0xFF, signalled: false) : Exit(code: 128 + signal, signalled: true)
    }

    /// The last non-empty line of a file (a child's one-line error) with `removing` taken out,
    /// then cut at 300 characters.
    static func lastLine(of path: String, removing: String = "") -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "" }
        var line = text.split(separator: "\n").last.map(String.init) ?? ""
        if !removing.isEmpty { line = line.replacingOccurrences(of: removing, with: "") }
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
