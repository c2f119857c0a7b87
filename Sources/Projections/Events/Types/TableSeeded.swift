import CanonicalJSON

public struct TableSeeded: Equatable, Sendable {
    public var table: String
    public var zone: String
    public var minCovers: Int
    public var maxCovers: Int
    public var movable: Bool
    public var active: Bool

    public init(table: String, zone: String, minCovers: Int, maxCovers: Int, movable: Bool, active: Bool) {
        self.table = table
        self.zone = zone
        self.minCovers = minCovers
        self.maxCovers = maxCovers
        self.movable = movable
        self.active = active
    }
}

extension TableSeeded: EventPayload {
    public static let type = "table.seeded"
    public static let isInput = true
    public var body: EventBody { .tableSeeded(self) }

    public func encode(into writer: inout JSONWriter) {
        writer.field("table", table)
        writer.field("zone", zone)
        writer.field("min_covers", minCovers)
        writer.field("max_covers", maxCovers)
        writer.field("movable", movable)
        writer.field("active", active)
    }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> TableSeeded {
        let seeded = TableSeeded(
            table: try cursor.string("table"), zone: try cursor.string("zone"),
            minCovers: try cursor.int("min_covers", in: EventBounds.party),
            maxCovers: try cursor.int("max_covers", in: EventBounds.party), movable: try cursor.bool("movable"),
            active: try cursor.bool("active"))
        guard seeded.minCovers <= seeded.maxCovers else {
            throw cursor.violation("min_covers \(seeded.minCovers) is above max_covers \(seeded.maxCovers)")
        }
        return seeded
    }

    public var summary: String {
        "\(table) zone \(zone), \(minCovers)-\(maxCovers) covers" + (active ? "" : ", inactive")
    }
}
