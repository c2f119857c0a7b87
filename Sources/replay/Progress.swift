import Foundation

/// Progress on stderr while recording: only on a terminal, throttled to a few updates a
/// second, drawn over itself (`\r` + erase line).
final class Progress {
    private let enabled: Bool
    private var lastDraw = ContinuousClock.now
    private let started = ContinuousClock.now
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(decided: Int, total: Int, events: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) || decided == total else { return }
        lastDraw = now
        let seconds = max(0.001, Double((now - started).components.attoseconds) / 1e18 + Double((now - started).components.seconds))
        let rate = Int(Double(events) / seconds)
        FileHandle.standardError.write(Data("\r\u{1B}[Kbookings \(decided)/\(total)  events \(events)  \(rate) events/s".utf8))
        drawn = true
    }

    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
