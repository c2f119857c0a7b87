#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import ChildProcesses
import Foundation
import Testing

/// Real children of `/bin/sh`: how they end, what reaches their streams, which process group they
/// are in, and what a group kill takes with it.
@Suite struct ProcessLaunchTests {
    /// A shell running `script`, with these streams.
    func shell(
        _ script: String, input: ChildStream = .null, output: ChildStream = .pipe, error: ChildStream = .null,
        ownGroup: Bool = false, deathSignal: Int32 = 0
    ) -> ProcessLaunch {
        ProcessLaunch(
            executable: "/bin/sh", arguments: ["-c", script], input: input, output: output, error: error,
            ownGroup: ownGroup, deathSignal: deathSignal)
    }

    @Test(arguments: [
        ("exit 0", ChildProcesses.ExitStatus.exited(0), 0, "exited with status 0"),
        ("exit 3", .exited(3), 3, "exited with status 3"),
        ("kill -TERM $$", .signalled(SIGTERM), 143, "killed by signal 15"),
        ("kill -KILL $$", .signalled(SIGKILL), 137, "killed by signal 9")
    ])
    func anExitIsToldFromASignal(script: String, status: ChildProcesses.ExitStatus, code: Int32, description: String)
        throws
    {
        for deathSignal in [0, SIGKILL] {  // posix_spawn, and fork (a parent-death signal)
            let ended = try shell(script, output: .null, ownGroup: true, deathSignal: deathSignal).start().wait()
            #expect(ended == status)
            #expect(ended.code == code)
            #expect(ended.description == description)
        }
    }

    @Test func pipesCarryInputAndOutputBothWays() throws {
        for deathSignal in [0, SIGKILL] {
            let child = try shell("cat; echo done >&2", input: .pipe, error: .output, deathSignal: deathSignal).start()
            let line = Array("hello\n".utf8)
            #expect(write(child.input, line, line.count) == line.count)
            child.closeInput()
            let read = child.readOutput()
            #expect(String(decoding: read.bytes, as: UTF8.self) == "hello\ndone\n")
            #expect(!read.killed)
            #expect(try child.wait() == .exited(0))
        }
    }

    @Test func aStderrFileEndsWithTheChildsLastLine() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let log = folder + "/child.err"
        let script =
            "for i in $(seq 1 2000); do echo \"line $i of the log\" >&2; done; echo 'not found: x' >&2; echo >&2"
        #expect(try shell(script, output: .null, error: .file(log)).run().status == .exited(0))
        // The empty last line is passed over; only the last 4 KiB are read.
        #expect(FileTail.lastLine(ofFile: log) == "not found: x")
        #expect(FileTail.lastLine(ofFile: log, tailBytes: .max) == "not found: x")
        // `.appending` adds to the file; `.file` empties it first.
        #expect(try shell("echo again >&2", output: .null, error: .appending(log)).run().status == .exited(0))
        #expect(FileTail.lastLine(ofFile: log) == "again")
        #expect(try shell("echo alone >&2", output: .null, error: .file(log)).run().status == .exited(0))
        #expect(try String(contentsOfFile: log, encoding: .utf8) == "alone\n")
        #expect(FileTail.lastLine(ofFile: folder + "/missing") == nil)
    }

    @Test func aChildLeadsItsOwnGroupOnlyWhenAsked() throws {
        for (ownGroup, deathSignal) in [(false, 0), (true, 0), (true, SIGKILL)] {
            let child = try shell("cut -d' ' -f5 /proc/$$/stat", ownGroup: ownGroup, deathSignal: deathSignal).start()
            let group = String(decoding: child.readOutput().bytes, as: UTF8.self).trimmingCharacters(in: .newlines)
            _ = try child.wait()
            #expect(
                group == String(ownGroup ? child.pid : getpgrp()), "ownGroup \(ownGroup), deathSignal \(deathSignal)")
        }
    }

    @Test func endingAGroupEndsWhatTheChildStarted() throws {
        for deathSignal in [0, SIGKILL] {
            // The grandchild would outlive the shell killed alone.
            let child = try shell(
                "sleep 60 & echo $!; exec sleep 60", input: .pipe, ownGroup: true, deathSignal: deathSignal
            )
            .start()
            var bytes: [UInt8] = []
            var byte: UInt8 = 0
            while read(child.output, &byte, 1) == 1 && byte != UInt8(ascii: "\n") { bytes.append(byte) }
            let grandchild = try #require(pid_t(String(decoding: bytes, as: UTF8.self)))
            #expect(!Self.ended(grandchild))
            #expect(child.end(graceMilliseconds: 50) == .signalled(SIGKILL))
            let deadline = Date().addingTimeInterval(5)
            while !Self.ended(grandchild) && Date() < deadline { usleep(10_000) }
            #expect(Self.ended(grandchild))
        }
    }

    @Test func aChildPastItsTimeIsKilledAndItsOutputKept() throws {
        let started = Date()
        let result = try shell("echo started; exec sleep 30", ownGroup: true).run(killingAfter: 200)
        #expect(result.killed)
        #expect(result.status == .signalled(SIGKILL))
        #expect(String(decoding: result.output, as: UTF8.self) == "started\n")
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func failuresNameWhatCouldNotBeDone() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: ProcessFailure.cannotStart(executable: folder + "/missing", errno: ENOENT)) {
            try ProcessLaunch(executable: folder + "/missing").start()
        }
        #expect(
            ProcessFailure.cannotStart(executable: "/x", errno: ENOENT).description
                == "cannot start /x: No such file or directory")
        #expect(throws: ProcessFailure.cannotOpen(path: folder + "/no/such.log", errno: ENOENT)) {
            try shell("true", error: .file(folder + "/no/such.log")).start()
        }
        // An engine's log is never written through a link placed at its name.
        let link = folder + "/engine.log"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: folder + "/elsewhere")
        #expect(throws: ProcessFailure.cannotOpen(path: link, errno: ELOOP)) {
            try shell("true", error: .appending(link)).start()
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/elsewhere"))
    }

    /// True when `pid` no longer runs: gone, or a zombie (reaped here when it is this process's
    /// child: a test that ran an engine made this process the subreaper of orphans).
    static func ended(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return true }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        guard stat[stat.index(close, offsetBy: 2)] == "Z" else { return false }
        var status: Int32 = 0
        _ = waitpid(pid, &status, WNOHANG)
        return true
    }

    func temporaryFolder() throws -> String {
        var template = Array((NSTemporaryDirectory() + "replay-child-processes-XXXXXX").utf8CString)
        let created = try #require(mkdtemp(&template))
        return String(cString: created)
    }
}
