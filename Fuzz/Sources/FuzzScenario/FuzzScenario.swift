import Scenarios

/// Any bytes: the loader must answer with a scenario or a ScenarioError, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let scenario = try? ScenarioLoader.parse(bytes: bytes, file: "fuzz.json") {
        // A scenario that loads must print and load again to the same value.
        let again = try? ScenarioLoader.parse(text: scenario.jsonText, file: "again.json")
        if again != scenario { fatalError("round trip changed the scenario") }
    }
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry as `<target>_main`: hand control to libFuzzer's driver.
@_cdecl("FuzzScenario_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzScenario)
}
