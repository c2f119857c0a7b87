import EventLog
import Foundation
import Projections

/// A capture's events read on a second thread while the caller folds them: the reading side
/// (SQLite, the hash chain) and the folding side (projections, invariants) then run on two cores
/// at once. Decoding payloads is shared between the two: the reader decodes one batch in three
/// and hands the other two over as copied bytes, which the folding thread decodes
/// (`Batch.decoded`), because reading and checking the chain alone cost about as much as applying
/// (a crowded day: 0.49 s reading and hashing, 0.42 s decoding, 0.34 s applying). Batches arrive
/// in seq order and at most `maximumQueued` wait, so memory stays flat whatever the capture's
/// size. The reader is used by the reading thread only, until `finish()` returns.
final class DecodedEventStream: @unchecked Sendable {
    /// Events in seq order: decoded already, or rows copied for the folding thread to decode.
    struct Batch {
        var seqs: [Int] = []
        var events: [Event] = []
        /// Undecoded rows (when `events` is empty): their type and payload bytes in `bytes`.
        var rows: [CopiedRow] = []
        var bytes: [UInt8] = []

        struct CopiedRow {
            var seq: Int
            var at: Int
            var restaurant: String?
            var booking: String?
            var type: Range<Int>
            var payload: Range<Int>
        }

        /// The batch's events, decoding copied rows; stops at the first unreadable one.
        func decoded() -> (seqs: [Int], events: [Event], unreadable: EventDecodingError?) {
            guard !rows.isEmpty else { return (seqs, events, nil) }
            var seqs: [Int] = []
            var events: [Event] = []
            seqs.reserveCapacity(rows.count)
            events.reserveCapacity(rows.count)
            return bytes.withUnsafeBufferPointer { base in
                for row in rows {
                    let raw = RawEvent(
                        seq: row.seq, type: UnsafeBufferPointer(rebasing: base[row.type]), at: row.at,
                        restaurant: row.restaurant,
                        booking: row.booking, payload: UnsafeBufferPointer(rebasing: base[row.payload]), hash: [])
                    do throws(EventDecodingError) { events.append(try Event.decode(raw)) } catch {
                        return (seqs, events, error)
                    }
                    seqs.append(row.seq)
                }
                return (seqs, events, nil)
            }
        }
    }

    /// Why reading stopped.
    enum End {
        case finished
        case unreadable(EventDecodingError)
        case failed(Error)
    }

    static let batchSize = 256
    /// The reader decodes one batch in this many; the folding thread the others.
    static let readerDecodesOneBatchIn = 3
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
        var number = 0
        var outcome = End.finished
        do {
            try reader.forEachRawEvent(through: last) { row in
                if number % Self.readerDecodesOneBatchIn == 0 {
                    let event: Event
                    do throws(EventDecodingError) { event = try Event.decode(row) } catch {
                        outcome = .unreadable(error)
                        return false
                    }
                    batch.seqs.append(row.seq)
                    batch.events.append(event)
                } else {
                    // Copied as bytes: the row's buffers are SQLite's, valid only in this call.
                    if batch.rows.isEmpty {
                        batch.rows.reserveCapacity(Self.batchSize)
                        batch.bytes.reserveCapacity(Self.batchSize * 256)
                    }
                    let typeStart = batch.bytes.count
                    batch.bytes.append(contentsOf: row.type)
                    let payloadStart = batch.bytes.count
                    batch.bytes.append(contentsOf: row.payload)
                    batch.rows.append(
                        .init(
                            seq: row.seq, at: row.at, restaurant: row.restaurant, booking: row.booking,
                            type: typeStart..<payloadStart, payload: payloadStart..<batch.bytes.count))
                }
                guard batch.events.count + batch.rows.count == Self.batchSize else { return true }
                defer {
                    batch = Self.emptyBatch()
                    number += 1
                }
                return push(batch)
            }
        } catch {
            outcome = .failed(error)
        }
        condition.lock()
        if !(batch.events.isEmpty && batch.rows.isEmpty) && !cancelled { queue.append(batch) }
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
