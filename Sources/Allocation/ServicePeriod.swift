/// A named service of the day (lunch, drinks, dinner): bookings start inside it and their
/// seating must end by its end.
public struct ServicePeriod: Equatable, Sendable {
    public var name: String
    /// Minutes since midnight; the service is `[startMinute, endMinute)`.
    public var startMinute: Int
    public var endMinute: Int
    /// This service's own turn times, which win over the restaurant's.
    public var turnMinutes: TurnTable?

    public init(name: String, startMinute: Int, endMinute: Int, turnMinutes: TurnTable? = nil) {
        self.name = name
        self.startMinute = startMinute
        self.endMinute = endMinute
        self.turnMinutes = turnMinutes
    }

    public func contains(minute: Int) -> Bool { minute >= startMinute && minute < endMinute }
}
