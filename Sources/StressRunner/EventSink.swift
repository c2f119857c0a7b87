import EventLog

/// Where a run's events go: a capture file when recording, a comparator when replaying.
public protocol EventSink: AnyObject {
    func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws
}

extension CaptureWriter: EventSink {
    public func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
        try append(type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
    }
}

extension PipelinedCaptureWriter: EventSink {
    public func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
        try append(type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
    }
}

/// Keeps events in memory (tests, small tools).
public final class MemorySink: EventSink {
    public private(set) var records: [EventRecord] = []
    private var chain = HashChain()

    public init() {}

    public func write(type: String, at: Int, restaurant: String?, booking: String?, payload: String) throws {
        let seq = records.count + 1
        let hash = chain.append(
            seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload)
        records.append(
            EventRecord(
                seq: seq, type: type, at: at, restaurant: restaurant, booking: booking, payload: payload, hash: hash))
    }
}
