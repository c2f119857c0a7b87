import CommandSupport
import ArgumentParser
import EventLog
import Foundation
import Replayer
import Reports
import Projections

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two captures: inputs, first divergence, per-booking outcomes, metric deltas.",
        discussion: "Exit 0 when the event streams are identical, 1 when they differ, 2 on an error.")

    @Argument(help: "Capture A (the baseline).") var a: String
    @Argument(help: "Capture B.") var b: String
    @Flag(help: "Machine-readable output with the same content.") var json = false
    @Flag(help: "Only the verdict and the overall metric deltas.") var summary = false
    @Flag(help: "Also write reports/diff-<stemA>-vs-<stemB>.md and .html.") var report = false
    @Flag(help: "Also write reports/diff-<stemA>-vs-<stemB>.html (the timeline overlay).") var html = false
    @Option(help: "Folder for --report.") var reports: String = "reports"
    @Option(
        help: "worse: exit 1 only when B confirms fewer bookings or loses coverage (or a side is unfinished), else 0.")
    var failOn: Choice<FailOn>?
    @Flag(help: "Also solve each side's best possible day and show both gaps.") var optimum = false

    /// What `--fail-on` can name: one verdict so far.
    enum FailOn: String, CaseIterable, Sendable { case worse }

    func validate() throws {
        if let failOn, failOn.value == nil {
            throw CommandFailure.badInput("replay diff: --fail-on takes worse, found \(failOn.word)")
        }
    }

    func run() throws {
        let readerA = try openCapture(a)
        let readerB = try openCapture(b)
        let diff = try reading(a) { try CaptureDiff.compare(readerA, readerB) }
        if report || html {
            try OutputFolders.prepare(capture: "", reports: reports)
            let stem = { (path: String) in ((path as NSString).lastPathComponent as NSString).deletingPathExtension }
            let base = (reports as NSString).appendingPathComponent("diff-\(stem(a))-vs-\(stem(b))")
            var pages: [(String, String)] = [(base + ".html", HTMLDiffReport.render(diff))]
            if report { pages.insert((base + ".md", DiffReport.markdown(diff)), at: 0) }
            for (path, text) in pages {
                try OutputFile.write(text, to: path)
                if !json { Terminal.error("wrote \(path)") }
            }
        }
        Terminal.out(
            json
                ? DiffReport.json(diff, summary: summary)
                : DiffReport.text(diff, style: .init(colour: Terminal.useColour), summary: summary))
        if optimum {
            let solver = try OptimumRun.solver(timeLimit: 60)
            var sides: [String] = []
            for (name, state, condition) in [("A", diff.stateA, diff.conditionA), ("B", diff.stateB, diff.conditionB)] {
                let figures = try OptimumRun.figures(state, solver: solver)
                let seated = state.overall.confirmed
                let gap =
                    condition.isComplete
                    ? "gap " + OptimumFigures.gapText(seated: seated, optimum: figures.optimum)
                    : "no gap (not a result)"
                sides.append(
                    "\(name) seated \(seated) of \(figures.optimum) possible (\(gap)\(figures.proven ? "" : ", not all proven"))"
                )
            }
            Terminal.out("best possible day: " + sides.joined(separator: "; ") + "\n")
        }
        if failOn != nil {
            if !diff.isJudgeable {
                throw CommandFailure.found("replay diff --fail-on worse: no verdict on a capture that is not a result")
            }
            let reasons = diff.worseReasons
            if !reasons.isEmpty {
                throw CommandFailure.found(
                    "replay diff --fail-on worse: B is worse: " + reasons.joined(separator: "; "))
            }
            return
        }
        // Exit codes everywhere: a capture that is not a result is 1, whatever the comparison.
        if !diff.identical || !diff.isJudgeable { throw ExitCode(1) }
    }
}
