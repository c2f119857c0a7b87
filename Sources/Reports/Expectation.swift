import CanonicalJSON
import Projections

/// A CI gate on a run's figures (`record --expect 'success>=85%'`): a metric, a comparison and a
/// value. Percentages are compared in basis points, so `85%` and `85.00%` are the same gate.
public struct Expectation: Equatable, Sendable {
    public enum Metric: String, CaseIterable, Sendable {
        /// Confirmed over every booking tried, in percent.
        case success
        /// Share of the feasible table sets offered at first quotes, in percent.
        case coverage
        case confirmed, failed, refused, conflicts
        /// Bookings for which the engine offered nothing while a feasible set existed.
        case phantom
        /// Offers that broke a rule (the oracle's at first quotes, and every engine offer recorded unsound).
        case unsound
        /// (optimum - confirmed) / optimum, in percent: needs the optimum (`record --optimum`, implied by this gate).
        case gap

        public var isPercentage: Bool { self == .success || self == .coverage || self == .gap }
    }

    public enum Comparison: String, CaseIterable, Sendable {
        case atLeast = ">=", atMost = "<=", equal = "==", notEqual = "!=", above = ">", below = "<"

        public func holds(_ measured: Int, _ wanted: Int) -> Bool {
            switch self {
            case .atLeast: measured >= wanted
            case .atMost: measured <= wanted
            case .equal: measured == wanted
            case .notEqual: measured != wanted
            case .above: measured > wanted
            case .below: measured < wanted
            }
        }
    }

    public var text: String
    public var metric: Metric
    public var comparison: Comparison
    /// Basis points for a percentage, else the count.
    public var value: Int

    /// Parses `metric op value` (`success>=85%`, `phantom==0`, `conflicts<=12`); the error says
    /// what is wrong in words.
    public static func parse(_ text: String) -> Result<Expectation, ExpectationError> {
        let compact = text.filter { !$0.isWhitespace }
        // Longest operators first, so ">=" is not read as ">".
        let operators = Comparison.allCases.sorted { $0.rawValue.count > $1.rawValue.count }
        guard let comparison = operators.first(where: { compact.contains($0.rawValue) }),
            let range = compact.range(of: comparison.rawValue)
        else {
            return .failure(
                .init("\(text): expected METRIC OP VALUE, e.g. success>=85% or phantom==0 (OP one of >= <= == != > <)"))
        }
        let name = String(compact[..<range.lowerBound])
        let valueText = String(compact[range.upperBound...])
        guard let metric = Metric(rawValue: name) else {
            return .failure(
                .init(
                    "\(text): unknown metric \(name.isEmpty ? "(none)" : name); one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))"
                ))
        }
        if metric.isPercentage {
            guard valueText.hasSuffix("%"), let points = Self.basisPoints(String(valueText.dropLast())),
                (0...10_000).contains(points)
            else {
                return .failure(
                    .init(
                        "\(text): \(metric.rawValue) is a percentage from 0% to 100% with at most two decimals, e.g. 85% or 92.5%"
                    ))
            }
            return .success(Expectation(text: compact, metric: metric, comparison: comparison, value: points))
        }
        guard valueText.count <= 12, let count = Int(valueText), count >= 0 else {
            return .failure(.init("\(text): \(metric.rawValue) is a count: a whole number of at least 0"))
        }
        return .success(Expectation(text: compact, metric: metric, comparison: comparison, value: count))
    }

    /// "85", "85.5", "85.25" as basis points.
    public static func basisPoints(_ text: String) -> Int? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // At most 3 whole digits: a percentage (and no overflow in `* 100`).
        guard (1...2).contains(parts.count), (1...3).contains(parts[0].count), parts[0].allSatisfy(\.isNumber),
            let whole = Int(parts[0])
        else { return nil }
        var fraction = 0
        if parts.count == 2 {
            guard (1...2).contains(parts[1].count), parts[1].allSatisfy(\.isNumber), let digits = Int(parts[1]) else {
                return nil
            }
            fraction = parts[1].count == 1 ? digits * 10 : digits
        }
        return whole * 100 + fraction
    }

    /// The measured value (basis points or count), nil when the run cannot tell (no oracle, no optimum).
    public func measured(in metrics: RestaurantMetrics, optimum: Int? = nil) -> Int? {
        switch metric {
        case .success: Ratio.basisPoints(metrics.confirmed, of: metrics.tried) ?? 0
        case .coverage:
            metrics.coverageMeasured == 0
                ? nil : Ratio.basisPoints(metrics.quotedFeasibleSets, of: metrics.feasibleSets)
        case .confirmed: metrics.confirmed
        case .failed: metrics.failed
        case .refused: metrics.refused
        case .conflicts: metrics.conflicts
        case .phantom: metrics.coverageMeasured == 0 ? nil : metrics.phantomUnavailable.count
        case .unsound: metrics.unsoundOffers.count + metrics.unsoundInQuotes
        case .gap: optimum.map { OptimumFigures.gapBasisPoints(seated: metrics.confirmed, optimum: $0) }
        }
    }

    /// One gate judged: whether it holds and the figure it was judged on, in words.
    public struct Outcome: Sendable {
        public var expectation: Expectation
        public var holds: Bool
        public var measuredText: String
    }

    public func judge(_ metrics: RestaurantMetrics, optimum: Int? = nil) -> Outcome {
        guard let measured = measured(in: metrics, optimum: optimum) else {
            let why = metric == .gap ? "no optimum" : "the coverage oracle was off"
            return Outcome(expectation: self, holds: false, measuredText: "not measured (\(why))")
        }
        let text =
            metric.isPercentage
            ? "\(measured / 100).\(measured % 100 < 10 ? "0" : "")\(measured % 100)%" : String(measured)
        return Outcome(expectation: self, holds: comparison.holds(measured, value), measuredText: text)
    }
}

public struct ExpectationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Expectation {
    /// The judged gates as a JSON summary holds them (`record --json`, a sweep's report):
    /// `"expectations": [{"expectation": …, "holds": …, "measured": …}]`.
    public static func writeJudged(_ judged: [(text: String, holds: Bool, measured: String)], to w: inout JSONWriter) {
        w.key("expectations")
        w.beginArray()
        for gate in judged {
            w.beginObject()
            w.field("expectation", gate.text)
            w.field("holds", gate.holds)
            w.field("measured", gate.measured)
            w.endObject()
        }
        w.endArray()
    }
}
