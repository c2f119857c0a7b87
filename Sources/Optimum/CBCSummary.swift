import Foundation

/// What CBC says about a solve in the summary it prints last, for a maximization:
///
///     Result - Stopped on time limit
///
///     Objective value:                5439.00000000
///     Upper bound:                    5538.500
///     Gap:                            -0.02
///
/// Read by label, each line on its own: a line that is missing or not a number is nil, never a
/// guess, so a CBC that words its summary differently makes the bound "unknown" rather than
/// wrong. (The solution file holds the status and the objective but no bound; the log lines
/// before the summary give the internal minimization's figures, negated.)
struct CBCSummary: Equatable {
    /// "Optimal solution found", "Stopped on time limit", ...
    var result: String?
    var objective: Double?
    /// The bound on the objective (a maximization's upper bound), when the search stopped early.
    var upperBound: Double?

    init(result: String?, objective: Double?, upperBound: Double?) {
        self.result = result
        self.objective = objective
        self.upperBound = upperBound
    }

    init(log: String) {
        for line in log.split(separator: "\n") {
            if line.hasPrefix("Result - ") {
                result = line.dropFirst("Result - ".count).trimmingCharacters(in: .whitespaces)
            } else if let value = Self.value(of: "Objective value:", in: line) {
                objective = value
            } else if let value = Self.value(of: "Upper bound:", in: line) {
                upperBound = value
            }
        }
    }

    private static func value(of label: String, in line: Substring) -> Double? {
        guard line.hasPrefix(label) else { return nil }
        return Double(line.dropFirst(label.count).trimmingCharacters(in: .whitespaces))
    }
}
