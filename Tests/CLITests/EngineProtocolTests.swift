import CanonicalJSON
import EventLog
import Foundation
import Projections
import Testing

/// The engine protocol with real child processes: the built-in allocator behind it, the Python
/// example, and test engines that misbehave on purpose (Tests/CLITests/Engines/test_engine.py).
@Suite(.serialized) struct EngineProtocolTests {
    static let engines = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Engines")
    static let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("examples/engines/python/engine.py")

    /// The test engine's command with a behaviour.
    static func engine(_ behaviour: String, after: Int = 1) -> String {
        "python3 '\(engines.appendingPathComponent("test_engine.py").path)' --behaviour \(behaviour) --after \(after)"
    }

    static func events(_ path: String) throws -> [(record: EventRecord, event: Event)] {
        let reader = try CaptureReader(path: path)
        var result: [(EventRecord, Event)] = []
        try reader.forEachEvent { record in
            result.append((record, try Event.decode(record)))
            return true
        }
        return result
    }

    /// The stored payload with the engine's identity and answer records taken out: what must
    /// equal the built-in's.
    static func withoutEngine(_ event: Event) -> String {
        var writer = JSONWriter()
        return Event(
            at: event.at, restaurant: event.restaurant, booking: event.booking, event.body.withoutEngineRecords
        ).payloadText(using: &writer)
    }

    static func meta(_ path: String, _ key: String) throws -> String? { try CaptureReader(path: path).metaValue(key) }

