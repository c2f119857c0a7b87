import StressRunner

/// Any bytes as engine protocol lines: replay's side parses each as a hello, an ok and an
/// answer, and `replay engine serve` answers each in turn (so a floor then quotes reach its
/// state). Every parser must answer or throw, never crash, and the server must answer every
/// line with one JSON line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEngine(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    var server = EngineServer()
    for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(64) {
        let line = String(line)
        _ = try? EngineMessage.parseHello(line)
        _ = try? EngineMessage.parseOK(line)
        _ = try? EngineMessage.parseAnswer(line)
        let reply = server.answer(line, toolVersion: "fuzz")
        if reply.contains("\n") || !reply.hasPrefix("{") { fatalError("the server answered with something that is not one JSON line: \(reply)") }
    }
    return 0
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
