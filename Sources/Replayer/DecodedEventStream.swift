import EventLog
import Foundation
import Projections

/// A capture's events read and decoded on a second thread while the caller folds them: the
/// reading side (SQLite, payload decoding) and the folding side (projections, invariants) then
/// run on two cores at once. Batches arrive in seq order and at most `maximumQueued` wait, so
/// memory stays flat whatever the capture's size. The reader is used by the reading thread only,
/// until `finish()` returns.
final class DecodedEventStream: @unchecked Sendable {
    struct Batch {
        var seqs: [Int] = []
        var events: [Event] = []
    }

    /// Why reading stopped.
    enum End {
        case finished
        case unreadable(EventDecodingError)
        case failed(Error)
    }

    static let batchSize = 256
    static let maximumQueued = 4

    private let condition = NSCondition()
    private var queue: [Batch] = []
    private var end: End?
    private var cancelled = false
    private var running = true

    init(reader: CaptureReader, through last: Int) {
        // Only the reading thread uses the reader until `finish()` (see above).
        nonisolated(unsafe) let reader = reader
        let thread = Thread { [self] in produce(reader, through: last) }
        thread.name = "replay capture decoder"
        thread.start()
    }

    /// The next batch in order, or nil once reading has stopped and everything read was taken.
    func next() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while queue.isEmpty && running { condition.wait() }
        guard !queue.isEmpty else { return nil }
        let batch = queue.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Stops reading (if it has not stopped) and waits until the reading thread has let go of
    /// the reader; says why reading stopped.
    func finish() -> End {
        condition.lock()
        defer { condition.unlock() }
        cancelled = true
        condition.broadcast()
        while running { condition.wait() }
        return end ?? .finished
    }

    private func produce(_ reader: CaptureReader, through last: Int) {
        var batch = Self.emptyBatch()
        var outcome = End.finished
        do {
            try reader.forEachRawEvent(through: last) { row in
                let event: Event
                do throws(EventDecodingError) { event = try Event.decode(row) } catch {
                    outcome = .unreadable(error)
                    return false
                }
                batch.seqs.append(row.seq)
                batch.events.append(event)
                guard batch.events.count == Self.batchSize else { return true }
                defer { batch = Self.emptyBatch() }
                return push(batch)
            }
        } catch {
            outcome = .failed(error)
        }
        condition.lock()
        if !batch.events.isEmpty && !cancelled { queue.append(batch) }
        end = outcome
        running = false
        condition.broadcast()
        condition.unlock()
    }

    /// Queues a full batch, waiting while the queue is full; false when the caller stopped.
    private func push(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while queue.count >= Self.maximumQueued && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        queue.append(batch)
        condition.broadcast()
        return true
    }

    private static func emptyBatch() -> Batch {
        var batch = Batch()
        batch.seqs.reserveCapacity(batchSize)
        batch.events.reserveCapacity(batchSize)
        return batch
    }
}
