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

    public func encode(into w: inout JSONWriter) {
        w.field("table", table); w.field("zone", zone); w.field("min_covers", minCovers)
        w.field("max_covers", maxCovers); w.field("movable", movable); w.field("active", active)
    }

    public static func decode(from p: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> TableSeeded {
        TableSeeded(table: try p.string("table"), zone: try p.string("zone"), minCovers: try p.int("min_covers"),
                    maxCovers: try p.int("max_covers"), movable: try p.bool("movable"), active: try p.bool("active"))
    }

    public var summary: String { "\(table) zone \(zone), \(minCovers)-\(maxCovers) covers" + (active ? "" : ", inactive") }
}
