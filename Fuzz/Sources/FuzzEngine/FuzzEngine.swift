import StressRunner

/// Any bytes as engine protocol lines: replay's side parses each as a hello, an ok and an
/// answer, and `replay engine serve` answers each in turn (so a floor then quotes reach its
/// state). Every parser must answer or throw, never crash; an answer read by the shortcut
/// (`AnswerScanner`) must be the one the full parse reads; the server must answer every line
/// with JSON lines, one unless it is a `quotes` (one per strategy).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var server = EngineServer()
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
        let line = String(line)
        _ = try? EngineMessage.parseHello(line)
        _ = try? EngineMessage.parseOK(line)
        if let answer = try? EngineMessage.parseAnswer(line) {
            let full = try? EngineMessage.parseAnswerInFull(line, digest: answer.digest ?? "")
            if full.map({ sameAnswer(answer, $0) }) != true { fatalError("the shortcut and the full parse differ on: \(line)") }
        }
        let reply = server.answer(line, toolVersion: "fuzz")
        let lines = reply.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.contains(where: { !$0.hasPrefix("{") }) || (lines.count > 1 && !line.contains("quotes")) {
            fatalError("the server answered with something that is not its JSON lines: \(reply)")
        }
    }
    return 0
}

/// Whether two answers say the same (offers, counts and digest, or the same error).
func sameAnswer(_ a: EngineAnswer, _ b: EngineAnswer) -> Bool {
    switch (a, b) {
    case let (.offered(x), .offered(y)):
        x.candidates == y.candidates && x.digest == y.digest
            && x.rejected.map { "\($0.reason)=\($0.count)" } == y.rejected.map { "\($0.reason)=\($0.count)" }
    case let (.failed(m, d), .failed(n, e)): m == n && d == e
    default: false
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry as `<target>_main`: hand control to libFuzzer's driver.
@_cdecl("FuzzEngine_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzEngine)
}
