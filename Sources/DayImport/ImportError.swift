/// Why a day could not be imported: one line naming the source (the database without its
/// password, the mapping entry, or the CSV file and line) and the problem. Nothing is written
/// when an import fails.
public enum ImportError: Error, CustomStringConvertible, Sendable {
    /// The database could not be reached or refused the login.
    case connection(target: String, detail: String)
    /// A mapping's query failed in the database (a missing table or column, a syntax error, a
    /// write refused by the read-only transaction).
    case query(target: String, mapping: String, part: ImportPart, detail: String)
    /// A mapping file that cannot be used.
    case mapping(file: String, problem: String)
    /// A part's columns do not fit: a required column missing, an unknown one present.
    case columns(source: String, problem: String)
    /// One value of one row (`tables.csv:4: column "max": …`).
    case value(location: String, column: String?, problem: String)
    /// The day as a whole (a date with no service, a restaurant asked for that is not there).
    case day(source: String, problem: String)

    public var description: String {
        switch self {
        case let .connection(target, detail): "\(target): cannot connect: \(detail)"
        case let .query(target, mapping, part, detail):
            "\(target): mapping \(mapping), query \"\(part.rawValue)\": \(detail)"
        case let .mapping(file, problem): "\(file): \(problem)"
        case let .columns(source, problem): "\(source): \(problem)"
        case let .value(location, column, problem):
            column.map { "\(location): column \"\($0)\": \(problem)" } ?? "\(location): \(problem)"
        case let .day(source, problem): "\(source): \(problem)"
        }
    }
}