    @Test(arguments: [
        ["--mode", "assign"],
        ["--mode", "reserve", "--clients", "4", "--clone-limit", "40"],
        ["--scenario", "generated.json", "--max-tables", "3"]
    ])
    func engineServeGivesTheBuiltInsEvents(options: [String]) throws {
        let folder = newFolder()
        if options.contains("generated.json") {
            let generated = try Replay.run(
                [
                    "scenario", "generate", "--restaurants", "12", "--bookings", "400", "--seed", "5", "--out",
                    "generated.json"
                ],
                in: folder)
            #expect(generated.status == 0, "\(generated.stderr)")
        }
        let plain = try Replay.run(["record", "--quiet", "--out", "plain.db", "--reports", "r"] + options, in: folder)
        let served = try Replay.run(
            [
                "record", "--quiet", "--out", "served.db", "--reports", "r", "--engine",
                "'\(Replay.binary.path)' engine serve"
            ]
                + options, in: folder)
        #expect(plain.status == 0 && served.status == 0, "\(plain.stderr) \(served.stderr)")
        let a = try Self.events(folder.appendingPathComponent("plain.db").path)
        let servedEvents = try Self.events(folder.appendingPathComponent("served.db").path)
        // An outside engine's "no capacity" at creation is a claim the oracle checks (a
        // coverage.measured right after the refusal); the built-in's is its own search, not
        // checked. Past those, the served run is the built-in's event for event.
        let b = servedEvents.indices.filter { index in
            !(servedEvents[index].record.type == "coverage.measured" && index > 0
                && servedEvents[index - 1].record.type == "booking.refused")
        }.map { servedEvents[$0] }
        let checkedRefusals = servedEvents.count - b.count
        #expect(a.count == b.count && a.count > 300)
        for (left, right) in zip(a, b) {
            #expect(
                left.record.type == right.record.type && left.record.at == right.record.at, "event \(left.record.seq)")
            // run.completed counts every event, the checked refusals' too.
            let expected =
                left.record.type == "run.completed"
                ? left.record.payload.replacingOccurrences(
                    of: "\"events\":\(a.count - 1)}", with: "\"events\":\(servedEvents.count - 1)}")
                : left.record.payload
            #expect(expected == Self.withoutEngine(right.event), "event \(left.record.seq)")
            if expected != Self.withoutEngine(right.event) { break }
        }
        // The engine's identity is recorded, in run.started and meta.
        // diff sees the engine among the inputs and the same allocation past them.
        let diff = try Replay.run(["diff", "plain.db", "served.db"], in: folder)
        if checkedRefusals == 0 {
            #expect(
                diff.stdout.contains("past the inputs, the allocation events are the same in both runs"),
                "\(diff.stdout)")
        } else {
            #expect(
                diff.stdout.contains("bookings: 0 changed,") && diff.stdout.contains(", 0 only in A, 0 only in B"),
                "\(diff.stdout)")
        }
        guard case .runStarted(let started) = b[0].event.body else {
            Issue.record("no run.started")
            return
        }
        #expect(started.engine?.name == "replay-builtin")
        #expect(try Self.meta(folder.appendingPathComponent("served.db").path, "engine") == "replay-builtin")
        // Every capture recorded now is format 5 (the oracle's scope and verdicts); with an outside
        // engine, 8 (the version its session spoke, and answers reused).
        let reserve = options.contains("reserve")
        #expect(try Self.meta(folder.appendingPathComponent("served.db").path, "format_version") == "8")
        #expect(try Self.meta(folder.appendingPathComponent("plain.db").path, "format_version") == "5")
        #expect(!reserve || checkedRefusals > 0, "a live floor refuses some clones for no capacity")
    }

    @Test func anOutsideEngineRecordsVerifiesReproducesAndFolds() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--quiet", "--out", "day.db", "--reports", "r", "--engine", "python3 '\(Self.example.path)'"],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        for command in [
            ["verify", "day.db"], ["run", "--trust-engine", "day.db"], ["run", "--rebuild", "day.db"],
            ["report", "day.db", "--reports", "r2"]
        ] {
            let result = try Replay.run(command, in: folder)
            #expect(result.status == 0, "\(command): \(result.stdout) \(result.stderr)")
        }
        let events = try Self.events(folder.appendingPathComponent("day.db").path)
        let coverage = events.compactMap {
            if case .coverageMeasured(let measured) = $0.event.body { measured } else { nil }
        }
        let firstQuotes = events.filter {
            if case .quoteIssued(let quote) = $0.event.body { quote.attempt == 1 } else { false }
        }.count
        #expect(coverage.count == firstQuotes && firstQuotes > 90)
        #expect(coverage.allSatisfy { $0.quotedFeasible == $0.feasible && $0.unsound.isEmpty })
        #expect(
            events.contains {
                if case .quoteIssued(let quote) = $0.event.body { quote.engine?.digest.count == 16 } else { false }
            })
        // The example engine writes nothing on stderr: no empty log is left beside the capture.
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("day.db.engine.log").path))
    }

    /// Protocol 2 asks the oracle's eight strategies (and a booking's first quote, asked at the
    /// same state) in one `quotes` exchange: the same engine records the same events in fewer
    /// requests under either version, and a capture recorded under 2 re-executes under 1.
    @Test func protocolTwoAsksTheSameInFewerRequests() throws {
        let folder = newFolder()
        var logs: [String] = []
        for version in [1, 2] {
            let record = try Replay.run(
                [
                    "record", "--quiet", "--out", "v\(version).db", "--reports", "r",
                    "--engine", Self.engine("stderr-chatter") + " --protocol \(version)"
                ], in: folder)
            #expect(record.status == 0, "\(record.stderr)")
            logs.append(
                try String(contentsOf: folder.appendingPathComponent("v\(version).db.engine.log"), encoding: .utf8))
        }
        let one = try Self.events(folder.appendingPathComponent("v1.db").path)
        let two = try Self.events(folder.appendingPathComponent("v2.db").path)
        #expect(one.count == two.count && one.count > 300)
        // Past run.started (whose engine command differs by the flag), byte for byte, answer digests included.
        for (left, right) in zip(one.dropFirst(), two.dropFirst()) where left.record.payload != right.record.payload {
            Issue.record("event \(left.record.seq): \(left.record.payload) / \(right.record.payload)")
            break
        }
        let requests = logs.map { $0.split(separator: "\n").filter { $0.contains(": request ") } }
        let batches = requests[1].filter { $0.hasSuffix(": quotes") }.count
        #expect(!requests[0].contains { $0.hasSuffix(": quotes") } && batches > 90, "\(batches) quotes requests")
        #expect(
            requests[1].count * 3 < requests[0].count,
            "\(requests[1].count) requests under 2, \(requests[0].count) under 1")
        let rerun = try Replay.run(["run", "v2.db", "--engine", Self.engine("complete") + " --protocol 1"], in: folder)
        #expect(rerun.status == 0, "\(rerun.stdout) \(rerun.stderr)")
    }

    /// The engine's timeout and look-ahead are inputs of the run (in run.started): two runs that
    /// differ only there say so among the inputs.
    @Test func diffNamesTheEnginesTimeoutAmongTheInputs() throws {
        let folder = newFolder()
        for (name, timeout) in [("a", "10"), ("b", "2")] {
            let record = try Replay.run(
                [
                    "record", "--quiet", "--out", "\(name).db", "--reports", "r", "--engine-timeout", timeout,
                    "--engine", Self.engine("complete")
                ], in: folder)
            #expect(record.status == 0, "\(record.stderr)")
        }
        let diff = try Replay.run(["diff", "a.db", "b.db"], in: folder)
        #expect(
            diff.status == 1 && diff.stdout.contains("engine-timeout") && !diff.stdout.contains("inputs: same"),
            "\(diff.stdout)")
    }

    @Test func aSinglesOnlyEngineShowsPhantomUnavailability() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--quiet", "--out", "s.db", "--reports", "r", "--engine", Self.engine("singles-only")],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let coverage = try Self.events(folder.appendingPathComponent("s.db").path).compactMap {
            if case .coverageMeasured(let measured) = $0.event.body { measured } else { nil }
        }
        let phantom = coverage.filter(\.phantomUnavailable).count
        #expect(phantom > 0)
        #expect(coverage.reduce(0) { $0 + $1.quotedFeasible } < coverage.reduce(0) { $0 + $1.feasible })
    }

    @Test func aLyingEnginesOffersAreRecordedAsUnsoundAndNeverHeld() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--quiet", "--out", "l.db", "--reports", "r", "--engine", Self.engine("lying")], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let events = try Self.events(folder.appendingPathComponent("l.db").path)
        var unsound: [(booking: String, tables: [String], rule: String)] = []
        for (record, event) in events {
            if case .quoteIssued(let quote) = event.body, let answer = quote.engine {
                unsound += answer.unsound.map { (record.booking ?? "", $0.tables, $0.rule) }
            }
        }
        #expect(unsound.count > 50)
        #expect(
            Set(unsound.map(\.rule)).isSubset(of: [
                "busy", "inactive_table", "mixed_zones", "unknown_table", "capacity", "spare_seats"
            ]))
        #expect(unsound.contains { $0.rule == "busy" })
        // Never tried: no hold, and no conflict (a hold refused downstream), names a set its engine
        // offered unsoundly, whatever the rule (mixed zones or an unknown table have no later check).
        let tried = events.compactMap { pair -> (String, [String])? in
            switch pair.event.body {
            case .holdPlaced(let hold): (pair.record.booking ?? "", hold.tables.sorted())
            case .conflictDetected(let conflict): (pair.record.booking ?? "", conflict.tables.sorted())
            default: nil
            }
        }
        for offer in unsound {
            #expect(!tried.contains { $0.0 == offer.booking && $0.1 == offer.tables.sorted() }, "\(offer)")
        }
        #expect(Set(unsound.map(\.rule)).count >= 2, "several rules exercised: \(Set(unsound.map(\.rule)))")
        let rebuild = try Replay.run(["run", "--rebuild", "l.db"], in: folder)
        #expect(rebuild.status == 0, "\(rebuild.stdout) \(rebuild.stderr)")
    }

    @Test func aNondeterministicEngineDivergesAtAQuote() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--quiet", "--out", "n.db", "--reports", "r", "--engine", Self.engine("nondeterministic")],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let run = try Replay.run(["run", "--trust-engine", "n.db"], in: folder)
        #expect(run.status == 1)
        let events = try Self.events(folder.appendingPathComponent("n.db").path)
        let firstQuote = try #require(
            events.first { $0.record.type == "quote.issued" && ($0.event.body.quoteCandidates ?? 0) > 1 }?.record.seq)
        #expect(run.stdout.contains("diverged at event \(firstQuote) "), "\(run.stdout)")
        #expect(run.stdout.contains("engine request: {\"type\":\"quote\""))
        #expect(run.stdout.contains("answer_digest: "))
        // Under protocol 2 the first quote is read from a quotes: the exchange shows every line.
        let two = try Replay.run(
            [
                "record", "--quiet", "--out", "n2.db", "--reports", "r", "--engine",
                Self.engine("nondeterministic") + " --protocol 2"
            ], in: folder)
        #expect(two.status == 0, "\(two.stderr)")
        let rerun = try Replay.run(["run", "--trust-engine", "n2.db"], in: folder)
        #expect(rerun.status == 1)
        #expect(
            rerun.stdout.contains("engine request: {\"type\":\"quotes\"")
                && rerun.stdout.contains("engine answers now, one line per strategy"),
            "\(rerun.stdout)")
    }

    @Test(arguments: [
        ("hang", "timeout"), ("crash", "exited"), ("garbage", "malformed"), ("wrong-type", "wrong_type"),
        ("huge-numbers", "wrong_type"),
        ("wide-candidate", "wrong_type")
    ])
    func aFailingEngineEndsTheRunCleanly(behaviour: String, kind: String) throws {
        let folder = newFolder()
        let record = try Replay.run(
            [
                "record", "--quiet", "--out", "f.db", "--reports", "r", "--engine-timeout", "1",
                "--engine", Self.engine(behaviour, after: 20)
            ], in: folder)
        #expect(record.status == 2)
        #expect(record.stderr.split(separator: "\n").count == 1, "\(record.stderr)")
        #expect(record.stderr.contains(kind) && record.stderr.contains("aborted"), "\(record.stderr)")
        if behaviour == "crash" {
            // Why it ended, in the message: the exit status and the last line of its stderr.
            #expect(
                record.stderr.contains("(the engine exited with status 3; its stderr ends: test-engine:"),
                "\(record.stderr)")
        }
        let path = folder.appendingPathComponent("f.db").path
        #expect(try Self.meta(path, "status") == "aborted")
        #expect(try Self.meta(path, "abort_reason") == "engine_failed")
        let last = try #require(try Self.events(path).last)
        guard case .engineFailed(let failed) = last.event.body else {
            Issue.record("last event is \(last.record.type)")
            return
        }
        #expect(failed.kind == kind)
        #expect(failed.request > 20)
        let verify = try Replay.run(["verify", "f.db"], in: folder)
        #expect(verify.status == 1, "\(verify.stdout) \(verify.stderr)")
        let rebuild = try Replay.run(["run", "--rebuild", "f.db"], in: folder)
        #expect(rebuild.status == 1 && rebuild.stderr.contains("no invariant violated"), "\(rebuild.stderr)")
        // Nothing is left running.
        let left = try Replay.shell("pgrep -f 'test_engine[.]py --behaviour \(behaviour)' || true", in: folder)
        #expect(left.stdout.isEmpty, "still running: \(left.stdout)")
    }

    @Test func anEngineErrorIsRecordedAndTheRunGoesOn() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--quiet", "--out", "e.db", "--reports", "r", "--engine", Self.engine("error", after: 1)],
            in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let errors = try Self.events(folder.appendingPathComponent("e.db").path).compactMap {
            if case .quoteIssued(let quote) = $0.event.body { quote.engine?.error } else { nil }
        }
        #expect(errors == ["planner exploded"])
        #expect(try Replay.run(["run", "--trust-engine", "e.db"], in: folder).status == 0)
    }

    @Test func unknownKeysAreIgnoredAndAVersionMismatchRecordsNothing() throws {
        let folder = newFolder()
        let keys = try Replay.run(
            ["record", "--quiet", "--out", "k.db", "--reports", "r", "--engine", Self.engine("unknown-keys")],
            in: folder)
        #expect(keys.status == 0, "\(keys.stderr)")
        let mismatch = try Replay.run(
            ["record", "--quiet", "--out", "v.db", "--reports", "r", "--engine", Self.engine("bad-hello-version")],
            in: folder)
        #expect(mismatch.status == 2)
        #expect(
            mismatch.stderr.contains("version_mismatch") && mismatch.stderr.contains("nothing was recorded"),
            "\(mismatch.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("v.db").path))
        let missing = try Replay.run(
            ["record", "--quiet", "--out", "m.db", "--reports", "r", "--engine", "no-such-engine-here --fast"],
            in: folder)
        #expect(
            missing.status == 2 && missing.stderr.contains("exited with status 127")
                && missing.stderr.contains("not found"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.db").path))
    }

    @Test func theEnginesStderrGoesToItsLogAndVerboseShowsIt() throws {
        let folder = newFolder()
        let record = try Replay.run(
            [
                "record", "--verbose", "--restaurant", "pub-2", "--out", "c.db", "--reports", "r",
                "--engine", Self.engine("stderr-chatter")
            ], in: folder)
        #expect(record.status == 0, "\(record.stderr)")
        let log = try String(contentsOf: folder.appendingPathComponent("c.db.engine.log"), encoding: .utf8)
        let lines = log.split(separator: "\n")
        #expect(lines.count > 20)
        #expect(record.stderr.contains("engine: " + String(lines[0])))
    }

    /// An engine that stops reading its stdin: a request larger than the pipe's buffer times out
    /// instead of blocking replay forever; SIGTERM while waiting on an engine ends the recording
    /// within a second; nothing is left running.
    @Test func anEngineThatStopsReadingOrAnInterruptNeverHangsReplay() throws {
        let folder = newFolder()
        let stall =
            "import sys, json, time\nsys.stdin.readline()\n"
            + "print(json.dumps({'type':'hello','protocol':1,'engine':'stall','version':'1','lookaheadMinutes':10080}), flush=True)\n"
            + "sys.stdin.readline()\nprint(json.dumps({'type':'ok'}), flush=True)\ntime.sleep(300)\n"
        try stall.write(to: folder.appendingPathComponent("stall_engine.py"), atomically: true, encoding: .utf8)
        // One restaurant with 3,000 bookings: the first quote lists them all as pending (> 64 KiB).
        #expect(
            try Replay.run(
                [
                    "scenario", "generate", "--restaurants", "1", "--bookings", "3000", "--seed", "2", "--out",
                    "one.json"
                ], in: folder
            )
            .status == 0)
        let started = Date()
        let stalled = try Replay.run(
            [
                "record", "--quiet", "--no-bruteforce", "--scenario", "one.json", "--engine-timeout", "2",
                "--engine", "python3 stall_engine.py", "--out", "s.db", "--reports", "r"
            ], in: folder)
        #expect(stalled.status == 2 && stalled.stderr.contains("timeout"), "\(stalled.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        let recording = try TrustTests.startRecording(
            [
                "--engine-timeout", "60", "--engine", "python3 stall_engine.py", "--out", "t.db",
                "--reports", "r"
            ], in: folder)
        // The capture exists once the engine answered its hello; the first quote then waits.
        for _ in 0..<300 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("t.db").path) {
            usleep(100_000)
        }
        Thread.sleep(forTimeInterval: 2)
        let signalled = Date()
        kill(recording.processIdentifier, SIGTERM)
        recording.waitUntilExit()
        #expect(recording.terminationStatus == 143)
        #expect(Date().timeIntervalSince(signalled) < 10, "ended within seconds, not at the engine timeout")
        #expect(
            try CaptureReader(path: folder.appendingPathComponent("t.db").path).metaValue("abort_reason")
                == "interrupted")
        let left = try Replay.shell("pgrep -f 'stall_engine[.]py' || true", in: folder)
        #expect(left.stdout.isEmpty, "still running: \(left.stdout)")
    }

    /// With replay's own stdin or stdout closed, the engine's pipes still work.
    @Test func closedStandardStreamsDoNotBreakTheEnginesPipes() throws {
        let folder = newFolder()
        let binary = Replay.binary.path
        for (name, redirect) in [("in", "<&-"), ("out", ">&-")] {
            let result = try Replay.shell(
                "'\(binary)' record --quiet --restaurant pub-2 --engine \"\(Self.engine("complete"))\" --out \(name).db --reports r \(redirect); echo $?",
                in: folder)
            #expect(result.stdout == "0\n", "stdin/stdout closed (\(redirect)): \(result.stdout)")
            #expect(try Replay.run(["verify", "\(name).db"], in: folder).status == 0)
        }
    }

    /// A deterministic engine that fails re-executes to the same engine.failed: the event holds
    /// nothing that varies with timing (exit status and stderr go to the message only).
    @Test func aFailedRunReexecutesWithoutDivergence() throws {
        let folder = newFolder()
        let record = try Replay.run(
            ["record", "--quiet", "--out", "c.db", "--reports", "r", "--engine", Self.engine("crash", after: 30)],
            in: folder)
        #expect(record.status == 2)
        let run = try Replay.run(["run", "--trust-engine", "c.db"], in: folder)
        #expect(
            run.status == 1 && run.stderr.contains("incomplete capture") && run.stderr.contains("reproduce exactly"),
            "\(run.stdout) \(run.stderr)")
    }

    /// The floor mid-seeding (tables seeded, floor not yet indexed) prints its tables as free.
    @Test func theFloorCanBeShownAtEverySeqOfTheSeeding() throws {
        let folder = newFolder()
        #expect(
            try Replay.run(
                ["record", "--quiet", "--restaurant", "pub-2", "--out", "s.db", "--reports", "r"], in: folder
            ).status == 0)
        for seq in [1, 2, 3, 5, 10, 15, 20, 30] {
            let result = try Replay.run(["run", "--at", String(seq), "s.db"], in: folder)
            #expect(result.status == 0, "--at \(seq): \(result.stderr)")
            #expect(seq < 3 || result.stdout.contains("free"), "--at \(seq): \(result.stdout)")
        }
    }

    @Test func engineCheckJudgesSoundnessAndCoverage() throws {
        let folder = newFolder()
        let complete = try Replay.run(["engine", "check", "--repeats", "2", Self.engine("complete")], in: folder)
        #expect(complete.status == 0, "\(complete.stdout)")
        #expect(
            complete.stdout.contains("9 hand-made and 1000 generated cases (seed 1): 1009 sound, 1009 complete"),
            "\(complete.stdout)")
        #expect(complete.stdout.contains("latency per quote: median "))
        let served = try Replay.run(
            ["engine", "check", "--repeats", "2", "'\(Replay.binary.path)' engine serve"], in: folder)
        #expect(served.status == 0 && served.stdout.contains("protocol 3, look-ahead"), "\(served.stdout)")
        // Under protocol 2 and 3 each case is asked in a quotes too; a line there that is not the quote's answer fails.
        for behaviour in ["nondeterministic", "quotes-drift"] {
            let shifting = try Replay.run(
                ["engine", "check", "--repeats", "1", Self.engine(behaviour) + " --protocol 2"], in: folder)
            #expect(
                shifting.status == 1
                    && shifting.stdout.contains(
                        "a line of its answer to a quotes request is not its quote answer for that strategy"),
                "\(behaviour): \(shifting.stdout)")
        }
        // An error answer to a well-formed case is a failure of the engine.
        let erring = try Replay.run(["engine", "check", "--repeats", "1", Self.engine("error")], in: folder)
        #expect(
            erring.status == 1 && erring.stdout.contains("FAIL  combination-only")
                && erring.stdout.contains(", 1 answered with an error"),
            "\(erring.stdout)")
        // One line for a whole quotes: replay waits for the rest, then says how many came and which case.
        let short = try Replay.run(
            [
                "engine", "check", "--repeats", "1", "--engine-timeout", "1",
                Self.engine("short-quotes") + " --protocol 2"
            ],
            in: folder)
        #expect(
            short.status == 2 && short.stderr.contains("1 of the 3 lines of a quotes, one per strategy, had come")
                && short.stderr.contains("one line for the whole batch")
                && short.stderr.contains("case combination-only"), "\(short.stderr)")
        let lying = try Replay.run(["engine", "check", "--repeats", "1", Self.engine("lying")], in: folder)
        #expect(lying.status == 1)
        #expect(lying.stdout.contains("FAIL  busy-held-inactive") && lying.stdout.contains("(busy)"), "\(lying.stdout)")
        let singles = try Replay.run(["engine", "check", "--repeats", "1", Self.engine("singles-only")], in: folder)
        #expect(singles.status == 0)
        #expect(singles.stdout.contains("warn  combination-only     0/2 feasible sets offered"), "\(singles.stdout)")
        let strict = try Replay.run(
            ["engine", "check", "--strict", "--repeats", "1", Self.engine("singles-only")], in: folder)
        #expect(strict.status == 1)
        let crash = try Replay.run(["engine", "check", "--repeats", "1", Self.engine("crash", after: 2)], in: folder)
        #expect(crash.status == 2 && crash.stderr.contains("exited"), "\(crash.stderr)")
    }
}

