import Allocation
import CanonicalJSON

extension Scenario {
    /// The scenario in the file format `ScenarioLoader` reads (keys in documented order;
    /// optional keys only when they differ from their defaults).
    public var jsonValue: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("name", .string(name)),
            ("date", .string(date)),
            ("restaurants", .array(restaurants.map(\.jsonValue))),
            ("bookings", .array(bookings.map(\.jsonValue)))
        ]
        if !changes.isEmpty { fields.append(("changes", .array(changes.map(\.jsonValue)))) }
        return .object(fields)
    }

    /// Pretty JSON text, for `replay scenario show` and `generate`.
    public var jsonText: String { jsonValue.prettyText() }
}

extension TurnTable {
    var jsonValue: JSONValue { .object(entries.map { (String($0.partySize), JSONValue.int($0.minutes)) }) }
}

extension RestaurantPlan {
    var jsonValue: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("slug", .string(restaurant.slug)),
            (
                "services",
                .array(
                    restaurant.services.map { service in
                        var serviceFields: [(key: String, value: JSONValue)] = [
                            ("name", .string(service.name)),
                            ("start", .string(ClockText.minutes(service.startMinute))),
                            // After midnight as the file writes it ("01:00"); 24:00 stays 24:00.
                            (
                                "end",
                                .string(
                                    ClockText.minutes(
                                        service.endMinute > 24 * 60 ? service.endMinute - 24 * 60 : service.endMinute))
                            )
                        ]
                        if let turns = service.turnMinutes { serviceFields.append(("turnMinutes", turns.jsonValue)) }
                        return .object(serviceFields)
                    })
            )
        ]
        // Turn times only on the services: no restaurant-wide table to write.
        if !restaurant.turnMinutes.entries.isEmpty { fields.append(("turnMinutes", restaurant.turnMinutes.jsonValue)) }
        fields.append(("bufferMinutes", .int(restaurant.bufferMinutes)))
        if restaurant.maxOverage != Restaurant.defaultMaxOverage {
            fields.append(("maxOverage", .int(restaurant.maxOverage)))
        }
        fields.append(
            (
                "tables",
                .array(
                    tables.map { table in
                        var tableFields: [(key: String, value: JSONValue)] = [
                            ("id", .string(table.id)), ("zone", .string(table.zone)), ("min", .int(table.minCovers)),
                            ("max", .int(table.maxCovers))
                        ]
                        if table.movable { tableFields.append(("movable", .bool(true))) }
                        if !table.active { tableFields.append(("active", .bool(false))) }
                        return .object(tableFields)
                    })
            ))
        fields.append(("adjacency", .array(adjacency.map { .array([.string($0.first), .string($0.second)]) })))
        return .object(fields)
    }
}

extension ScenarioBooking {
    var jsonValue: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [("id", .string(id)), ("restaurant", .string(restaurant))]
        if let date { fields.append(("date", .string(date))) }
        fields.append(("start", .string(ClockText.minutes(startMinute % (24 * 60)))))
        fields.append(("party", .int(partySize)))
        if let durationMinutes { fields.append(("durationMinutes", .int(durationMinutes))) }
        if let tables { fields.append(("tables", .array(tables.map(JSONValue.string)))) }
        return .object(fields)
    }
}

extension ScenarioChange {
    var jsonValue: JSONValue {
        var fields: [(key: String, value: JSONValue)] = [
            ("booking", .string(booking)), ("at", .string(ClockText.minutes(atMinute % (24 * 60))))
        ]
        if kind == .cancel { fields.append(("cancel", .bool(true))) }
        if let partySize { fields.append(("party", .int(partySize))) }
        if let startMinute { fields.append(("start", .string(ClockText.minutes(startMinute % (24 * 60))))) }
        return .object(fields)
    }
}
