import Foundation

/// The bound CBC states in the summary it prints last, for a maximization:
///
///     Result - Stopped on time limit
///
///     Objective value:                5439.00000000
///     Upper bound:                    5538.500
///     Gap:                            -0.02
///
/// Read by its label: a line that is missing or not a number is nil, never a guess, so a CBC
/// that words its summary differently makes the bound "unknown" rather than wrong. (The solution
/// file holds the status and the objective but no bound; the log lines before the summary give
/// the internal minimization's figures, negated.)
enum CBCSummary {
    /// The `Upper bound:` of the summary (a maximization's bound on the objective), when the
    /// search stopped early; nil when there is none or it is not a number.
    static func upperBound(in log: String) -> Double? {
        let label = "Upper bound:"
        guard let line = log.split(separator: "\n").last(where: { $0.hasPrefix(label) }) else { return nil }
        return Double(line.dropFirst(label.count).trimmingCharacters(in: .whitespaces))
    }
}
