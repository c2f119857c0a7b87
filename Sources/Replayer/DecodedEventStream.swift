import EventLog
import Foundation
import Projections

/// A capture's events read on a second thread while the caller folds them: the reading side
/// (SQLite, the hash chain, in `CaptureStream`) and the folding side (projections, invariants)
/// then run on two cores at once. Decoding payloads is shared between the two: the reader decodes
/// one batch in three and hands the other two over as copied bytes, which the folding thread
/// decodes (`Batch.decoded`), because reading and checking the chain alone cost about as much as
/// applying (a crowded day: 0.49 s reading and hashing, 0.42 s decoding, 0.34 s applying).
/// Batches arrive in seq order through a `BoundedQueue`, so memory stays flat whatever the
/// capture's size. The stream is used by the reading thread only, until `finish()` returns; it
/// is then on the row after the last one handed over (or read ahead).
final class DecodedEventStream: @unchecked Sendable {
    /// Events in seq order: decoded already, or rows copied for the folding thread to decode.
    struct Batch {
        var seqs: [Int] = []
        var events: [Event] = []
        /// Copied rows: the undecoded ones, or every row when the stream keeps rows (`diff`
        /// compares them byte for byte); their type and payload bytes are in `bytes`.
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

        var count: Int { seqs.count }

        /// The batch's events, decoding copied rows; stops at the first unreadable one.
        func decoded() -> (seqs: [Int], events: [Event], unreadable: EventDecodingError?) {
            guard events.isEmpty && !rows.isEmpty else { return (seqs, events, nil) }
            var seqs: [Int] = []
            var events: [Event] = []
            seqs.reserveCapacity(rows.count)
            events.reserveCapacity(rows.count)
            return bytes.withUnsafeBufferPointer { base in
                for row in rows {
                    do throws(EventDecodingError) { events.append(try Event.decode(raw(row, in: base))) } catch {
                        return (seqs, events, error)
                    }
                    seqs.append(row.seq)
                }
                return (seqs, events, nil)
            }
        }

        /// A copied row as a `RawEvent` over `base` (the batch's bytes, kept alive by the caller).
        func raw(_ row: CopiedRow, in base: UnsafeBufferPointer<UInt8>) -> RawEvent {
            RawEvent(
                seq: row.seq, type: UnsafeBufferPointer(rebasing: base[row.type]), at: row.at,
                restaurant: row.restaurant, booking: row.booking,
                payload: UnsafeBufferPointer(rebasing: base[row.payload]))
        }

        /// Row `index` as an owned record (rows kept only; no hash: the stream checked it).
        func record(_ index: Int) -> EventRecord {
            let row = rows[index]
            return bytes.withUnsafeBufferPointer { EventRecord(raw(row, in: $0), hash: []) }
        }

        /// Whether row `index` here and row `other` of `batch` hold the same bytes in every stored
        /// field but seq (and the hash, which follows from the fields and the chain).
        func sameContent(_ index: Int, as other: Int, of batch: Batch) -> Bool {
            let left = rows[index]
            let right = batch.rows[other]
            guard left.at == right.at, left.restaurant == right.restaurant, left.booking == right.booking,
                left.type.count == right.type.count, left.payload.count == right.payload.count
            else { return false }
            return bytes[left.type] == batch.bytes[right.type] && bytes[left.payload] == batch.bytes[right.payload]
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

    private let queue = BoundedQueue<Batch>(capacity: 4)
    /// Set by the reading thread before it closes the queue.
    private var end = End.finished

    /// Reads `stream` through seq `last` on a thread of its own. `keepingRows`: every row is also
    /// handed over as bytes, for a caller that compares them.
    init(stream: CaptureStream, through last: Int = Int.max, keepingRows: Bool = false) {
        // Only the reading thread uses the stream until `finish()` (see above).
        nonisolated(unsafe) let stream = stream
        let thread = Thread { [self] in produce(stream, through: last, keepingRows: keepingRows) }
        thread.name = "replay capture decoder"
        thread.start()
    }

    /// The next batch in order, or nil once reading has stopped and everything read was taken.
    func next() -> Batch? { queue.pop() }

    /// Stops reading (if it has not stopped) and waits until the reading thread has let go of
    /// the stream; says why reading stopped.
    func finish() -> End {
        queue.cancel()
        queue.waitUntilClosed()
        return end
    }

    private func produce(_ stream: CaptureStream, through last: Int, keepingRows: Bool) {
        var batch = Self.emptyBatch()
        var number = 0
        defer { queue.close() }
        do {
            while stream.lastSeq < last, let row = try stream.next() {
                let decoding = number % Self.readerDecodesOneBatchIn == 0
                if decoding {
                    do throws(EventDecodingError) { batch.events.append(try Event.decode(row)) } catch {
                        end = .unreadable(error)
                        break
                    }
                }
                if keepingRows || !decoding {
                    // Copied as bytes: the row's buffers are SQLite's, valid only until the next row.
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
                batch.seqs.append(row.seq)
                guard batch.count == Self.batchSize else { continue }
                guard queue.push(batch) else { return }
                batch = Self.emptyBatch()
                number += 1
            }
        } catch {
            end = .failed(error)
        }
        if batch.count > 0 { _ = queue.push(batch) }
    }

    private static func emptyBatch() -> Batch {
        var batch = Batch()
        batch.seqs.reserveCapacity(batchSize)
        return batch
    }
}
