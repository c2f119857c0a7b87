/// Reads one part's rows by column name, naming the row and column of any value it refuses.
struct RowReader {
    let table: ImportedTable
    let index: ColumnIndex
    private(set) var row = -1

    init(table: ImportedTable) {
        self.table = table
        index = table.index()
    }

    var location: String { table.location(row) }

    mutating func next() throws(ImportError) -> Bool {
        row += 1
        return row < table.rows.count
    }

    func raw(_ column: String) -> String? {
        guard let position = index.position(column), position < table.rows[row].count else { return nil }
        guard let value = table.rows[row][position], !value.trimmed.isEmpty else { return nil }
        return value
    }

    func text(_ column: String) throws(ImportError) -> String {
        guard let value = raw(column) else { throw .value(location: location, column: column, problem: "is empty") }
        return value
    }

    func optionalText(_ column: String) throws(ImportError) -> String? { raw(column) }

    func read<T>(_ column: String, _ parse: (String) -> Result<T, ValueProblem>) throws(ImportError) -> T? {
        guard let value = raw(column) else { return nil }
        switch parse(value) {
        case let .success(result): return result
        case let .failure(problem): throw .value(location: location, column: column, problem: problem.message)
        }
    }

    func int(_ column: String, range: ClosedRange<Int>) throws(ImportError) -> Int {
        guard let value = try read(column, { ImportValues.int($0, range: range) }) else {
            throw .value(location: location, column: column, problem: "is empty")
        }
        return value
    }

    func optionalInt(_ column: String, range: ClosedRange<Int>) throws(ImportError) -> Int? {
        try read(column) { ImportValues.int($0, range: range) }
    }
    func optionalBool(_ column: String) throws(ImportError) -> Bool? { try read(column, ImportValues.bool) }
    func optionalMoment(_ column: String) throws(ImportError) -> Int64? { try read(column, ImportValues.moment) }
    func optionalClock(_ column: String, allowMidnightEnd: Bool = false) throws(ImportError) -> Int? {
        try read(column) { ImportValues.clock($0, allowMidnightEnd: allowMidnightEnd) }
    }

    func clock(_ column: String, allowMidnightEnd: Bool = false) throws(ImportError) -> Int {
        guard let value = try read(column, { ImportValues.clock($0, allowMidnightEnd: allowMidnightEnd) }) else {
            throw .value(location: location, column: column, problem: "is empty")
        }
        return value
    }
}
