import ChildProcesses
import Foundation
import Synchronization

/// Solves `OptimumModel`s with COIN-OR CBC through its command line and the LP file format
/// (`cbc model.lp -sec N -solve -solu out.txt`), one process per restaurant, one per core at a
/// time (CBC solves on one thread; restaurants are independent).
public struct OptimumSolver: Sendable {
    public enum Failure: Error, CustomStringConvertible {
        case missing(solver: String, install: String)
        case failed(restaurant: String, detail: String)
        /// `stopAll` ended the solvers (a signal to replay): not the solver's failure.
        case interrupted

        public var description: String {
            switch self {
            case .missing(let solver, let install): "the solver \(solver) is not installed: \(install)"
            case .failed(let restaurant, let detail): "the solver failed on \(restaurant): \(detail)"
            case .interrupted: "interrupted: the solvers were stopped"
            }
        }
    }

    /// One restaurant solved.
    public struct Solution: Sendable {
        public var restaurant: String
        /// Bookings an optimal (or the best found) plan seats.
        public var seated: Int
        /// True when the solver proved optimality; else the time limit was hit.
        public var proven: Bool
        /// With a time limit hit: the most bookings any plan could seat by the solver's bound.
        public var bound: Int?
        /// The plan: booking -> tables.
        public var plan: [(booking: String, tables: [String])]
        public var seconds: Double
        /// The model lacks some feasible sets (an enumeration budget or `maximumChoices`): the
        /// plan is a lower bound, never proven.
        public var limitReached = false
    }

    /// Seconds a solver may run past `--time-limit` (it stops itself at the limit; this is for
    /// one that does not) before it is killed.
    public static let graceSeconds = 10

    /// Solvers running now and their folders, so a signal to replay ends them and removes the
    /// folders (`stopAll`). A solver is taken out before it is reaped: a pid listed here is never
    /// one the system has given to another process since.
    private static let running = Mutex<(solvers: [SignalTarget], folders: [String])>(([], []))

    /// Set by `stopAll` before it kills anything, so a solve whose solver it killed says
    /// `.interrupted` rather than "the solver failed" (the two raced: exit 2 instead of 143).
    private static let stopping = Atomic<Bool>(false)

