import Allocation
@testable import StressRunner
import Testing

/// The shortcut reader of engine answers (`AnswerScanner`) against the full JSON parse: where it
/// reads an answer it must read exactly what the full parse reads, and whatever it does not
/// know it must leave to the full parse.
@Suite struct AnswerScannerTests {
    /// The full parse's offers and counts, or nil for an error answer or a complaint.
    static func inFull(_ line: String) -> (offers: [EngineOffers.Offer], rejected: [String])? {
        guard case .offered(let offers)? = try? EngineMessage.parseAnswerInFull(line, digest: "") else { return nil }
        return (offers.candidates, offers.rejected.map { "\($0.reason)=\($0.count)" })
    }

    static func scanned(_ line: String) -> (offers: [EngineOffers.Offer], rejected: [String])? {
        AnswerScanner.candidates(line).map { ($0.offers, $0.rejected.map { "\($0.reason)=\($0.count)" }) }
    }

    @Test(arguments: [
        #"{"type":"candidates","candidates":[{"tables":["T1","T2"],"score":12},{"tables":["T3"]}],"rejected":{"booked":3,"capacity":1}}"#,
        #"{"candidates":[],"type":"candidates"}"#,
        #"  { "rejected" : null , "candidates" : [ { "score" : null , "tables" : [ "Terrasse Été" , "🍷 2" ] } ] , "type" : "candidates" }  "#,
        #"{"type":"candidates","candidates":[{"tables":[],"score":-7},{"tables":["A"],"score":0}],"rejected":{}}"#,
        "{\"type\":\"candidates\",\t\"candidates\":[{\"tables\":[\"A\"],\"score\":-1000000000000}]}",
        #"{"type":"candidates","candidates":[{"tables":["A"],"score":1000000000000}],"rejected":{"booked":1000000000000}}"#
    ])
    func theUsualShapesReadAsTheFullParseReadsThem(line: String) throws {
        let scanned = try #require(Self.scanned(line), "the shortcut reads \(line)")
        let full = try #require(Self.inFull(line))
        #expect(scanned.offers == full.offers && scanned.rejected == full.rejected)
    }

    @Test(arguments: [
        #"{"type":"error","message":"planner exploded"}"#,  // another type
        #"{"type":"candidates","candidates":[{"tables":["T\u00e9"]}]}"#,  // an escape
        #"{"type":"candidates","candidates":[{"tables":["T1"],"why":"fits"}]}"#,  // an unknown key
        #"{"type":"candidates","candidates":[],"x-debug":1}"#,  // an unknown key
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":1.5}]}"#,  // a fraction
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":1e3}]}"#,  // an exponent
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":1234567890123456789}]}"#,  // 19 digits
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":1000000000001}]}"#,  // past the score's range
        #"{"type":"candidates","candidates":[],"rejected":{"booked":1000000000001}}"#,  // past a count's range
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":012}]}"#,  // a leading zero
        #"{"type":"candidates","candidates":[],"candidates":[]}"#,  // a key twice
        #"{"type":"candidates","candidates":[],"rejected":{"a":1,"a":2}}"#,  // a count twice
        #"{"type":"candidates","candidates":[]} x"#,  // trailing bytes
        #"{"type":"candidates","candidates":[{"tables":["T1"]},]}"#,  // a trailing comma
        #"{"type":"candidates"}"#,  // no candidates
        #"{"candidates":[]}"#,  // no type
        #"{"type":"candidates","candidates":[{"score":1}]}"#,  // no tables
        #"{"type":"candidates","candidates":[{"tables":[1]}]}"#,  // a number for an id
        "{\"type\":\"candidates\",\"candidates\":[{\"tables\":[\"T\u{1}\"]}]}",  // a control character
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":nul}]}"#,  // not JSON
        #"not json"#
    ])
    func anythingElseIsLeftToTheFullParse(line: String) {
        #expect(Self.scanned(line) == nil, "\(line)")
    }

    /// A number past the range a capture may hold, a key twice (no one meaning) or an error
    /// whose message is not a string is an engine failure, not a recorded value.
    @Test(arguments: [
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":1000000000001}]}"#,
        #"{"type":"candidates","candidates":[{"tables":["T1"],"score":-1000000000001}]}"#,
        #"{"type":"candidates","candidates":[],"rejected":{"booked":1000000000001}}"#,
        #"{"type":"candidates","candidates":[],"rejected":{"booked":-1}}"#,
        #"{"type":"candidates","candidates":[],"candidates":[{"tables":["T1"]}]}"#,
        #"{"type":"candidates","candidates":[{"tables":["T1"],"tables":["T2"]}]}"#,
        #"{"type":"candidates","candidates":[],"rejected":{"booked":1,"booked":2}}"#,
        #"{"type":"error","message":5}"#
    ])
    func answersWithoutOneMeaningAreMalformed(line: String) {
        #expect(Self.scanned(line) == nil, "\(line)")
        #expect(throws: EngineMessage.Malformed.self) { try EngineMessage.parseAnswerInFull(line, digest: "") }
    }

