#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import CProcessControl

/// How to start a child: the program, its arguments and environment, its three standard streams,
/// whether it gets a process group of its own, and whether it dies with replay. The one place
/// replay starts processes: engines, a sweep's runs, the optimum's solver, the bench's children.
///
/// `posix_spawn` (no copy of replay's memory, which is large during a sweep or the bench), except
/// for a child given a `deathSignal`, which only `fork` can ask for (`replay_spawn` in C). Every
/// descriptor replay opens is close-on-exec: a child holds only its three (an engine that held its
/// own stdin's write end would never see EOF).
public struct ProcessLaunch: Sendable {
    public var executable: String
    /// Arguments after the program's own name (which is `executable`).
    public var arguments: [String]
    /// `NAME=value` entries; nil for replay's own environment.
    public var environment: [String]?
    public var input: ChildStream
    public var output: ChildStream
    public var error: ChildStream
    /// A process group of its own, so that `RunningProcess.signals` ends whatever the child
    /// started too, and a Ctrl-C at the terminal does not reach it (replay decides). Off for a
    /// sweep's runs: they take the terminal's Ctrl-C with replay.
    public var ownGroup: Bool
    /// Sent to the child when replay ends, even by SIGKILL (Linux `PR_SET_PDEATHSIG`); 0 for none.
    public var deathSignal: Int32

    public init(
        executable: String, arguments: [String] = [], environment: [String]? = nil, input: ChildStream = .inherit,
        output: ChildStream = .inherit, error: ChildStream = .inherit, ownGroup: Bool = false, deathSignal: Int32 = 0
    ) {
        self.executable = executable
        self.arguments = arguments
        self.environment = environment
        self.input = input
        self.output = output
        self.error = error
        self.ownGroup = ownGroup
        self.deathSignal = deathSignal
    }

    /// Starts the child. Its streams are opened in order (stdin, stdout, stderr): a failure names
    /// the first that could not be, and leaves nothing open.
    public func start() throws(ProcessFailure) -> RunningProcess {
        var streams = OpenedStreams()
        defer { streams.closeChildEnds() }
        do {
            for (number, stream) in [input, output, error].enumerated() {
                try streams.prepare(stream, as: Int32(number))
            }
        } catch {
            streams.closeParentEnds()
            throw error
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        var environment: [UnsafeMutablePointer<CChar>?] = (self.environment ?? []).map { strdup($0) } + [nil]
        defer { for pointer in argv + environment { free(pointer) } }
        let child = self.environment == nil ? spawn(&argv, environ, streams) : spawn(&argv, &environment, streams)
        guard child > 0 else {
            streams.closeParentEnds()
            throw .cannotStart(executable: executable, errno: -child)
        }
        return RunningProcess(
            pid: child, wholeGroup: ownGroup, input: streams.parentEnds[0], output: streams.parentEnds[1],
            errorOutput: streams.parentEnds[2])
    }

    /// Starts the child, reads its stdout to the end and waits for it: a command's whole output
    /// (with `output: .pipe`) and how it ended. `killingAfter`: as `RunningProcess.readOutput`.
    public func run(killingAfter milliseconds: Int? = nil) throws(ProcessFailure) -> (
        status: ExitStatus, output: [UInt8], killed: Bool
    ) {
        let child = try start()
        let read = child.readOutput(killingAfter: milliseconds)
        return (try child.wait(), read.bytes, read.killed)
    }

    /// The child's pid, or -errno.
    private func spawn(
        _ argv: inout [UnsafeMutablePointer<CChar>?], _ environment: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>,
        _ streams: OpenedStreams
    ) -> pid_t {
        let ends = streams.childEnds
        if deathSignal != 0 {
            return replay_spawn(
                executable, &argv, environment, ends[0], ends[1], ends[2], ownGroup ? 1 : 0, deathSignal)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for number in 0..<3 where ends[number] != Int32(number) {
            posix_spawn_file_actions_adddup2(&actions, ends[number], Int32(number))
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        ChildSignals.reset(&attributes, flags: ownGroup ? POSIX_SPAWN_SETPGROUP : 0)
        posix_spawnattr_setpgroup(&attributes, 0)
        var child: pid_t = 0
        let status = posix_spawn(&child, executable, &actions, &attributes, &argv, environment)
        return status == 0 ? child : -status
    }
}
