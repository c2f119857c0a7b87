/// A restaurant's policy: when it serves, how long a party stays, how much air between seatings.
public struct Restaurant: Equatable, Sendable {
    public var slug: String
    public var services: [ServicePeriod]
    public var turnMinutes: TurnTable
    public var bufferMinutes: Int
    /// Spare seats a table or combination may have beyond the party (the original's "+4").
    public var maxOverage: Int

    public static let defaultMaxOverage = 4

    public init(
        slug: String, services: [ServicePeriod], turnMinutes: TurnTable, bufferMinutes: Int,
        maxOverage: Int = Restaurant.defaultMaxOverage
    ) {
        self.slug = slug
        self.services = services
        self.turnMinutes = turnMinutes
        self.bufferMinutes = bufferMinutes
        self.maxOverage = maxOverage
    }

    /// The service a start minute falls in (the first listed when services touch).
    public func service(containing minute: Int) -> ServicePeriod? {
        services.first { $0.contains(minute: minute) }
    }

    /// The window a booking would occupy, or why it cannot have one: its start must fall in a
    /// service and its seating must end by that service's end; the buffer follows the seating.
    public func window(startMinute: Int, partySize: Int, durationMinutes: Int?) -> Result<BookingWindow, WindowRefusal>
    {
        guard let service = service(containing: startMinute) else {
            return .failure(WindowRefusal(reason: .outsideService))
        }
        let duration = durationMinutes ?? turnMinutes(forParty: partySize, at: startMinute) ?? 0
        let seatingEnd = startMinute + duration
        guard seatingEnd <= service.endMinute else { return .failure(WindowRefusal(reason: .serviceWindowOverrun)) }
        return .success(
            BookingWindow(
                startMinute: startMinute, endMinute: seatingEnd + bufferMinutes,
                seatingEndMinute: seatingEnd, service: service.name))
    }

    /// Seating length for a party starting at `minute`: the service's turn time when it has its
    /// own, else the restaurant's.
    public func turnMinutes(forParty partySize: Int, at minute: Int) -> Int? {
        if let own = service(containing: minute)?.turnMinutes { return own.minutes(forParty: partySize) }
        return turnMinutes.minutes(forParty: partySize)
    }
}
