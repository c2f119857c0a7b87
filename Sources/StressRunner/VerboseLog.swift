/// What `--verbose` prints: one line per step of the run, with the quotes of one booking that
/// found the same number of candidates in a row collapsed into one line
/// ("pub-1 B071 party 2 adjacent-x1 … relaxed-x4 (8 strategies): 0 candidates"), so a booking that
/// finds nothing reads as one line per pass rather than eight.
final class VerboseLog {
    /// Where lines go; nil when not verbose (nothing is built then).
    var onLine: ((String) -> Void)?

    /// Consecutive quotes of one booking with one candidate count, not yet printed.
    private var pending: (booking: String, first: String, last: String, candidates: Int, strategies: Int)?

    var isOn: Bool { onLine != nil }

    func line(_ text: @autoclosure () -> String) {
        guard let onLine else { return }
        flush()
        onLine(text())
    }

    /// `booking`: the line's prefix ("pub-1 B071 party 2").
    func quote(booking: String, strategy: String, candidates: Int) {
        if let current = pending, current.booking == booking, current.candidates == candidates {
            pending?.last = strategy
            pending?.strategies += 1
            return
        }
        flush()
        pending = (booking, strategy, strategy, candidates, 1)
    }

    /// Prints the collapsed quotes (at the next other line and at the end of the run).
    func flush() {
        guard let run = pending, let onLine else { return }
        pending = nil
        let strategies = run.strategies == 1 ? run.first : "\(run.first) … \(run.last) (\(run.strategies) strategies)"
        onLine("\(run.booking) \(strategies): \(run.candidates) \(run.candidates == 1 ? "candidate" : "candidates")")
    }
}
