/// How much work one `Statement.step` on a read-only connection may do. SQLite calls the
/// progress handler every `instructionsPerCall` virtual-machine instructions; past the budget
/// (10^9 instructions by default, seconds of work: reading one event takes a few hundred, and
/// the widest statement replay runs, a `DISTINCT` over every event for a "did you mean", about
/// 20 per event) the step is interrupted, and so is any step once SIGINT or SIGTERM was received.
/// A capture's own tables never come near it: `CaptureReader` refuses views and triggers before
/// it reads, and this bounds what is left (a hostile index, a statement over a huge table).
public final class StepBudget {
    public static let defaultInstructions = 1_000_000_000
    static let instructionsPerCall: Int32 = 1_000

    private let callsPerStep: Int
    private var calls = 0
    private var interrupted = false

    init(instructions: Int) {
        callsPerStep = max(1, instructions / Int(Self.instructionsPerCall))
    }

    func reset() {
        calls = 0
        interrupted = false
    }

    /// Called by SQLite's progress handler: true stops the statement.
    func spend() -> Bool {
        calls += 1
        if Interruption.signal != nil { interrupted = true }
        return interrupted || calls > callsPerStep
    }

    var stopReason: String {
        interrupted
            ? "interrupted by a signal"
            : "a statement ran past \(callsPerStep * Int(Self.instructionsPerCall)) SQLite instructions in one step (the bound on every read); is the file what it claims to be?"
    }
}
