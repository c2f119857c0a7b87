extension EventBody {
    /// The event with what only an outside engine's run records taken out: the engine's identity
    /// in `run.started`, its answer records in `quote.issued` and the `rejected` counts it sent
    /// with the oracle's answers in `coverage.measured`. Two runs equal past these allocated the
    /// same way (`diff`; `engine serve` against the built-in allocator).
    public var withoutEngineRecords: EventBody {
        switch self {
        case .runStarted(var started):
            started.engine = nil
            return .runStarted(started)
        case .quoteIssued(var quote):
            quote.engine = nil
            return .quoteIssued(quote)
        case .coverageMeasured(var measured):
            measured.strategies = measured.strategies?.map { entry in
                var kept = entry
                kept.rejected = nil
                return kept
            }
            return .coverageMeasured(measured)
        default: return self
        }
    }
}
