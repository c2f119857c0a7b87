import CSV
import Foundation

/// Reads a day from a folder of CSV files, one per part (`tables.csv`, `adjacency.csv`,
/// `bookings.csv`, `services.csv`, and optionally `restaurants.csv` and `assignments.csv`),
/// each with a header row naming its columns as the mapping's queries do. Parsing is
/// yaslab/CSV.swift's (quoted fields, embedded line breaks, a byte-order mark); the separator
/// (`,`, `;` as European spreadsheets write, or a tab) is read from each file's header line.
public enum CSVSource {
    public static func read(folder: String) throws(ImportError) -> [ImportedTable] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else {
            throw .columns(source: folder, problem: "no such folder")
        }
        guard isDirectory.boolValue else {
            throw .columns(
                source: folder, problem: "is a file; --csv takes the folder that holds tables.csv, bookings.csv, …")
        }
        var tables: [ImportedTable] = []
        for part in ImportPart.allCases {
            let path = URL(fileURLWithPath: folder).appendingPathComponent(part.fileName).path
            let shown = (folder.hasSuffix("/") ? folder : folder + "/") + part.fileName
            guard FileManager.default.fileExists(atPath: path) else {
                if part.isOptional { continue }
                throw .columns(
                    source: shown,
                    problem:
                        "no such file (a day's folder holds services.csv, tables.csv and bookings.csv; adjacency.csv, restaurants.csv and assignments.csv are optional)"
                )
            }
            let table = try readFile(path: path, shown: shown, part: part)
            try table.checkColumns(allowExtensions: true)
            tables.append(table)
        }
        return tables
    }

    static func readFile(path: String, shown: String, part: ImportPart) throws(ImportError) -> ImportedTable {
        // Read whole and decoded here: CSV.swift's stream reader reports an error at the end of
        // every file on Linux's Foundation, and a file that is not UTF-8 deserves its own message.
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .columns(source: shown, problem: "cannot be read")
        }
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .columns(source: shown, problem: "is not UTF-8 text (save it from the spreadsheet as \"CSV UTF-8\")")
        }
        let delimiter = separator(in: bytes)
        let reader: CSVReader
        do {
            reader = try CSVReader(string: text, hasHeaderRow: true, trimFields: false, delimiter: delimiter)
        } catch {
            throw .columns(
                source: shown,
                problem:
                    "has no header row (the first line names the columns: \(part.requiredColumns.joined(separator: ",")))"
            )
        }
        // Headers as spreadsheets write them: "Restaurant" is `restaurant`.
        let columns = (reader.headerRow ?? []).map { $0.trimmed.hasPrefix("x-") ? $0.trimmed : $0.trimmed.lowercased() }
        var table = ImportedTable(part: part, source: shown, columns: columns, lines: [])
        var line = 2 + newlines(in: reader.headerRow ?? [])
        while let row = reader.next() {
            defer { line += 1 + newlines(in: row) }
            // A blank line, or a row of empty cells (`;;;`, what spreadsheets leave below a table), is no row.
            if row.allSatisfy({ $0.trimmed.isEmpty }) { continue }
            guard row.count == columns.count else {
                throw .value(
                    location: "\(shown):\(line)", column: nil,
                    problem:
                        "\(row.count) field\(row.count == 1 ? "" : "s") where the header has \(columns.count) (separator \"\(delimiter == "\t" ? "\\t" : String(delimiter))\")"
                )
            }
            table.rows.append(row.map { $0.isEmpty ? nil : $0 })
            table.lines?.append(line)
        }
        return table
    }

    /// The separator of a file: whichever of `,`, `;` and tab its header line (outside quotes)
    /// holds most; `,` when it holds none.
    static func separator(in bytes: [UInt8]) -> UnicodeScalar {
        var counts = [0, 0, 0]
        var quoted = false
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { quoted.toggle() }
            if quoted { continue }
            if byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") { break }
            if byte == UInt8(ascii: ",") {
                counts[0] += 1
            } else if byte == UInt8(ascii: ";") {
                counts[1] += 1
            } else if byte == UInt8(ascii: "\t") {
                counts[2] += 1
            }
        }
        let best = counts.indices.max { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) } ?? 0
        return counts[best] == 0 ? "," : [",", ";", "\t"][best]
    }

    /// Line breaks inside a row's quoted fields: the next row starts that many lines further.
    static func newlines(in row: [String]) -> Int {
        row.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } }
    }
}
