import Allocation

/// How edits and cancellations are drawn, for `scenario generate --edit-rate/--cancel-rate` and
/// for reserve mode's clients (`record --edit-rate/--cancel-rate`): one place, so the documented
/// distributions (docs/scenarios.md, "Changes") are the ones both use.
///
/// - Whether: a booking is cancelled with probability `cancel × (6 + party) / 8` (the rate is
///   the share for a party of 2; a party of 6 cancels 1.5 times as often, of 10 twice), else
///   edited with probability `edit`.
/// - An edit changes the party only (half of them), the start only (3 in 10) or both (2 in 10).
///   The party moves by 1 (7 in 10) or 2, up or down alike, never below 1. The start moves by a
///   multiple of 15 minutes in ±15...90, the other way when that would leave the service (its
///   seating ending by the service's end), and stays at or after the time the edit is asked.
/// - When (generated days): an edit 30 minutes to 5 hours before the start, on 15-minute marks; a
///   cancellation late, the nearer of two draws of 15 minutes to 3 hours before the start.
public enum ChangeDraw {
    public enum Decision: Equatable, Sendable {
        case keep
        case edit(partySize: Int?, startMinute: Int?)
        case cancel
    }

    /// Whether and how one booking changes. `rates` in thousandths; `service` the booking's
    /// service period (the start stays in `service.startMinute...service.endMinute - 60`), or nil
    /// to keep the start; `earliest` the first minute an edited start may take.
    public static func decide(
        partySize: Int, startMinute: Int, service: ClosedRange<Int>?, earliest: Int, editPerMille: Int,
        cancelPerMille: Int, random: inout SplitMix64
    ) -> Decision {
        // One draw per booking for whether, so a rate of 0 still draws the same number of values.
        let roll = random.below(8_000)
        let cancelWeight = min(8_000, cancelPerMille * (6 + min(partySize, 100)))
        if roll < cancelWeight { return .cancel }
        guard roll < cancelWeight + editPerMille * 8 else { return .keep }
        let shape = random.below(10)
        var party: Int?
        var start: Int?
        if shape < 5 || shape >= 8 {
            let step = random.below(10) < 7 ? 1 : 2
            let up = random.below(2) == 0 || partySize - step < 1
            party = min(100, up ? partySize + step : partySize - step)
        }
        if shape >= 5, let service {
            let step = (1 + random.below(6)) * 15
            let later = random.below(2) == 0
            let lowest = max(service.lowerBound, earliest)
            let highest = service.upperBound
            var moved = later ? startMinute + step : startMinute - step
            if moved < lowest || moved > highest { moved = later ? startMinute - step : startMinute + step }
            if moved >= lowest && moved <= highest && moved != startMinute { start = moved }
        }
        if party == nil && start == nil { party = partySize + 1 <= 100 ? partySize + 1 : partySize - 1 }
        return .edit(partySize: party, startMinute: start)
    }

    /// Minutes before the start a generated change is asked: an edit's, and a cancellation's (late).
    public static func leadMinutes(cancel: Bool, random: inout SplitMix64) -> Int {
        if cancel { return min(1 + random.below(12), 1 + random.below(12)) * 15 }
        return (2 + random.below(19)) * 15
    }
}
