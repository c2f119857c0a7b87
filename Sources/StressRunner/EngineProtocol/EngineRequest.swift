import Allocation
import CanonicalJSON

/// A request of the engine protocol read back into the allocator's terms: what `engine serve`
/// answers from, and what `engine replay` judges a reproducer's answer against. The request is
/// all there is: a floor line gives the tables, adjacency and spare seats; a quote line the
/// booking, the strategy, what is busy and what is pending.
public enum EngineRequest {
    /// A request that cannot be read, with the message of the `error` answer it gets.
    public struct Refusal: Error, Sendable {
        public var message: String
    }

    /// A `floor` line's restaurant slug, its floor, and the tables and pairs in the order sent.
    public static func floor(_ request: JSONValue) throws(Refusal) -> (
        slug: String, floor: Floor, tables: [Table], adjacency: [AdjacencyPair]
    ) {
        guard let slug = request["restaurant"]?.stringValue, let tableList = request["tables"]?.arrayValue else {
            throw Refusal(message: "floor needs restaurant and tables")
        }
        var tables: [Table] = []
        for item in tableList {
            guard let id = item["id"]?.stringValue, let zone = item["zone"]?.stringValue,
                let min = item["min"]?.intValue,
                let max = item["max"]?.intValue
            else { throw Refusal(message: "a table needs id, zone, min and max") }
            tables.append(
                Table(id: id, zone: zone, minCovers: min, maxCovers: max, active: item["active"]?.boolValue ?? true))
        }
        guard tables.count <= TableSet.capacity else {
            throw Refusal(message: "a floor has at most \(TableSet.capacity) tables, found \(tables.count)")
        }
        let pairs = (request["adjacency"]?.arrayValue ?? []).compactMap { pair -> AdjacencyPair? in
            guard let ids = pair.arrayValue?.compactMap(\.stringValue), ids.count == 2 else { return nil }
            return AdjacencyPair(ids[0], ids[1])
        }
        let restaurant = Restaurant(
            slug: slug, services: [], turnMinutes: TurnTable([]), bufferMinutes: 0,
            maxOverage: request["maxOverage"]?.intValue ?? Restaurant.defaultMaxOverage)
        return (
            slug, Floor(restaurant: restaurant, tables: tables, adjacency: pairs.map { ($0.first, $0.second) }), tables,
            pairs
        )
    }

    /// A quote line's booking, busy tables and pending bookings on `floor`, under a placeholder
    /// strategy (the caller sets it: `quote` has one, `quotes` a list).
    public static func question(_ request: JSONValue, floor: Floor) throws(Refusal) -> (
        request: QuoteRequest, occupancy: Occupancy, pending: [LookAheadBooking]
    ) {
        guard let booking = request["booking"], let id = booking["id"]?.stringValue,
            let party = booking["party"]?.intValue,
            let start = booking["start"]?.intValue, let end = booking["end"]?.intValue
        else {
            throw Refusal(message: "quote needs booking {id, party, start, end} and strategy {label, maxTables}")
        }
        var occupancy = Occupancy(tableCount: floor.tables.count)
        var number = 0
        for entry in request["busy"]?.arrayValue ?? [] {
            guard let table = entry["table"]?.stringValue, let index = floor.index(ofTable: table),
                let busyStart = entry["start"]?.intValue, let busyEnd = entry["end"]?.intValue
            else { continue }
            number += 1
            let kind: Occupancy.Kind = entry["kind"]?.stringValue == "hold" ? .hold : .assignment
            // Listed holds are unexpired by definition.
            occupancy.add(
                Occupancy.Occupation(
                    kind: kind, id: "busy-\(number)", booking: entry["booking"]?.stringValue ?? "",
                    startMinute: busyStart, endMinute: busyEnd, expiresAt: nil), on: TableSet([index]))
        }
        let window = BookingWindow(startMinute: start, endMinute: end, seatingEndMinute: end, service: "")
        var excluded = TableSet()
        for table in request["excluded"]?.arrayValue ?? [] {
            if let index = table.stringValue.flatMap(floor.index(ofTable:)) { excluded.insert(index) }
        }
        let pending = (request["pending"]?.arrayValue ?? []).compactMap { item -> LookAheadBooking? in
            guard let other = item["id"]?.stringValue, let size = item["party"]?.intValue,
                let otherStart = item["start"]?.intValue,
                let otherEnd = item["end"]?.intValue
            else { return nil }
            return LookAheadBooking(
                booking: other, partySize: size,
                window: BookingWindow(
                    startMinute: otherStart, endMinute: otherEnd, seatingEndMinute: otherEnd, service: ""))
        }
        let placeholder = Strategy(label: "", requireAdjacency: false, maxTables: 1)
        var quoteRequest = QuoteRequest(
            booking: id, partySize: party, window: window, strategy: placeholder, now: 0, excluded: excluded)
        for table in booking["current"]?.arrayValue ?? [] {
            if let index = table.stringValue.flatMap(floor.index(ofTable:)) { quoteRequest.current.insert(index) }
        }
        return (quoteRequest, occupancy, pending)
    }

    /// A strategy object of a request.
    public static func strategy(_ value: JSONValue?) throws(Refusal) -> Strategy {
        guard let value, let label = value["label"]?.stringValue, let tables = value["maxTables"]?.intValue else {
            throw Refusal(message: "quote needs booking {id, party, start, end} and strategy {label, maxTables}")
        }
        // The look-ahead's shortcut (6 disjoint plans cannot all be taken) holds for at most 5 tables.
        guard Strategy.maxTablesRange.contains(tables) else {
            throw Refusal(message: "strategy maxTables must be in 1...5, found \(tables)")
        }
        return Strategy(
            label: label, requireAdjacency: value["requireAdjacency"]?.boolValue ?? false, maxTables: tables)
    }
}
