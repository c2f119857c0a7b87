import CommandSupport
import Allocation
import Foundation
import Optimum
import Projections
import Reports

/// What a shrink keeps true while it removes parts of the day (`--until`).
package enum ShrinkProperty: Equatable {
    /// The oracle finds a booking the engine called unavailable though a feasible set existed.
    case phantom
    /// An offer broke a rule (at first quotes, or any recorded unsound offer).
    case unsound
    /// An invariant is violated (live in `record`, or by the fold).
    case violation
    /// `replay run` re-executes the recording differently: a non-deterministic engine.
    case diverges
    /// This booking (a scenario booking; in reserve mode, the one cloned from it) failed or was refused.
    /// `reason`: the failure must be this one (the shrink pins the reason the booking failed
    /// with on the capture's own day, so the day does not shrink to another failure).
    case fails(booking: String, reason: String? = nil)
    /// Success (confirmed over tried) below this many basis points.
    case successBelow(basisPoints: Int)
    /// The optimality gap above this many basis points.
    case gapAbove(basisPoints: Int)
    /// Some answer the oracle judged missed a feasible set against the engine's own rules: a set
    /// of `setSize` tables when given, under `strategy` when given. The shrink pins both to the
    /// capture's own day (its first strategy with a miss, and the smallest set it listed), so the
    /// day does not shrink to another kind of miss.
    case missed(setSize: Int?, strategy: String?)
    /// The coverage of every answer the oracle judged below this many basis points.
    case coverageBelow(basisPoints: Int)
    /// An edit's quote offered no set keeping the booking's current tables while one was
    /// feasible (format 7: the oracle's keeping check).
    case keepMissed

    package static let names =
        "phantom, unsound, violation, diverges, fails:BOOKING, success-below:PERCENT, gap-above:PERCENT, missed, missed:SIZE, coverage-below:PERCENT, keep-missed"

    package static func parse(_ text: String) -> ShrinkProperty? {
        switch text {
        case "phantom": return .phantom
        case "unsound": return .unsound
        case "violation": return .violation
        case "diverges": return .diverges
        case "missed": return .missed(setSize: nil, strategy: nil)
        case "keep-missed": return .keepMissed
        default: break
        }
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let name = text[..<colon]
        let value = String(text[text.index(after: colon)...])
        let percent = value.hasSuffix("%") ? String(value.dropLast()) : value
        switch name {
        case "fails": return value.isEmpty ? nil : .fails(booking: value, reason: nil)
        case "success-below":
            return Expectation.basisPoints(percent).flatMap { $0 <= 10_000 ? .successBelow(basisPoints: $0) : nil }
        case "gap-above":
            return Expectation.basisPoints(percent).flatMap { $0 <= 10_000 ? .gapAbove(basisPoints: $0) : nil }
        case "missed":
            return Int(value).flatMap {
                Strategy.maxTablesRange.contains($0) ? .missed(setSize: $0, strategy: nil) : nil
            }
        case "coverage-below":
            return Expectation.basisPoints(percent).flatMap { $0 <= 10_000 ? .coverageBelow(basisPoints: $0) : nil }
        default: return nil
        }
    }

    package var needsOptimum: Bool { if case .gapAbove = self { true } else { false } }

    /// Whether a trial shows the property, and the figure it was judged on (for the messages).
    package func judge(_ trial: Trial, scratch: String, solver: OptimumSolver?) throws -> (
        holds: Bool, measured: String
    ) {
        if case .violation = self {
            return (trial.status == .violation, trial.status == .violation ? trial.detail : "no invariant violated")
        }
        guard trial.status == .complete, let state = trial.state else {
            return (false, "the run did not complete (\(trial.detail))")
        }
        let total = state.overall
        switch self {
        case .violation: return (false, "")
        case .phantom:
            return (total.phantomUnavailable.count > 0, "\(total.phantomUnavailable.count) phantom unavailable")
        case .unsound:
            let count = total.unsoundOffers.count + total.unsoundInQuotes
            return (count > 0, "\(count) unsound offers")
        case .diverges:
            let rerun = try trial.reexecute(scratch: scratch)
            return (
                rerun.code == 1,
                rerun.code == 1
                    ? "re-execution diverged"
                    : rerun.code == 0 ? "re-execution reproduced it" : "replay run exited \(rerun.code)"
            )
        case .fails(let booking, let reason):
            // In reserve mode the scenario booking is a source: its clone (any id) is what is tried.
            guard
                let found = state.booking(booking).flatMap({ $0.status == .source ? nil : $0 })
                    ?? state.bookings.first(where: { $0.source == booking })
            else {
                return (false, "booking \(booking) is not tried in the run")
            }
            let name = found.id == booking ? booking : "\(found.id) (from \(booking))"
            let failedSo =
                (found.status == .failed || found.status == .refused) && (reason == nil || found.reason == reason)
            return (failedSo, "booking \(name) is \(found.status.rawValue)" + (found.reason.map { " (\($0))" } ?? ""))
        case .successBelow(let limit):
            guard let success = Ratio.basisPoints(total.confirmed, of: total.tried) else {
                return (false, "nothing tried")
            }
            return (success < limit, "success \(Ratio.basisPointsText(success))")
        case .missed(let size, let strategy):
            let entries = total.strategyCoverage.filter { strategy == nil || $0.strategy == strategy }
            let count = entries.reduce(0) { $0 + $1.misses(size: size) }
            let what = (size.map { "\($0)-table " } ?? "") + "sets missed" + (strategy.map { " under \($0)" } ?? "")
            return (count > 0, "\(count) \(what)")
        case .coverageBelow(let limit):
            let every = total.everyAnswer
            guard let coverage = Ratio.basisPoints(every.quotedFeasible, of: every.feasible) else {
                return (false, "no answer judged")
            }
            return (coverage < limit, "coverage \(Ratio.basisPointsText(coverage)) over \(every.answers) answers")
        case .keepMissed:
            return (
                total.keepMissed > 0,
                "\(total.keepMissed) edit quote\(total.keepMissed == 1 ? "" : "s") without a set keeping the current tables"
            )
        case .gapAbove(let limit):
            guard let solver else { return (false, "no solver") }
            let figures = try OptimumRun.figures(state, solver: solver)
            let gap = OptimumFigures.gapBasisPoints(seated: total.confirmed, optimum: figures.optimum)
            return (
                gap > limit, "gap \(Ratio.basisPointsText(gap)) (\(total.confirmed) seated, optimum \(figures.optimum))"
            )
        }
    }
}
