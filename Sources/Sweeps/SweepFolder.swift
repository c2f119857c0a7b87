import CommandSupport
import ArgumentParser
import CanonicalJSON
import EventLog
import Foundation
import Reports
import Synchronization

/// A sweep's output folder: `scenarios/` (the copies every row's command names), `captures/`
/// (the kept ones), `sweep.db` and the three reports.
package enum SweepFolder {
    /// Refuses a folder that holds anything: a sweep never mixes its files with another's.
    package static func createEmpty(_ folder: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw CommandFailure.badInput("\(folder): is a file, expected a folder")
            }
            guard ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).isEmpty else {
                throw CommandFailure.badInput("\(folder): already holds files; choose another --out or empty it")
            }
        }
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
            throw CommandFailure.badInput("\(folder): cannot create the folder (\(error.localizedDescription))")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw CommandFailure.badInput("\(folder): folder is not writable")
        }
        // Two sweeps or shrinks that found the folder empty at once: the second finds the lock.
        let lock = (folder as NSString).appendingPathComponent(lockName)
        let descriptor = open(lock, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CommandFailure.badInput(
                errno == EEXIST
                    ? "\(folder): in use by another sweep, shrink or merge; choose another --out"
                    : "\(folder): cannot take the folder (\(String(cString: strerror(errno))))")
        }
        close(descriptor)
    }

    /// The file that marks an output folder taken while a sweep, shrink or merge writes it;
    /// removed when it ends (`release`).
    package static let lockName = ".replay-in-use"

    /// Gives the folder back (the lock file goes; harmless when it is already gone).
    package static func release(_ folder: String) {
        unlink((folder as NSString).appendingPathComponent(lockName))
    }

    package static func create(_ folder: String, scenarios: [SweepDefinition.ScenarioEntry]) throws {
        try createEmpty(folder)
        for entry in scenarios {
            guard let text = entry.text, let relative = entry.relativePath else { continue }
            try FileManager.default.createDirectory(
                atPath: (folder as NSString).appendingPathComponent("scenarios"), withIntermediateDirectories: true)
            try OutputFile.write(text, to: (folder as NSString).appendingPathComponent(relative))
        }
    }

    package static func meta(definition: SweepDefinition, shard: Shard) -> [(key: String, value: String)] {
        [
            ("sweep_format", SweepDatabase.formatVersion), ("definition", definition.canonicalText),
            ("build_id", BuildIdentity.current),
            ("tool_version", ToolVersion.current), ("shard", shard.text), ("runs_total", String(definition.runCount))
        ]
    }

    /// The grid options that vary and the gates, read back from a stored definition (for merge).
    package static func definitionParts(_ text: String) -> (axes: [String], expectations: [SweepExpectation])? {
        guard let value = try? JSONParser.parse(text) else { return nil }
        func count(_ key: String) -> Int { value[key]?.arrayValue?.count ?? 0 }
        let reserve = value["modes"]?.arrayValue?.contains(.string("reserve")) ?? false
        var axes: [String] = []
        if count("scenarios") > 1 { axes.append("scenario") }
        if count("modes") > 1 { axes.append("mode") }
        if count("clients") > 1 && reserve { axes.append("clients") }
        if count("max_tables") > 1 { axes.append("max_tables") }
        if count("hold_ttl") > 1 { axes.append("hold_ttl") }
        var gates: [SweepExpectation] = []
        for text in value["expectations"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            guard case .success(let gate) = SweepExpectation.parse(text) else { return nil }
            gates.append(gate)
        }
        return (axes, gates)
    }

    /// Writes sweep.db and the reports, prints the summary, and exits 1 when a run failed or a
    /// gate did not hold. `publish` moves a shard's finished attempt to its name and returns it.
    package static func writeResults(
        _ folder: String, meta: [(key: String, value: String)], rows: [SweepRow], definitionText: String,
        axes: [String],
        expectations: [SweepExpectation], wallMilliseconds: Int?, quiet: Bool, jobs: Int?,
        junit: String? = nil, publish: (() throws -> String)? = nil
    ) throws {
        try SweepDatabase.write(
            .init(meta: meta, rows: rows), to: (folder as NSString).appendingPathComponent("sweep.db"))
        let statistics = SweepStatistics(rows: rows, axes: axes)
        let outcomes = expectations.map { $0.judge(rows) }
        let report = SweepReport(
            definitionText: definitionText, buildID: meta.first { $0.key == "build_id" }?.value ?? "unknown",
            runCount: Int(meta.first { $0.key == "runs_total" }?.value ?? "") ?? rows.count,
            statistics: statistics, outcomes: outcomes, wallMilliseconds: wallMilliseconds)
        for (name, text) in [("sweep.md", report.markdown), ("sweep.json", report.json), ("sweep.html", report.html)] {
            try OutputFile.write(text, to: (folder as NSString).appendingPathComponent(name))
        }
        release(folder)
        let shown = try publish?() ?? folder
        var lines: [String] = []
        let shard = meta.first { $0.key == "shard" }?.value ?? "1/1"
        let timing =
            wallMilliseconds.map {
                " in \(String(format: "%.1f", Double($0) / 1000)) s" + (jobs.map { " on \($0) jobs" } ?? "")
            } ?? ""
        let coverage =
            statistics.distributions.first { $0.metric == .coverage }.map {
                "; coverage min \($0.metric.text($0.value(.min))) (union at first quotes; the oracle check also fails sets missed per strategy)"
            } ?? ""
        lines.append(
            "sweep \(shown): \(rows.count) runs" + (shard == "1/1" ? "" : " (shard \(shard) of \(report.runCount))")
                + "\(timing): \(report.passed) passed every check, \(statistics.failing.count) failing"
                + (outcomes.isEmpty ? "" : "; expectations: \(outcomes.filter(\.holds).count) of \(outcomes.count) met")
                + coverage)
        lines += report.notes.map { "note: " + $0 }
        for distribution in statistics.distributions {
            lines.append(
                "  " + distribution.metric.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                    + Distribution.Statistic.allCases.map {
                        "\($0.rawValue) \(distribution.metric.text(distribution.value($0)))"
                    }.joined(separator: "  "))
        }
        if !statistics.failing.isEmpty {
            lines.append(
                "failing runs (\(statistics.failing.count)); each reproduces with its command, run from \(shown):")
            for row in statistics.failing.prefix(20) {
                lines.append("  run \(row.position): " + row.failures.joined(separator: "; "))
                lines.append("    " + row.command)
            }
            if statistics.failing.count > 20 { lines.append("  (\(statistics.failing.count - 20) more in sweep.md)") }
        }
        for outcome in outcomes {
            lines.append(
                "expectation \(outcome.holds ? "met" : "FAILED"): \(outcome.expectation.text) (\(outcome.measuredText))"
            )
        }
        lines.append(
            "wrote "
                + ["sweep.db", "sweep.md", "sweep.json", "sweep.html"].map {
                    (shown as NSString).appendingPathComponent($0)
                }.joined(separator: ", "))
        // The JUnit file first: a closed stdout does not keep it from being written.
        try CIOutput.emit(junitReport(rows: rows, outcomes: outcomes, folder: shown), to: junit)
        if !quiet || !statistics.failing.isEmpty || outcomes.contains(where: { !$0.holds }) {
            guard Terminal.out(lines.joined(separator: "\n") + "\n") else { return }
        }
        if !statistics.failing.isEmpty || outcomes.contains(where: { !$0.holds }) { throw ExitCode(1) }
    }
}

