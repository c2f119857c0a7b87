import Allocation
import CanonicalJSON

public struct ServiceSeed: Equatable, Sendable {
    public var name: String
    public var startMinute: Int
    public var endMinute: Int
    /// (party size, minutes); nil when the service uses the restaurant's turn times.
    public var turnMinutes: [[Int]]?

    public init(name: String, startMinute: Int, endMinute: Int, turnMinutes: [[Int]]?) {
        self.name = name
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.turnMinutes = turnMinutes
    }
}

public struct RestaurantSeeded: Equatable, Sendable {
    public var services: [ServiceSeed]
    public var turnMinutes: [[Int]]
    public var bufferMinutes: Int
    public var maxOverage: Int

    public init(services: [ServiceSeed], turnMinutes: [[Int]], bufferMinutes: Int, maxOverage: Int) {
        self.services = services
        self.turnMinutes = turnMinutes
        self.bufferMinutes = bufferMinutes
        self.maxOverage = maxOverage
    }
}

extension RestaurantSeeded: EventPayload {
    public static let type = "restaurant.seeded"
    public static let isInput = true
    public var body: EventBody { .restaurantSeeded(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.key("services")
        writer.beginArray()
        for service in services {
            writer.beginObject()
            writer.field("name", service.name)
            writer.field("start_minute", service.startMinute)
            writer.field("end_minute", service.endMinute)
            writer.key("turn_minutes")
            if let turns = service.turnMinutes { writer.intPairs(turns) } else { writer.null() }
            writer.endObject()
        }
        writer.endArray()
        writer.key("turn_minutes")
        writer.intPairs(turnMinutes)
        writer.field("buffer_minutes", bufferMinutes)
        writer.field("max_overage", maxOverage)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> RestaurantSeeded {
        try cursor.key("services")
        try cursor.beginArray()
        var services: [ServiceSeed] = []
        while try cursor.nextElement() {
            try cursor.beginObject()
            services.append(
                ServiceSeed(
                    name: try cursor.string("name"),
                    startMinute: try cursor.int("start_minute", in: EventBounds.minute),
                    endMinute: try cursor.int("end_minute", in: EventBounds.minute),
                    turnMinutes: try cursor.optionalIntPairs(
                        "turn_minutes", first: EventBounds.party, second: EventBounds.duration)))
            try cursor.endObject()
        }
        return RestaurantSeeded(
            services: services,
            turnMinutes: try cursor.intPairs("turn_minutes", first: EventBounds.party, second: EventBounds.duration),
            bufferMinutes: try cursor.int("buffer_minutes", in: EventBounds.bufferMinutes),
            maxOverage: try cursor.int("max_overage", in: EventBounds.maxOverage))
    }

    public var summary: String {
        services.map { "\($0.name) \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))" }.joined(
            separator: ", ")
            + "; buffer \(bufferMinutes) min"
    }
}
