@testable import DayImport
import Testing

/// The values a source gives, read as PostgreSQL's text output and spreadsheets write them.
struct ImportValuesTests {
    @Test func momentsWithOffsetsCompareAsInstants() throws {
        let utc = try ImportValues.moment("2025-11-14T09:12:44Z").get()
        let paris = try ImportValues.moment("2025-11-14 10:12:44+01:00").get()
        let postgres = try ImportValues.moment("2025-11-14T09:12:44.000001Z").get()
        #expect(utc == paris)
        #expect(postgres == utc + 1)
        #expect(try ImportValues.moment("1970-01-01T00:00Z").get() == 0)
        #expect(try ImportValues.moment("2000-03-01T00:00:00Z").get() == 951_868_800 * 1_000_000)
        for bad in ["2025-11-14", "14/11/2025 09:12", "2025-11-14T25:00Z", "2025-11-14T09:12:44Q"] {
            #expect(throws: ValueProblem.self, "\(bad)") { try ImportValues.moment(bad).get() }
        }
    }

    @Test func clocksDropSecondsAndRefuseWhatIsNoTime() throws {
        #expect(try ImportValues.clock("19:00:00").get() == 19 * 60)
        #expect(try ImportValues.clock("7:30").get() == 7 * 60 + 30)
        #expect(try ImportValues.clock("24:00", allowMidnightEnd: true).get() == 24 * 60)
        for bad in ["24:00", "19h00", "19:60", "", "1900"] {
            #expect(throws: ValueProblem.self, "\(bad)") { try ImportValues.clock(bad).get() }
        }
    }

    @Test func booleansAsDatabasesAndSpreadsheetsWriteThem() throws {
        for yes in ["t", "TRUE", "yes", "1"] { #expect(try ImportValues.bool(yes).get()) }
        for no in ["f", "False", "no", "0"] { #expect(try !ImportValues.bool(no).get()) }
        #expect(throws: ValueProblem.self) { try ImportValues.bool("maybe").get() }
    }
}

/// No password reaches a message, however the URL is written.
struct RedactionTests {
    @Test(arguments: [
        ("postgres://u:secret@h/db", "postgres://u@h/db"),
        ("postgres://u:wrong%40pass@h/db", "postgres://u@h/db"),
        ("postgresql://u:se@cr/et@h:5433/db?sslmode=require", "postgresql://u@h:5433/db?sslmode=require"),
        ("postgres://u:bad%zzsecret@h/db", "postgres://u@h/db"),
        (
            "postgres://u@h1:5432,h2:5432/db?password=secret&connect_timeout=3",
            "postgres://u@h1:5432,h2:5432/db?connect_timeout=3"
        ),
        ("postgres://h/db", "postgres://h/db"),
        ("host=h password=secret dbname=db", "host=h dbname=db")
    ])
    func theURLIsShownWithoutItsPassword(_ url: String, _ shown: String) {
        #expect(PostgresSource.redacted(url) == shown)
    }

    /// libpq's own messages may quote the password (a token it cannot decode): taken out, as written and decoded.
    @Test func aMessageLosesThePasswordAsWrittenAndDecoded() {
        #expect(
            PostgresSource.scrubbed(
                "invalid percent-encoded token: \"bad%zzsecret\"", of: "postgres://u:bad%zzsecret@h/db")
                == "invalid percent-encoded token: \"…\"")
        #expect(
            PostgresSource.scrubbed("wrong@pass and wrong%40pass", of: "postgres://u:wrong%40pass@h/db") == "… and …")
        #expect(PostgresSource.scrubbed("x also-secret", of: "postgres://h/db?password=also-secret") == "x …")
    }
}