    /// Generated answers in many spellings (key order, white space, null and negative scores,
    /// ids beyond ASCII): wherever the shortcut reads one, it reads what the full parse reads.
    @Test func generatedAnswersReadTheSameEitherWay() throws {
        var random = SplitMix64(seed: 7)
        func pick(_ count: Int) -> Int { Int(random.next() % UInt64(count)) }
        let spaces = ["", " ", "  ", "\t", "\r\n "]
        let ids = ["T1", "T-10", "Terrasse Été", "🍷", "a b", "x/y", ""]
        var read = 0
        for _ in 0..<2_000 {
            func space() -> String { spaces[pick(spaces.count)] }
            let candidates = (0..<pick(5)).map { _ -> String in
                let tables =
                    "["
                    + (0..<pick(4)).map { _ in space() + "\"\(ids[pick(ids.count)])\"" + space() }.joined(
                        separator: ",") + "]"
                let score = [nil, "null", "0", "-3", "42", "-0"][pick(6)]
                var fields = [space() + "\"tables\"" + space() + ":" + space() + tables]
                if let score { fields.append("\"score\":" + space() + score) }
                if pick(2) == 0 { fields.reverse() }
                return "{" + fields.joined(separator: ",") + space() + "}"
            }
            var fields = [
                "\"type\":\"candidates\"",
                "\"candidates\":" + space() + "[" + candidates.joined(separator: "," + space()) + "]"
            ]
            switch pick(3) {
            case 0: fields.append("\"rejected\":{\"booked\":\(pick(9)),\"held\":\(pick(9))}")
            case 1: fields.append("\"rejected\":" + space() + "null")
            default: break
            }
            for index in fields.indices.reversed() { fields.swapAt(index, pick(index + 1)) }
            let line = space() + "{" + fields.joined(separator: space() + "," + space()) + "}" + space()
            let full = try #require(Self.inFull(line), "the full parse reads \(line)")
            guard let scanned = Self.scanned(line) else { continue }
            read += 1
            #expect(scanned.offers == full.offers && scanned.rejected == full.rejected, "\(line)")
        }
        #expect(read == 2_000, "every generated answer is of the usual shape")
    }
}

/// Protocol 3's `sets` answers: each strategy's sets read from the union, unranked; what breaks
/// the protocol is refused with a message naming where.
@Suite struct SetsAnswerTests {
    @Test func eachStrategyGetsItsSets() throws {
        let answers = try EngineMessage.parseSets(
            #"{"type":"sets","sets":[["T1"],["T2","T1"],["T3"]],"offered":[[0],[],[1,0,2]]}"#, strategies: 3)
        let read = answers.map { answer -> [[String]] in
            guard case .offered(let offers) = answer else { return [["error"]] }
            #expect(offers.unranked && offers.rejected.isEmpty && offers.candidates.allSatisfy { $0.score == nil })
            return offers.candidates.map(\.tables)
        }
        #expect(read == [[["T1"]], [], [["T2", "T1"], ["T1"], ["T3"]]])
        let failed = try EngineMessage.parseSets(#"{"type":"error","message":"no floor"}"#, strategies: 2)
        #expect(
            failed.count == 2
                && failed.allSatisfy { if case .failed(let message, _) = $0 { message == "no floor" } else { false } })
    }

    @Test(arguments: [
        (
            #"{"type":"sets","sets":[["T1"]],"offered":[[0]]}"#,
            "offered must be an array of 2 arrays, one per strategy of the request"
        ),
        (
            #"{"type":"sets","sets":[["T1"]],"offered":[[0],[1]]}"#,
            "offered[1] holds something other than an index of sets (0...0)"
        ),
        (#"{"type":"sets","sets":[["T1"]],"offered":[[0,0],[]]}"#, "offered[0] lists set 0 twice"),
        (
            #"{"type":"sets","sets":[["T1","T2"],["T2","T1"]],"offered":[[0],[1]]}"#,
            "sets[1] is sets[0] again (each set once)"
        ),
        (#"{"type":"sets","sets":[["T1",2]],"offered":[[0],[]]}"#, "sets[0] is not an array of table ids"),
        (#"{"type":"candidates","candidates":[]}"#, #"expected type "sets", found "candidates""#)
    ])
    func whatBreaksTheProtocolIsRefused(line: String, problem: String) {
        #expect(throws: EngineMessage.Malformed(problem: problem, isWrongType: true)) {
            try EngineMessage.parseSets(line, strategies: 2)
        }
    }
}
