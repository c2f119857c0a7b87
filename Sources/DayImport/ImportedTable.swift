/// One part of a day as its source gave it: named columns of text (or NULL), and where each row
/// came from, so a value that cannot be used is named by its file and line or its query and row.
public struct ImportedTable: Sendable {
    public let part: ImportPart
    /// The source in messages: `tables.csv` (a folder's file) or `mapping original, query "tables"`.
    public let source: String
    public let columns: [String]
    public var rows: [[String?]]
    /// Each row's line in its file (CSV; a quoted field may hold line breaks), or nil for a query's rows.
    public var lines: [Int]?

    public init(part: ImportPart, source: String, columns: [String], rows: [[String?]] = [], lines: [Int]? = nil) {
        self.part = part
        self.source = source
        self.columns = columns
        self.rows = rows
        self.lines = lines
    }

    /// `tables.csv:4`, or for a query's row, which has no line to find, its number and the ids it
    /// holds: `mapping original, query "tables", row 14 (restaurant the-red-lion, table T-9)`.
    public func location(_ row: Int) -> String {
        if let lines { return "\(source):\(lines[row])" }
        let keys = ["restaurant", "booking", "service", "table"].compactMap { column -> String? in
            guard let position = columns.firstIndex(of: column), position < rows[row].count,
                let value = rows[row][position]
            else { return nil }
            return "\(column) \(value)"
        }
        return "\(source), row \(row + 1)" + (keys.isEmpty ? "" : " (" + keys.joined(separator: ", ") + ")")
    }

    /// Checks the columns against the part's list: every required one present, nothing unknown
    /// (CSV headers starting with `x-` are the file's own and skipped), nothing twice.
    func checkColumns(allowExtensions: Bool) throws(ImportError) {
        for column in part.requiredColumns where !columns.contains(column) {
            throw .columns(
                source: source,
                problem:
                    "no column \"\(column)\" (\(part.rawValue) need \(part.requiredColumns.joined(separator: ", ")))")
        }
        for (position, column) in columns.enumerated() {
            if allowExtensions && column.hasPrefix("x-") { continue }
            guard part.columns.contains(column) else {
                throw .columns(
                    source: source,
                    problem: "unknown column \"\(column)\" (replay reads \(part.columns.joined(separator: ", "))"
                        + (allowExtensions ? ", and skips columns starting with x-" : "")
                        + "; guest data is never read)")
            }
            guard !columns[..<position].contains(column) else {
                throw .columns(source: source, problem: "column \"\(column)\" appears twice")
            }
        }
    }

    /// Where each known column sits, for reading rows by name.
    func index() -> ColumnIndex { ColumnIndex(columns: columns) }
}

/// The position of each column a part reads (nil when the source left an optional one out).
struct ColumnIndex {
    let columns: [String]
    func position(_ name: String) -> Int? { columns.firstIndex(of: name) }
}
