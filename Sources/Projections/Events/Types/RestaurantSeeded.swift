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

    public func encode(into w: inout JSONWriter) {
        w.key("services"); w.beginArray()
        for service in services {
            w.beginObject()
            w.field("name", service.name); w.field("start_minute", service.startMinute); w.field("end_minute", service.endMinute)
            w.key("turn_minutes")
            if let turns = service.turnMinutes { w.intPairs(turns) } else { w.null() }
            w.endObject()
        }
        w.endArray()
        w.key("turn_minutes"); w.intPairs(turnMinutes)
        w.field("buffer_minutes", bufferMinutes); w.field("max_overage", maxOverage)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> RestaurantSeeded {
        try p.key("services")
        try p.beginArray()
        var services: [ServiceSeed] = []
        while try p.nextElement() {
            try p.beginObject()
            services.append(ServiceSeed(name: try p.string("name"), startMinute: try p.int("start_minute"),
                                        endMinute: try p.int("end_minute"), turnMinutes: try p.optionalIntPairs("turn_minutes")))
            try p.endObject()
        }
        return RestaurantSeeded(services: services, turnMinutes: try p.intPairs("turn_minutes"),
                                bufferMinutes: try p.int("buffer_minutes"), maxOverage: try p.int("max_overage"))
    }

    public var summary: String {
        services.map { "\($0.name) \(ClockText.minutes($0.startMinute))-\(ClockText.minutes($0.endMinute))" }.joined(separator: ", ")
            + "; buffer \(bufferMinutes) min"
    }
}