extension SweepFolder {
    /// One test case per run (its grid point in the name, its wall time, a failure holding its
    /// checks' verdicts and its command) and one per expectation.
    package static func junitReport(rows: [SweepRow], outcomes: [SweepExpectation.Outcome], folder: String)
        -> JUnitReport
    {
        var cases = rows.map { row in
            let point = [
                row.scenario, row.mode, row.clients.map { "\($0) clients" }, "max tables \(row.maxTables)",
                "hold ttl \(row.holdTTL)",
                "seed \(row.seed)", row.engine.map { "engine \($0)" }
            ].compactMap { $0 }.joined(separator: ", ")
            return JUnitReport.TestCase(
                name: "run \(row.position) (\(point))", className: "replay.sweep",
                seconds: Double(row.elapsedMilliseconds) / 1000,
                failure: row.isFailing
                    ? (
                        row.failures.joined(separator: "; "),
                        "cd \(RecordArguments.shellQuoted(folder)) && \(row.command)"
                    ) : nil)
        }
        cases += outcomes.map { outcome in
            JUnitReport.TestCase(
                name: "expect \(outcome.expectation.text)", className: "replay.sweep.expect",
                failure: outcome.holds
                    ? nil
                    : (
                        "measured \(outcome.measuredText)",
                        "each run reproduces with its command in \((folder as NSString).appendingPathComponent("sweep.md"))"
                    ))
        }
        return JUnitReport(suiteName: "replay sweep \(folder)", cases: cases)
    }
}

/// Progress of a sweep on a terminal: runs done, failing so far, rate, time left.
package final class SweepProgress: Sendable {
    private let total: Int
    private let enabled: Bool
    private let started = ContinuousClock.now
    private let counts = Mutex<(done: Int, failing: Int, drawn: ContinuousClock.Instant?)>((0, 0, nil))

    package init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    package func finished(_ row: SweepRow) {
        guard enabled else { return }
        counts.withLock { counts in
            counts.done += 1
            if row.isFailing { counts.failing += 1 }
            let now = ContinuousClock.now
            if let drawn = counts.drawn, now - drawn < .milliseconds(200), counts.done < total { return }
            counts.drawn = now
            let seconds = max(
                0.001,
                Double((now - started).components.seconds) + Double((now - started).components.attoseconds) / 1e18)
            let rate = Double(counts.done) / seconds
            let left = rate > 0 ? Int(Double(total - counts.done) / rate) : 0
            Terminal.writeAll(
                to: 2,
                "\r\u{1B}[Ksweep \(counts.done)/\(total) runs  \(counts.failing) failing  \(String(format: "%.1f", rate)) runs/s  about \(left) s left"
            )
        }
    }

    package func finish() {
        guard enabled, counts.withLock({ $0.drawn != nil }) else { return }
        Terminal.writeAll(to: 2, "\r\u{1B}[K")
    }
}
