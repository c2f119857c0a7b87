/// What a user asked to import.
public struct ImportRequest: Sendable {
    /// The service date, `YYYY-MM-DD`.
    public var date: String
    /// `--restaurant` slugs; empty means every restaurant open that day.
    public var restaurants: [String]
    /// `--pseudonymize`: booking and table ids replaced by stable hashes.
    public var pseudonymize: Bool

    public init(date: String, restaurants: [String] = [], pseudonymize: Bool = false) {
        self.date = date
        self.restaurants = restaurants
        self.pseudonymize = pseudonymize
    }
}
