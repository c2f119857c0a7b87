import CanonicalJSON
import Foundation

/// How a database's tables become a day: one SQL query per part, each returning the part's named
/// columns (`ImportPart.columns`). `$1` is the service date (type `date`), `$2` the slugs given
/// with `--restaurant` (`text[]`, NULL when none; always NULL in the `restaurants` query, which
/// lists them all so a misspelt slug is answered with the ones that exist). The built-in `original` reads the original
/// system's schema; `--mapping FILE` reads a JSON object of the same shape, so a user maps their
/// own tables without code (docs/scenarios.md, examples/import/).
public struct ImportMapping: Sendable {
    public let name: String
    /// The queries in part order (restaurants first).
    public let queries: [(part: ImportPart, sql: String)]

    public init(name: String, queries: [(part: ImportPart, sql: String)]) {
        self.name = name
        self.queries = ImportPart.allCases.compactMap { part in queries.first { $0.part == part } }
    }

    /// Reads a mapping file: `{"name": …, "restaurants": "SELECT …", "services": [ "SELECT …", "FROM …" ], …}`;
    /// a query is a string or an array of lines. `services`, `tables` and `bookings` are required.
    public static func load(path: String) throws(ImportError) -> ImportMapping {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .mapping(
                file: path, problem: FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        let bytes = [UInt8](data)
        let json: JSONValue
        do {
            json = try JSONParser.parse(
                bytes: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
        } catch {
            throw .mapping(file: path, problem: error.description)
        }
        guard let fields = json.objectValue else {
            throw .mapping(file: path, problem: "expected an object of part name to SQL query")
        }
        var name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        var queries: [(part: ImportPart, sql: String)] = []
        for field in fields where !field.key.hasPrefix("x-") {
            if field.key == "name" {
                guard let text = field.value.stringValue, !text.isEmpty else {
                    throw .mapping(file: path, problem: "$.name: expected a non-empty string")
                }
                name = text
                continue
            }
            guard let part = ImportPart(rawValue: field.key) else {
                throw .mapping(
                    file: path,
                    problem:
                        "$.\(field.key): unknown key (allowed: name, \(ImportPart.allCases.map(\.rawValue).joined(separator: ", ")), or any key starting with x-)"
                )
            }
            let sql: String
            if let text = field.value.stringValue {
                sql = text
            } else if let lines = field.value.arrayValue, let texts = Optional(lines.compactMap(\.stringValue)),
                texts.count == lines.count
            {
                sql = texts.joined(separator: "\n")
            } else {
                throw .mapping(
                    file: path, problem: "$.\(field.key): expected an SQL query (a string, or an array of lines)")
            }
            guard !sql.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .mapping(file: path, problem: "$.\(field.key): the query is empty")
            }
            guard !queries.contains(where: { $0.part == part }) else {
                throw .mapping(file: path, problem: "$.\(field.key): key appears twice")
            }
            queries.append((part, sql))
        }
        for part in ImportPart.allCases where !part.isOptional && !queries.contains(where: { $0.part == part }) {
            throw .mapping(
                file: path,
                problem: "$.\(part.rawValue): missing required query (a mapping needs services, tables and bookings)")
        }
        return ImportMapping(name: name, queries: queries)
    }

    /// The original system's schema (the public SajiloReserveX `supabase/migrations`): each
    /// column's meaning is in docs/scenarios.md, "Importing a day". Text is ordered `COLLATE "C"`
    /// (by bytes), so the same rows give the same scenario on any server, whatever its locale.
    public static let original = ImportMapping(
        name: "original",
        queries: [
            (
                .restaurants,
                """
                SELECT r.slug AS restaurant, r.name, r.timezone,
                       r.reservation_default_duration_minutes AS turn_minutes,
                       (SELECT p.clean_buffer_minutes FROM public.service_policy p ORDER BY p.created_at, p.id LIMIT 1) AS buffer_minutes,
                       COALESCE((SELECT bool_and(h.is_closed) FROM public.restaurant_operating_hours h
                                 WHERE h.restaurant_id = r.id
                                   AND (h.effective_date = $1
                                        OR (h.effective_date IS NULL AND h.day_of_week = EXTRACT(DOW FROM $1)::int
                                            AND NOT EXISTS (SELECT 1 FROM public.restaurant_operating_hours d
                                                            WHERE d.restaurant_id = r.id AND d.effective_date = $1)))), false) AS closed
                FROM public.restaurants r
                WHERE $2 IS NULL OR r.slug = ANY($2)
                ORDER BY r.slug COLLATE "C"
                """
            ),
            (
                .services,
                """
                SELECT r.slug AS restaurant, p.name AS service, to_char(p.start_time, 'HH24:MI') AS start, to_char(p.end_time, 'HH24:MI') AS "end"
                FROM public.restaurant_service_periods p JOIN public.restaurants r ON r.id = p.restaurant_id
                WHERE ($2 IS NULL OR r.slug = ANY($2))
                  AND (p.day_of_week = EXTRACT(DOW FROM $1)::int
                       OR (p.day_of_week IS NULL AND NOT EXISTS (SELECT 1 FROM public.restaurant_service_periods q
                                                                WHERE q.restaurant_id = p.restaurant_id AND q.day_of_week = EXTRACT(DOW FROM $1)::int
                                                                  AND q.start_time < p.end_time AND p.start_time < q.end_time)))
                ORDER BY r.slug COLLATE "C", p.start_time, p.name COLLATE "C"
                """
            ),
            (
                .tables,
                """
                SELECT r.slug AS restaurant, t.table_number AS "table", z.name AS zone, t.min_party_size AS min,
                       COALESCE(t.max_party_size, t.capacity) AS max,
                       (t.active AND t.status::text <> 'out_of_service') AS active, (t.mobility::text = 'movable') AS movable
                FROM public.table_inventory t JOIN public.restaurants r ON r.id = t.restaurant_id JOIN public.zones z ON z.id = t.zone_id
                WHERE $2 IS NULL OR r.slug = ANY($2)
                ORDER BY r.slug COLLATE "C", z.sort_order, z.name COLLATE "C", t.table_number COLLATE "C"
                """
            ),
            (
                .adjacency,
                """
                SELECT r.slug AS restaurant, ta.table_number AS table_a, tb.table_number AS table_b
                FROM public.table_adjacencies a
                JOIN public.table_inventory ta ON ta.id = a.table_a
                JOIN public.table_inventory tb ON tb.id = a.table_b
                JOIN public.restaurants r ON r.id = ta.restaurant_id
                WHERE $2 IS NULL OR r.slug = ANY($2)
                ORDER BY r.slug COLLATE "C", ta.table_number COLLATE "C", tb.table_number COLLATE "C"
                """
            ),
            (
                .bookings,
                """
                SELECT r.slug AS restaurant, b.id::text AS booking, to_char(b.start_time, 'HH24:MI') AS start, to_char(b.end_time, 'HH24:MI') AS "end",
                       b.party_size AS party, b.status::text AS status,
                       to_char(b.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created
                FROM public.bookings b JOIN public.restaurants r ON r.id = b.restaurant_id
                WHERE b.booking_date = $1 AND ($2 IS NULL OR r.slug = ANY($2))
                ORDER BY b.created_at, b.id
                """
            ),
            (
                .assignments,
                """
                SELECT booking, "table" FROM (
                SELECT b.id::text AS booking, t.table_number AS "table"
                FROM public.booking_table_assignments a
                JOIN public.bookings b ON b.id = a.booking_id
                JOIN public.table_inventory t ON t.id = a.table_id
                JOIN public.restaurants r ON r.id = b.restaurant_id
                WHERE b.booking_date = $1 AND ($2 IS NULL OR r.slug = ANY($2))
                UNION ALL
                SELECT latest.booking_id::text, t.table_number
                FROM (SELECT DISTINCT ON (h.booking_id) h.booking_id, h.id
                      FROM public.table_holds h
                      JOIN public.bookings b ON b.id = h.booking_id
                      JOIN public.restaurants r ON r.id = b.restaurant_id
                      WHERE b.booking_date = $1 AND ($2 IS NULL OR r.slug = ANY($2))
                        AND NOT EXISTS (SELECT 1 FROM public.booking_table_assignments x WHERE x.booking_id = b.id)
                      ORDER BY h.booking_id, h.created_at DESC, h.id DESC) latest
                JOIN public.table_hold_members m ON m.hold_id = latest.id
                JOIN public.table_inventory t ON t.id = m.table_id
                ) existing
                ORDER BY booking COLLATE "C", "table" COLLATE "C"
                """
            )
        ])

    /// The mapping as a file `--mapping` reads (queries as arrays of lines): what
    /// `examples/import/original-mapping.json` holds, kept equal by a test.
    public var jsonText: String {
        var fields: [(key: String, value: JSONValue)] = [("name", .string(name))]
        for (part, sql) in queries {
            fields.append(
                (
                    part.rawValue,
                    .array(sql.split(separator: "\n", omittingEmptySubsequences: false).map { .string(String($0)) })
                ))
        }
        return JSONValue.object(fields).prettyText() + "\n"
    }
}