    /// Kills every running solver and removes its folder: for SIGINT and SIGTERM.
    public static func stopAll() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        let (solvers, folders) = running.withLock { ($0.solvers, $0.folders) }
        for solver in solvers { solver.send(SIGKILL) }
        for folder in folders { try? FileManager.default.removeItem(atPath: folder) }
    }

    public var executable: String
    public var timeLimitSeconds: Int

    /// CBC found on PATH, or the failure naming the package.
    public static func cbc(timeLimitSeconds: Int) throws(Failure) -> OptimumSolver {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/cbc"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return OptimumSolver(executable: candidate, timeLimitSeconds: timeLimitSeconds)
            }
        }
        throw .missing(solver: "cbc", install: "apt-get install coinor-cbc (COIN-OR CBC)")
    }

    /// The solver's identity, from its banner ("CBC 2.10.8").
    public var identity: String {
        guard let output = try? Self.run(executable, ["-quit"], timeout: 10).output,
            let line = output.split(separator: "\n").first(where: { $0.hasPrefix("Version:") })
        else { return "CBC" }
        return "CBC " + line.dropFirst("Version:".count).trimmingCharacters(in: .whitespaces)
    }

    /// Solves every model, one process per core at a time, each worker taking the next model
    /// when it is done (a large restaurant does not hold up the small ones behind it); results in
    /// the models' order. `progress` hears how many are solved, from the workers' threads.
    public func solve(_ models: [OptimumModel], progress: (@Sendable (_ solved: Int, _ of: Int) -> Void)? = nil)
        throws(Failure) -> [Solution]
    {
        let slots = Slots(count: models.count)
        let next = Mutex((index: 0, solved: 0))
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, models.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.withLock { state -> Int in
                    defer { state.index += 1 }
                    return state.index
                }
                guard index < models.count else { return }
                slots.set(index, Result { () throws(Failure) in try solve(models[index]) })
                let solved = next.withLock { state -> Int in
                    state.solved += 1
                    return state.solved
                }
                progress?(solved, models.count)
            }
        }
        var solutions: [Solution] = []
        for result in slots.all {
            switch result {
            case .success(let solution)?: solutions.append(solution)
            case .failure(let failure)?: throw failure
            case nil: throw .failed(restaurant: "?", detail: "no result")
            }
        }
        return solutions
    }

    public func solve(_ model: OptimumModel) throws(Failure) -> Solution {
        let started = Date()
        if model.choices.isEmpty {
            return Solution(restaurant: model.restaurant, seated: 0, proven: true, bound: nil, plan: [], seconds: 0)
        }
        // A private folder (mkdtemp: a new name, mode 0700), so nothing placed beforehand is read or written.
        var template = Array((NSTemporaryDirectory() + "replay-optimum-XXXXXX").utf8CString)
        guard let created = mkdtemp(&template) else {
            throw .failed(
                restaurant: model.restaurant,
                detail: "cannot make a temporary folder: \(String(cString: strerror(errno)))")
        }
        let folder = String(cString: created)
        Self.running.withLock { $0.folders.append(folder) }
        defer {
            try? FileManager.default.removeItem(atPath: folder)
            Self.running.withLock { $0.folders.removeAll { $0 == folder } }
        }
        let modelPath = folder + "/model.lp"
        let solutionPath = folder + "/solution.txt"
        do {
            try model.lpText.write(toFile: modelPath, atomically: true, encoding: .utf8)
        } catch {
            throw .failed(restaurant: model.restaurant, detail: "cannot write the model: \(error.localizedDescription)")
        }
        let log: String
        do {
            // `-preprocess off`: CBC's preprocessing (clique strengthening passes over the rows)
            // was most of its time on these models once they hold minimal sets only: a generated
            // 50-restaurant day's 50 models in 21.4 s with it, 2.5 s without, every one proven
            // optimal with the same objective (docs/optimum.md).
            let result = try Self.run(
                executable,
                [modelPath, "-sec", String(timeLimitSeconds), "-preprocess", "off", "-solve", "-solu", solutionPath],
                timeout: timeLimitSeconds + Self.graceSeconds)
            if Self.stopping.load(ordering: .sequentiallyConsistent) { throw Failure.interrupted }
            if result.killed {
                throw Failure.failed(
                    restaurant: model.restaurant,
                    detail:
                        "the solver was still running \(Self.graceSeconds) s past the time limit of \(timeLimitSeconds) s and was killed"
                )
            }
            log = result.output
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .failed(restaurant: model.restaurant, detail: "\(error)")
        }
        guard let text = try? String(contentsOfFile: solutionPath, encoding: .utf8),
            let status = text.split(separator: "\n").first
        else {
            throw .failed(
                restaurant: model.restaurant,
                detail:
                    "no solution file; the log ends: \(log.split(separator: "\n").suffix(2).joined(separator: " / "))")
        }
        var chosen: [Int] = []
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 3, fields[1].hasPrefix("x"), let number = Int(fields[1].dropFirst()),
                let value = Double(fields[2]),
                value > 0.5, number >= 1, number <= model.choices.count
            else { continue }
            chosen.append(number - 1)
        }
        chosen.sort()
        let proven = status.hasPrefix("Optimal")
        guard proven || status.hasPrefix("Stopped on time") || status.hasPrefix("Stopped") else {
            throw .failed(restaurant: model.restaurant, detail: "solver status: \(status)")
        }
        // Nothing is called a plan, let alone proven, before it is checked against the day.
        if let problem = model.problem(with: chosen) {
            throw .failed(
                restaurant: model.restaurant,
                detail: "its solution is not a plan of the day: \(problem) (status \(status.prefix(60)))")
        }
        let plan = chosen.map { (booking: model.choices[$0].booking, tables: model.choices[$0].tables) }
        // A model that lacks feasible sets (the enumeration's budget) proves nothing about the day.
        let provenForTheDay = proven && !model.enumerationLimitReached
        let seated = Set(plan.map(\.booking)).count
        return Solution(
            restaurant: model.restaurant, seated: seated, proven: provenForTheDay,
            bound: provenForTheDay || model.enumerationLimitReached
                ? nil : Self.bound(in: log, model: model, seated: seated), plan: plan,
            seconds: Date().timeIntervalSince(started), limitReached: model.enumerationLimitReached)
    }

    /// The most bookings the solver's bound allows, when the time limit stopped it: CBC's own
    /// summary (`CBCSummary`) gives the bound on the objective, converted back to bookings. Nil
    /// ("unknown", never a number) when the summary has no bound, when it is not a number, or
    /// when it would say something impossible: below the `seated` the plan found, or negative
    /// (the log's "best possible" is the minimization CBC solves internally, negated: read as the
    /// bound, it printed "bound -27").
    static func bound(in log: String, model: OptimumModel, seated: Int) -> Int? {
        guard let weight = model.bookingWeight, weight > 0, let upper = CBCSummary.upperBound(in: log), upper.isFinite
        else { return nil }
        let bookings = min(Set(model.choices.map(\.booking)).count, Int((upper / Double(weight) + 1e-9).rounded(.down)))
        return bookings >= seated && bookings >= 0 ? bookings : nil
    }

    /// Runs a command, returning its combined output; past `timeout` seconds it is killed
    /// (SIGKILL: a solver that ignores SIGTERM must not keep `optimum` waiting). In a process group
    /// of its own: a Ctrl-C reaches replay, which stops the solvers (`stopAll`).
    static func run(_ executable: String, _ arguments: [String], timeout: Int) throws(ProcessFailure) -> (
        status: ExitStatus, output: String, killed: Bool
    ) {
        let process = try ProcessLaunch(
            executable: executable, arguments: arguments, output: .pipe, error: .output, ownGroup: true
        ).start()
        running.withLock { $0.solvers.append(process.signals) }
        let read = process.readOutput(killingAfter: timeout * 1000)
        running.withLock { $0.solvers.removeAll { $0 == process.signals } }
        return (try process.wait(), String(decoding: read.bytes, as: UTF8.self), read.killed)
    }
}

/// Results written by several threads, each to its own slot.
final class Slots: @unchecked Sendable {
    private var values: [Result<OptimumSolver.Solution, OptimumSolver.Failure>?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: Result<OptimumSolver.Solution, OptimumSolver.Failure>) {
        lock.withLock { values[index] = value }
    }
    var all: [Result<OptimumSolver.Solution, OptimumSolver.Failure>?] { lock.withLock { values } }
}
