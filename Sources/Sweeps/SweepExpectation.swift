import CommandSupport
import Projections
import Reports

/// A gate on a sweep's distribution: `success.p10>=80%` judges a statistic of a metric over the
/// runs; a bare `phantom==0` must hold for every run (the worst run decides).
package struct SweepExpectation {
    package var text: String
    package var gate: Expectation
    /// Nil: every run.
    package var statistic: Distribution.Statistic?

    package static func parse(_ text: String) -> Result<SweepExpectation, ExpectationError> {
        let compact = text.filter { !$0.isWhitespace }
        let nameEnd = compact.firstIndex { "<>=!".contains($0) } ?? compact.endIndex
        let name = compact[..<nameEnd]
        var statistic: Distribution.Statistic?
        var gateText = compact
        if let dot = name.firstIndex(of: ".") {
            let statisticName = String(name[name.index(after: dot)...])
            guard let parsed = Distribution.Statistic(rawValue: statisticName) else {
                return .failure(
                    ExpectationError(
                        "\(text): unknown statistic \(statisticName); one of \(Distribution.Statistic.allCases.map(\.rawValue).joined(separator: ", ")) (or none: every run)"
                    ))
            }
            statistic = parsed
            gateText = String(name[..<dot]) + compact[nameEnd...]
        }
        switch Expectation.parse(gateText) {
        case .failure(let error): return .failure(error)
        case .success(let gate):
            if statistic != nil, Distribution.Metric(rawValue: gate.metric.rawValue) == nil {
                return .failure(
                    ExpectationError(
                        "\(text): \(gate.metric.rawValue) has no distribution in a sweep; use it without a statistic (every run)"
                    ))
            }
            return .success(SweepExpectation(text: compact, gate: gate, statistic: statistic))
        }
    }

    package struct Outcome {
        package var expectation: SweepExpectation
        package var holds: Bool
        package var measuredText: String
    }

    package func judge(_ rows: [SweepRow]) -> Outcome {
        let metricText = { (value: Int) in self.gate.metric.isPercentage ? Ratio.basisPointsText(value) : String(value)
        }
        if let statistic {
            guard let metric = Distribution.Metric(rawValue: gate.metric.rawValue),
                let distribution = Distribution(metric, rows: rows)
            else {
                return Outcome(expectation: self, holds: false, measuredText: "not measured in any run")
            }
            let value = distribution.value(statistic)
            return Outcome(
                expectation: self, holds: gate.comparison.holds(value, gate.value),
                measuredText: "\(statistic.rawValue) \(metricText(value)) over \(distribution.values.count) runs")
        }
        var missed: [(row: SweepRow, measured: String)] = []
        for row in rows {
            guard let value = Self.measured(gate.metric, row) else {
                missed.append((row, "not measured"))
                continue
            }
            if !gate.comparison.holds(value, gate.value) { missed.append((row, metricText(value))) }
        }
        guard let first = missed.first else {
            return Outcome(expectation: self, holds: true, measuredText: "every run of \(rows.count)")
        }
        return Outcome(
            expectation: self, holds: false,
            measuredText:
                "\(missed.count) of \(rows.count) runs miss it, first run \(first.row.position) (seed \(first.row.seed)): \(first.measured)"
        )
    }

    package static func measured(_ metric: Expectation.Metric, _ row: SweepRow) -> Int? {
        guard row.status == Trial.Status.complete.rawValue else { return nil }
        switch metric {
        case .success: return row.successBasisPoints
        case .coverage: return row.coverageBasisPoints
        case .confirmed: return row.confirmed
        case .failed: return row.failed
        case .refused: return row.refused
        case .conflicts: return row.conflicts
        case .phantom: return row.phantom
        case .unsound: return row.unsound
        case .gap: return row.gapBasisPoints
        }
    }
}
