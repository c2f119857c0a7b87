import CommandSupport
import Foundation
import StressRunner

/// Progress on stderr while recording: only on a terminal, throttled to a few updates a
/// second, drawn over itself (`\r` + erase line).
final class Progress {
    private let enabled: Bool
    private var lastDraw = ContinuousClock.now
    private let started = ContinuousClock.now
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ state: RunProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) || state.bookingsDecided == state.bookings else { return }
        lastDraw = now
        let seconds = max(
            0.001, Double((now - started).components.attoseconds) / 1e18 + Double((now - started).components.seconds))
        let rate = Int(Double(state.events) / seconds)
        let restaurants = state.restaurantsDone > 0 ? "restaurants \(state.restaurantsDone)/\(state.restaurants)  " : ""
        Terminal.writeAll(
            to: 2,
            "\r\u{1B}[K\(restaurants)bookings \(state.bookingsDecided)/\(state.bookings)  events \(state.events)  \(rate) events/s"
        )
        drawn = true
    }

    /// Draws a line of any command's own (`engine check`: cases asked so far), throttled the same way.
    func draw(_ text: @autoclosure () -> String, last: Bool = false) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - lastDraw > .milliseconds(100) || last else { return }
        lastDraw = now
        Terminal.writeAll(to: 2, "\r\u{1B}[K" + text())
        drawn = true
    }

    func finish() {
        guard enabled, drawn else { return }
        Terminal.writeAll(to: 2, "\r\u{1B}[K")
    }
}