extension Replay {
    /// A shell command line (for looking at the machine: processes left running).
    static func shell(_ line: String, in folder: URL) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", line]
        process.currentDirectoryURL = folder
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self), stderr: "")
    }

    /// Runs a shell line whose descriptor 3 is the returned text (so the line may close or fill
    /// its own stdout and still report, e.g. `echo "status $?" >&3`).
    static func shell(_ line: String, in folder: URL, status: Bool) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        let report = folder.appendingPathComponent("shell-\(UUID().uuidString).txt").path
        process.arguments = ["-c", "exec 3>'\(report)'; " + line]
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: report) }
        return (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
    }
}

extension EventBody {
    /// The candidate count of a quote, nil for other events.
    var quoteCandidates: Int? { if case .quoteIssued(let quote) = self { quote.candidates } else { nil } }
}

/// `engine serve` refuses floors and strategies outside what the built-in allocator is built
/// for (its table sets hold 511 tables; its look-ahead shortcut needs at most 5 per candidate).
@Suite struct EngineServeBoundsTests {
    @Test func outOfRangeFloorsAndStrategiesAreErrorsNotCrashes() throws {
        let folder = newFolder()
        let tables = (1...600).map { #"{"id":"T\#($0)","zone":"z","min":1,"max":2}"# }.joined(separator: ",")
        let lines = [
            #"{"type":"hello","protocol":1}"#,
            #"{"type":"floor","restaurant":"r","tables":[{"id":"T1","zone":"z","min":1,"max":2}],"maxTables":6}"#,
            #"{"type":"floor","restaurant":"big","tables":[\#(tables)]}"#,
            #"{"type":"floor","restaurant":"r","tables":[{"id":"T1","zone":"z","min":1,"max":2}]}"#,
            #"{"type":"quote","restaurant":"r","booking":{"id":"B","party":2,"start":1140,"end":1200},"strategy":{"label":"x","maxTables":6}}"#
        ]
        try (lines.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        let result = try Replay.runProgram(
            "/bin/sh", ["-c", "'\(Replay.binary.path)' engine serve < in.jsonl"], in: folder)
        let answers = result.stdout.split(separator: "\n").map(String.init)
        #expect(answers.count == 5, "\(result.stdout)\(result.stderr)")
        #expect(answers.dropFirst().first == #"{"type":"error","message":"maxTables must be in 1...5, found 6"}"#)
        #expect(
            answers.dropFirst(2).first == #"{"type":"error","message":"a floor has at most 511 tables, found 600"}"#)
        #expect(answers.dropFirst(3).first == #"{"type":"ok"}"#)
        #expect(answers.last == #"{"type":"error","message":"strategy maxTables must be in 1...5, found 6"}"#)
    }

    /// The hello answers the newest version both sides speak (an older replay offers only
    /// `protocol`), and a `quotes` gets one line per strategy, errors included.
    @Test func helloNegotiatesAndQuotesAnswersEveryStrategy() throws {
        let folder = newFolder()
        func serve(_ lines: [String]) throws -> [String] {
            try (lines.joined(separator: "\n") + "\n").write(
                to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
            let result = try Replay.runProgram(
                "/bin/sh", ["-c", "'\(Replay.binary.path)' engine serve < in.jsonl"], in: folder)
            return result.stdout.split(separator: "\n").map(String.init)
        }
        func version(_ hello: String) throws -> Int? {
            (try JSONParser.parse(hello))["protocol"]?.intValue
        }
        #expect(try version(serve([#"{"type":"hello","protocol":1}"#])[0]) == 1)
        #expect(try version(serve([#"{"type":"hello","protocol":1,"protocols":[1,2]}"#])[0]) == 2)
        #expect(try version(serve([#"{"type":"hello","protocol":1,"protocols":[1,2,7]}"#])[0]) == 2)
        #expect(try version(serve([#"{"type":"hello","protocol":1,"protocols":[1,2,3,7]}"#])[0]) == 3)
        #expect(try version(serve([#"{"type":"hello","protocol":1,"protocols":[]}"#])[0]) == 1)
        #expect(
            try serve([#"{"type":"hello","protocol":4,"protocols":[4]}"#]) == [
                #"{"type":"error","message":"this engine speaks protocol 1, 2 and 3"}"#
            ])
        let floor =
            #"{"type":"floor","restaurant":"r","tables":[{"id":"A","zone":"z","min":1,"max":2},{"id":"B","zone":"z","min":1,"max":2}],"adjacency":[["A","B"]]}"#
        let strategies =
            #"[{"label":"adjacent-x1","maxTables":1,"requireAdjacency":true},{"label":"adjacent-x2","maxTables":2,"requireAdjacency":true}]"#
        let booking = #""booking":{"id":"B1","party":3,"start":1140,"end":1200}"#
        let answers = try serve([
            #"{"type":"hello","protocol":1,"protocols":[1,2]}"#, floor,
            #"{"type":"quotes","restaurant":"r",\#(booking),"strategies":\#(strategies),"busy":[],"pending":[]}"#,
            #"{"type":"quotes","restaurant":"nowhere",\#(booking),"strategies":\#(strategies)}"#,
            #"{"type":"quote","restaurant":"r",\#(booking),"strategy":{"label":"adjacent-x2","maxTables":2,"requireAdjacency":true}}"#,
            #"{"type":"quotes","restaurant":"r",\#(booking),"strategies":[{"label":"x","maxTables":9},{"label":"adjacent-x2","maxTables":2,"requireAdjacency":true}]}"#
        ])
        #expect(answers.count == 1 + 1 + 2 + 2 + 1 + 2, "\(answers)")
        // A strategy it cannot read gets its own error; the others are answered.
        #expect(
            answers[7] == #"{"type":"error","message":"strategy maxTables must be in 1...5, found 9"}"#
                && answers[8] == answers[6])
        #expect(
            answers[2].hasPrefix(#"{"type":"candidates","candidates":[],"rejected":{"capacity":2,"#),
            "no single table seats 3")
        #expect(answers[3] == answers[6], "a strategy's line in a quotes is what a quote of it gets")
        #expect(answers[3].contains(#"{"tables":["A","B"],"#))
        #expect(
            answers[4] == answers[5]
                && answers[4] == #"{"type":"error","message":"quote for a restaurant whose floor was not sent"}"#)
        // Version 3's `sets`: every set once, and which strategies offer which; one line, an error too.
        let sets = try serve([
            #"{"type":"hello","protocol":1,"protocols":[1,2,3]}"#, floor,
            #"{"type":"sets","restaurant":"r","booking":{"id":"B1","party":2,"start":1140,"end":1200},"strategies":\#(strategies),"busy":[],"pending":[]}"#,
            #"{"type":"sets","restaurant":"r",\#(booking),"strategies":[],"busy":[],"pending":[]}"#
        ])
        #expect(
            Array(sets.dropFirst(2)) == [
                #"{"type":"sets","sets":[["A"],["B"],["A","B"]],"offered":[[0,1],[0,1,2]]}"#,
                #"{"type":"error","message":"sets needs a non-empty strategies array"}"#
            ], "\(sets)")
    }
}
