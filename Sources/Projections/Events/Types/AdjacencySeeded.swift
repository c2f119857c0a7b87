import CanonicalJSON

public struct AdjacencySeeded: Equatable, Sendable {
    public var tables: [String]
    public init(tables: [String]) { self.tables = tables }
}

extension AdjacencySeeded: EventPayload {
    public static let type = "adjacency.seeded"
    public static let isInput = true
    public var body: EventBody { .adjacencySeeded(self) }

    public func encode(into writer: inout JSONWriter) { writer.field("tables", tables) }

    public static func decode(from cursor: inout PayloadCursor) throws(PayloadCursor.Mismatch) -> AdjacencySeeded {
        AdjacencySeeded(tables: try cursor.strings("tables"))
    }

    public var summary: String { tables.joined(separator: " - ") }
}
