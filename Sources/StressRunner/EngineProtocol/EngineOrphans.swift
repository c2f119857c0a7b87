#if canImport(Glibc)
    import Glibc
#else
    import Darwin
#endif
import CProcessControl
import Foundation
import Synchronization

/// What an engine started outside its process group, ended with its session.
///
/// Killing the engine's group ends everything it started, except a process that called `setsid()`
/// (a daemonizing engine's worker): it has a group of its own and would outlive `record`. So a
/// process that runs an engine becomes the reaper of its orphans (`PR_SET_CHILD_SUBREAPER`): when
/// the engine ends, such a process is re-parented to replay instead of to init. Each engine gets an
/// environment variable naming its session; at the session's end, replay's children that carry it
/// are killed (with their groups) and reaped, round after round until none is left (killing one
/// hands its own children to replay). Children replay started itself are never touched: they do
/// not carry the mark, and a zombie is reaped only when it was in the engine's group or killed here.
/// Linux only (`/proc`); elsewhere the group kill is all there is.
enum EngineOrphans {
    /// The environment variable that marks an engine's processes.
    static let variable = "REPLAY_ENGINE_SESSION"
    /// Sessions started by this process, for a mark no other session shares.
    private static let started = Atomic<Int>(0)
    /// Rounds of kill and reap at most (a chain of setsid processes one deeper each round).
    static let maximumRounds = 64

    /// A new session's mark (and this process made a subreaper, once it runs an engine).
    static func startSession() -> String {
        _ = replay_become_subreaper()
        return "\(getpid()).\(started.add(1, ordering: .relaxed).newValue)"
    }

    /// replay's environment with the session's mark.
    static func environment(marking session: String) -> [String] {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if !text.hasPrefix(variable + "=") { entries.append(text) }
            pointer += 1
        }
        return entries + ["\(variable)=\(session)"]
    }

    /// Kills and reaps the session's processes that came back to replay: marked living children,
    /// and zombies of the engine's `group` or killed here.
    static func end(session: String, group: pid_t) {
        guard !session.isEmpty else { return }
        let mark = Array("\(variable)=\(session)".utf8)
        var killed = Set<pid_t>()
        for _ in 0..<maximumRounds {
            var acted = false
            for child in children() {
                if child.zombie {
                    guard child.group == group || killed.contains(child.pid) else { continue }
                    var status: Int32 = 0
                    _ = waitpid(child.pid, &status, WNOHANG)
                    acted = true
                } else if !killed.contains(child.pid), environment(of: child.pid, holds: mark) {
                    kill(-child.pid, SIGKILL)
                    kill(child.pid, SIGKILL)
                    killed.insert(child.pid)
                    acted = true
                }
            }
            if !acted && killed.allSatisfy({ kill($0, 0) != 0 && errno == ESRCH }) { return }
            usleep(1_000)
        }
    }

    /// This process's children as `/proc` lists them: pid, process group, whether a zombie.
    private static func children() -> [(pid: pid_t, group: pid_t, zombie: Bool)] {
        let me = getpid()
        guard let directory = opendir("/proc") else { return [] }
        defer { closedir(directory) }
        var result: [(pid: pid_t, group: pid_t, zombie: Bool)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard let pid = pid_t(name), let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { continue }
            // After "pid (comm) ": state, ppid, pgrp (comm may hold spaces and parentheses).
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 3, let parent = pid_t(fields[1]), parent == me, let group = pid_t(fields[2]) else {
                continue
            }
            result.append((pid, group, fields[0] == "Z"))
        }
        return result
    }

    /// True when the process's environment (NUL-separated entries) holds the entry `mark` (`NAME=value`).
    private static func environment(of pid: pid_t, holds mark: [UInt8]) -> Bool {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
        var start = data.startIndex
        while start < data.endIndex {
            let end = data[start...].firstIndex(of: 0) ?? data.endIndex
            if data[start..<end].elementsEqual(mark) { return true }
            start = end + 1
        }
        return false
    }
}
