/// An undirected pair of adjacent tables.
public struct AdjacencyPair: Equatable, Sendable {
    public var first: String
    public var second: String

    public init(_ first: String, _ second: String) {
        self.first = first
        self.second = second
    }
}
