import CommandSupport
import Projections

/// The distribution of a metric over a sweep's runs: nearest-rank percentiles (a value some run
/// really had, never an interpolation) and a histogram.
package struct Distribution {
    package enum Metric: String, CaseIterable {
        case success, conflicts, coverage, phantom, unsound, gap

        package var isPercentage: Bool { self == .success || self == .coverage || self == .gap }

        /// The run's figure (basis points for percentages); nil when the run has none.
        package func value(of row: SweepRow) -> Int? {
            switch self {
            case .success: row.successBasisPoints
            case .conflicts: row.conflicts
            case .coverage: row.coverageBasisPoints
            case .phantom: row.phantom
            case .unsound: row.unsound
            case .gap: row.gapBasisPoints
            }
        }

        package func text(_ value: Int) -> String { isPercentage ? Ratio.basisPointsText(value) : String(value) }
    }

    package enum Statistic: String, CaseIterable { case min, p10, p50, p90, max }

    package struct Bin {
        package var label: String
        package var count: Int
    }

    package var metric: Metric
    /// The values measured, sorted.
    package var values: [Int]

    /// Over the runs that completed and have the figure; nil when none has.
    package init?(_ metric: Metric, rows: [SweepRow]) {
        let values = rows.filter { $0.status == Trial.Status.complete.rawValue }.compactMap(metric.value(of:)).sorted()
        guard !values.isEmpty else { return nil }
        self.metric = metric
        self.values = values
    }

    package func value(_ statistic: Statistic) -> Int {
        switch statistic {
        case .min: values[0]
        case .max: values[values.count - 1]
        case .p10: percentile(10)
        case .p50: percentile(50)
        case .p90: percentile(90)
        }
    }

    /// The smallest value with at least `percent` of the runs at or below it.
    package func percentile(_ percent: Int) -> Int {
        let rank = (percent * values.count + 99) / 100
        return values[Swift.max(rank, 1) - 1]
    }

    /// Ten bins of 10 points for percentages; for counts one bin per value when they span fewer
    /// than 10, else ten equal bins.
    package var histogram: [Bin] {
        if metric == .coverage {
            // Complete coverage is a bin of its own: 99% is a finding, never shown beside 100%.
            return (0..<10).map { bin in
                Bin(
                    label: bin == 9 ? "90-<100%" : "\(bin * 10)-\((bin + 1) * 10)%",
                    count: values.count { bin * 1_000 <= $0 && $0 < (bin + 1) * 1_000 })
            } + [Bin(label: "100%", count: values.count { $0 >= 10_000 })]
        }
        if metric.isPercentage {
            return (0..<10).map { bin in
                let low = bin * 1_000
                let high = bin == 9 ? 10_001 : (bin + 1) * 1_000
                return Bin(
                    label: "\(bin * 10)-\(bin == 9 ? 100 : (bin + 1) * 10)%",
                    count: values.count { low <= $0 && $0 < high })
            }
        }
        let low = values[0]
        let high = values[values.count - 1]
        // Zero gets a bin of its own whenever it occurs: "none" is what gates ask (`phantom==0`).
        var bins: [Bin] = []
        var from = low
        if low == 0 && high >= 10 {
            bins.append(Bin(label: "0", count: values.count { $0 == 0 }))
            from = 1
        }
        let width = Swift.max(1, (high - from + 10) / 10)
        for start in stride(from: from, through: high, by: width) {
            let end = start + width - 1
            bins.append(
                Bin(
                    label: width == 1 ? String(start) : "\(start)-\(end)",
                    count: values.count { start <= $0 && $0 <= end }))
        }
        return bins
    }
}

/// The figures of a sweep the reports show: distributions, breakdowns by grid option, the worst
/// runs and the failures. Computed from the rows alone, so a merged sweep's reports equal an
/// unsharded one's.
package struct SweepStatistics {
    package struct Breakdown {
        package var axis: String
        package var groups: [(value: String, rows: [SweepRow])]
    }

    package var rows: [SweepRow]
    package var distributions: [Distribution]
    package var breakdowns: [Breakdown]
    package var worst: [SweepRow]
    package var failing: [SweepRow]

    package init(rows: [SweepRow], axes: [String]) {
        self.rows = rows
        distributions = Distribution.Metric.allCases.compactMap { Distribution($0, rows: rows) }
        breakdowns = axes.map { axis in
            var groups: [(value: String, rows: [SweepRow])] = []
            for row in rows {
                let value = row.value(ofAxis: axis)
                if let index = groups.firstIndex(where: { $0.value == value }) {
                    groups[index].rows.append(row)
                } else {
                    groups.append((value, [row]))
                }
            }
            return Breakdown(axis: axis, groups: groups)
        }
        worst = Array(
            rows.filter { $0.status == Trial.Status.complete.rawValue }.sorted {
                ($0.successBasisPoints ?? -1, -$0.conflicts, $0.position) < (
                    $1.successBasisPoints ?? -1, -$1.conflicts, $1.position
                )
            }.prefix(10))
        failing = rows.filter(\.isFailing)
    }

    package func distribution(_ metric: Distribution.Metric) -> Distribution? {
        distributions.first { $0.metric == metric }
    }
}
