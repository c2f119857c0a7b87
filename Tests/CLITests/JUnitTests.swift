import Foundation
import Testing

/// CI-native output: `--junit FILE` on `record`, `sweep` and `engine check`, read back by a real
/// XML parser (Python's) and checked for what CI readers require, and GitHub annotations when
/// `GITHUB_ACTIONS` is `true`.
@Suite struct JUnitTests {
    /// Parses a JUnit file with Python's `xml.etree` and checks the elements and attributes of
    /// Jenkins' junit-10.xsd that CI readers require: `testsuites` > `testsuite` (name, tests,
    /// failures) > `testcase` (name, classname) > `failure` (message); counts that agree.
    /// Returns one line per case: "name|classname|failure message|failure text".
    static func cases(_ path: URL) throws -> [String] {
        let script = """
            import sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            assert root.tag == 'testsuites', root.tag
            suites = root.findall('testsuite')
            assert len(suites) == 1
            suite = suites[0]
            for key in ('name', 'tests', 'failures', 'errors', 'skipped'):
                assert key in suite.attrib, key
            cases = suite.findall('testcase')
            assert int(suite.get('tests')) == len(cases) == int(root.get('tests'))
            failures = [c for c in cases if c.find('failure') is not None]
            assert int(suite.get('failures')) == len(failures) == int(root.get('failures'))
            for c in cases:
                assert c.get('name') and c.get('classname'), c.attrib
                if c.get('time') is not None: float(c.get('time'))
                f = c.find('failure')
                assert f is None or f.get('message'), c.attrib
                print('|'.join([c.get('name'), c.get('classname'), '' if f is None else f.get('message'), '' if f is None else (f.text or '')]).replace('\\n', ' '))
            """
        let result = try Replay.runProgram(
            "/usr/bin/env", ["python3", "-c", script, path.path], in: path.deletingLastPathComponent())
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init)
    }

    @Test func recordWritesOneCasePerExpectationAndAnnotatesInGitHubActions() throws {
        let folder = newFolder()
        let result = try Replay.run(
            [
                "record", "--quiet", "--no-reports", "--out", "a.db", "--expect", "success>=99%", "--expect",
                "phantom==0",
                "--junit", "record.xml"
            ], in: folder, environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1, "\(result)")
        let cases = try Self.cases(folder.appendingPathComponent("record.xml"))
        #expect(cases.count == 2, "\(cases)")
        #expect(
            cases[0].hasPrefix(
                "expect success>=99%|replay.record|measured 88.57%|replay run a.db (re-executes this run bit for bit)"),
            "\(cases)")
        #expect(cases[1] == "expect phantom==0|replay.record||", "\(cases)")
        // One annotation, for the failing expectation, with GitHub's escaping ("%" everywhere, ":" and "," in the title too).
        let annotations = result.stdout.split(separator: "\n").filter { $0.hasPrefix("::error ") }
        #expect(
            annotations.count == 1
                && annotations[0].hasPrefix(
                    "::error title=replay record a.db%3A expect success>=99%25::measured 88.57%25%0Areplay run a.db"),
            "\(result.stdout)")
        // Outside GitHub Actions: no annotation; with --json the summary stays JSON.
        let plain = try Replay.run(
            ["record", "--json", "--no-reports", "--out", "b.db", "--expect", "success>=99%", "--junit", "b.xml"],
            in: folder,
            environment: ["GITHUB_ACTIONS": "false"])
        #expect(
            plain.status == 1 && !plain.stdout.contains("::error")
                && (try? JSONSerialization.jsonObject(with: Data(plain.stdout.utf8))) != nil)
        // A --junit into a folder that does not exist is refused before the run.
        let missing = try Replay.run(
            ["record", "--no-reports", "--out", "c.db", "--junit", "nowhere/c.xml"], in: folder)
        #expect(
            missing.status == 2
                && missing.stderr == "replay record: --junit nowhere/c.xml: the folder nowhere does not exist\n",
            "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("c.db").path))
    }

    @Test func sweepWritesOneCasePerRunAndExpectationAndCountsExpectations() throws {
        let folder = newFolder()
        let result = try Replay.run(
            [
                "sweep", "--seeds", "1..3", "--mode", "reserve", "--clients", "3", "--jobs", "2", "--out", "s",
                "--expect", "success.min>=99%", "--expect", "unsound==0", "--junit", "sweep.xml"
            ], in: folder,
            environment: ["GITHUB_ACTIONS": "false"])
        #expect(result.status == 1, "\(result)")
        // The summary counts the expectations beside the checks.
        #expect(result.stdout.contains("3 passed every check, 0 failing; expectations: 1 of 2 met"), "\(result.stdout)")
        let cases = try Self.cases(folder.appendingPathComponent("sweep.xml"))
        #expect(cases.count == 5, "\(cases)")
        #expect(
            cases.prefix(3).allSatisfy {
                $0.contains("|replay.sweep||") && $0.hasPrefix("run ") && $0.contains(", reserve, 3 clients")
            }, "\(cases)")
        #expect(cases[3].hasPrefix("expect success.min>=99%|replay.sweep.expect|measured min "), "\(cases)")
        #expect(cases[4] == "expect unsound==0|replay.sweep.expect||", "\(cases)")
    }

    @Test func engineCheckWritesOneCasePerCaseWithTheCommandThatAsksItAgain() throws {
        let folder = newFolder()
        let engine = EngineProtocolTests.engine("error")
        let result = try Replay.run(
            [
                "engine", "check", "--repeats", "1", "--cases", "20", "--seed", "4", "--examples", "0", engine,
                "--junit", "check.xml"
            ],
            in: folder, environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1, "\(result)")
        let cases = try Self.cases(folder.appendingPathComponent("check.xml"))
        #expect(cases.count == 29, "\(cases.count) cases")
        #expect(cases.filter { $0.contains("|replay.engine-check.hand-made|") }.count == 9)
        let failing = cases.filter { !$0.hasSuffix("||") }
        #expect(
            !failing.isEmpty
                && failing.allSatisfy {
                    $0.contains("|FAIL ") && $0.contains("engine error") && $0.hasSuffix("--seed 4 --cases 20")
                }, "\(failing)")
        let annotations = result.stdout.split(separator: "\n").filter {
            $0.hasPrefix("::error title=replay engine check ")
        }
        #expect(annotations.count == failing.count, "\(result.stdout)")
    }
}
