import Foundation
import Testing

/// The command line on argument-parser's own tools: help generated from typed options, the run
/// options declared once for `record` and `sweep` (and the re-execution engine's for `run` and
/// `shrink`), refusals worded by each command's `validate()` before anything runs.
@Suite struct CommandLineTests {
    /// Every command's and subcommand's name, read from the help's SUBCOMMANDS sections.
    static func commands(below path: [String] = [], in folder: URL) throws -> [[String]] {
        let help = try Replay.run(path + ["--help"], in: folder)
        #expect(help.status == 0, "\(path): \(help.stderr)")
        guard let section = help.stdout.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [] }
        var found: [[String]] = []
        for line in section.split(separator: "\n") where line.hasPrefix("  ") && !line.hasPrefix("   ") {
            guard let name = line.split(separator: " ").first.map(String.init), name != "See" else { continue }
            found.append(path + [name])
            found += try commands(below: path + [name], in: folder)
        }
        return found
    }

    /// The help's option entries: each `--name` line with the lines under it, by the option's names.
    static func entries(_ help: String) -> [(names: String, text: String)] {
        var entries: [(names: String, text: String)] = []
        for line in help.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.drop { $0 == " " }
            let indent = line.count - trimmed.count
            if indent == 2 && trimmed.hasPrefix("-") {
                entries.append((String(trimmed.prefix { $0 != " " }), String(trimmed)))
            } else if indent > 2, !entries.isEmpty, !trimmed.isEmpty {
                entries[entries.count - 1].text += " " + trimmed
            }
        }
        return entries
    }

    @Test func everyHelpShowsEachDefaultOnce() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let commands = try Self.commands(in: folder)
        #expect(commands.contains(["sweep", "run"]) && commands.contains(["engine", "check"]), "\(commands)")
        var checked = 0
        for command in commands {
            let help = try Replay.run(command + ["--help"], in: folder)
            #expect(help.status == 0, "\(command): \(help.stderr)")
            for entry in Self.entries(help.stdout) {
                checked += 1
                let defaults = entry.text.components(separatedBy: "default:").count - 1
                #expect(defaults <= 1, "\(command) \(entry.names): \(entry.text)")
            }
        }
        #expect(checked > 100, "only \(checked) option entries read")
    }

    /// One declaration, one text: what `record` and `sweep` share reads the same in both helps,
    /// and so does the engine of a re-execution in `run` and `shrink`.
    @Test func sharedOptionsReadTheSameInEveryCommand() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func help(_ command: [String]) throws -> [String: String] {
            let result = try Replay.run(command + ["--help"], in: folder)
            return Dictionary(Self.entries(result.stdout).map { ($0.names, $0.text) }, uniquingKeysWith: { a, _ in a })
        }
        let record = try help(["record"])
        let sweep = try help(["sweep", "run"])
        let shared = [
            "--restaurant", "--date", "--max-iterations", "--clone-limit", "--source-date", "--source-after",
            "--avoid-used", "--prefill", "--clone-order", "--edit-rate", "--cancel-rate",
            "--bruteforce/--no-bruteforce",
            "--oracle", "--engine", "--engine-timeout", "--engine-protocol"
        ]
        for name in shared {
            #expect(record[name] != nil, "record --help has no \(name)")
            #expect(
                record[name] == sweep[name], "\(name): record says \(record[name] ?? "-"), sweep \(sweep[name] ?? "-")")
        }
        let run = try help(["run"])
        let shrink = try help(["shrink"])
        for name in ["--engine", "--trust-engine", "--engine-timeout"] {
            #expect(
                run[name] != nil && run[name] == shrink[name], "\(name): \(run[name] ?? "-") / \(shrink[name] ?? "-")")
        }
        // A typed choice lists its values in the help (and to shell completion).
        #expect(record["--prefill"]?.contains("(values: assign, none, real)") == true, "\(record["--prefill"] ?? "-")")
        #expect(sweep["--keep"]?.contains("values: failing, all, none") == true, "\(sweep["--keep"] ?? "-")")
    }

    /// A refusal of `validate()` is replay's one line and exit 2, before anything is read: a
    /// capture that does not exist is not even looked for.
    @Test(arguments: [
        (["run", "--json", "missing.db"], "replay run: --json goes with --at (the floor as JSON)"),
        (["run", "--engine-timeout", "0", "missing.db"], "replay run: --engine-timeout must be in 1...3600, found 0"),
        (["show", "missing.db", "--json", "--csv"], "replay show: --json and --csv contradict each other; choose one"),
        (
            ["report", "missing.db", "--floors", "sideways"],
            "replay report: --floors must be auto, svg or script, found sideways"
        ),
        (["diff", "missing.db", "other.db", "--fail-on", "better"], "replay diff: --fail-on takes worse, found better"),
        (
            ["optimum", "missing.db", "--objective", "tables"],
            "replay optimum: --objective must be bookings or covers, found tables"
        ),
        (
            ["shrink", "missing.db", "--until", "phantom", "--engine-timeout", "9999"],
            "replay shrink: --engine-timeout must be in 1...3600, found 9999"
        ),
        (["shrink", "missing.db", "--strategy", "x"], "replay shrink: --strategy goes with --quote"),
        (
            ["scenario", "generate", "--mix", "typical"],
            "replay scenario generate: --mix must be realistic or original, found typical"
        ),
        (
            ["sweep", "--mode", "reserve", "--oracle", "sideways"],
            "replay sweep: --oracle must be every or first, found sideways"
        ),
        (
            ["sweep", "--mode", "reserve", "--edit-rate", "0.7", "--cancel-rate", "0.5"],
            "replay sweep: --edit-rate and --cancel-rate must add up to at most 1"
        ),
        (
            ["engine", "replay", "missing", "true", "--engine-timeout", "0"],
            "replay engine replay: --engine-timeout must be in 1...3600"
        ),
        (
            ["run", "--rebuild", "--engine-timeout", "5", "missing.db"],
            "replay run: --engine-timeout goes with re-execution; --rebuild and --at never start an engine"
        ),
        (
            ["shrink", "missing.db", "--quote", "5", "--jobs", "2"],
            "replay shrink: --jobs goes with --until (--quote records nothing)"
        )
    ])
    func aRefusalIsOneLineBeforeAnythingIsRead(arguments: [String], message: String) throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try Replay.run(arguments, in: folder)
        #expect(result.status == 2, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr == message + "\n", "\(arguments): \(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    /// What a sweep's runs share now includes the guests' changes and the clone order: given to
    /// every reserve run, and part of the sweep's identity (shards of sweeps that differ in them
    /// are not one sweep).
    @Test func aSweepGivesItsRunsEveryRunOption() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = [
            "sweep", "--mode", "reserve", "--seeds", "1..1", "--clone-limit", "12", "--edit-rate", "0.5",
            "--clone-order", "arrival", "--check", "invariants", "--quiet"
        ]
        let result = try Replay.run(arguments + ["--out", "s"], in: folder)
        #expect(result.status == 0, "\(result.stderr)")
        let rows = try Replay.shell(
            "sqlite3 s/sweep.db \"SELECT command FROM runs\"; sqlite3 s/sweep.db \"SELECT value FROM meta WHERE key = 'definition'\"",
            in: folder)
        #expect(rows.stdout.contains("--clone-order arrival --edit-rate 0.5"), "\(rows.stdout)")
        #expect(rows.stdout.contains(#""clone_order":"arrival""#), "\(rows.stdout)")
        #expect(rows.stdout.contains(#""edit_rate_per_mille":500"#), "\(rows.stdout)")
    }

    /// A shrink records its candidates with the capture's engine timeout unless told otherwise,
    /// as `run` re-executes with it: a slow engine recorded with `--engine-timeout 30` is not
    /// shrunk with 10 seconds.
    @Test func aShrinkGivesTheEngineItsRecordedTimeout() throws {
        let folder = newFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let engine = "python3 " + EngineProtocolTests.example.path
        let record = try Replay.run(
            ["record", "--quiet", "--no-reports", "--engine", engine, "--engine-timeout", "30", "--out", "e.db"],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        for (extra, timeout) in [([String](), "30"), (["--engine-timeout", "45"], "45")] {
            let out = "small-\(timeout)"
            let shrink = try Replay.run(
                [
                    "shrink", "e.db", "--until", "success-below:99", "--trust-engine", "--max-recordings", "2", "--out",
                    out
                ]
                    + extra, in: folder)
            #expect(shrink.status == 0, "\(shrink.stderr)")
            #expect(shrink.stdout.contains("--engine-timeout \(timeout)\n"), "\(extra): \(shrink.stdout)")
        }
    }
}
