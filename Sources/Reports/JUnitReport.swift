import CanonicalJSON
import Foundation

/// Results as JUnit XML, the file CI systems read to show results per test (GitLab's test
/// reports, Jenkins' JUnit plugin, GitHub Actions through a test-reporter action): one
/// `<testsuite>` of `<testcase>`s, a failing case holding one `<failure>` whose text is the
/// command that reproduces it. The attributes are those of Jenkins' `junit-10.xsd`, which every
/// one of those readers accepts; `time` is written only where replay measured one.
public struct JUnitReport: Sendable {
    public struct TestCase: Sendable {
        public var name: String
        public var className: String
        public var seconds: Double?
        /// What failed, in one line (the `message` attribute), and what to run to see it again.
        public var failure: (message: String, reproduce: String)?

        public init(
            name: String, className: String, seconds: Double? = nil,
            failure: (message: String, reproduce: String)? = nil
        ) {
            self.name = name
            self.className = className
            self.seconds = seconds
            self.failure = failure
        }
    }

    public var suiteName: String
    public var cases: [TestCase]

    public init(suiteName: String, cases: [TestCase]) {
        self.suiteName = suiteName
        self.cases = cases
    }

    public var failures: Int { cases.filter { $0.failure != nil }.count }

    public var xml: String {
        let counts = "tests=\"\(cases.count)\" failures=\"\(failures)\" errors=\"0\" skipped=\"0\""
        var lines = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites name=\"replay\" \(counts)>",
            "  <testsuite name=\"\(Self.escaped(suiteName))\" \(counts)>"
        ]
        for testCase in cases {
            let time = testCase.seconds.map { " time=\"" + String(format: "%.3f", $0) + "\"" } ?? ""
            let opening =
                "    <testcase name=\"\(Self.escaped(testCase.name))\" classname=\"\(Self.escaped(testCase.className))\"\(time)"
            guard let failure = testCase.failure else {
                lines.append(opening + "/>")
                continue
            }
            lines.append(opening + ">")
            lines.append(
                "      <failure message=\"\(Self.escaped(failure.message))\" type=\"failure\">\(Self.escaped(failure.reproduce))</failure>"
            )
            lines.append("    </testcase>")
        }
        lines += ["  </testsuite>", "</testsuites>"]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Text as XML 1.0 character data or an attribute value: shown as every report shows text
    /// from outside (`VisibleText`: control and format characters as `\u{…}`, which also keeps out
    /// the characters XML 1.0 does not allow at all), then the markup characters as entities.
    static func escaped(_ text: String) -> String { HTML.escape(VisibleText.escaped(text)) }
}
