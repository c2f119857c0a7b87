import EventLog
import Foundation
import Replayer

/// Any bytes as a capture file: opening, verifying, folding and reproducing must answer with a
/// result or an error, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapture(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let path = NSTemporaryDirectory() + "replay-fuzz-\(getpid()).db"
    unlink(path)
    FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    defer { unlink(path) }
    guard let reader = try? CaptureReader(path: path) else { return 0 }
    _ = try? Verifier.verify(reader)
    _ = try? Rebuilder.fold(reader)
    _ = try? Reproducer.run(reader)
    return 0
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> Int32) -> Int32

/// SwiftPM links an executable's entry as `<target>_main`: hand control to libFuzzer's driver.
@_cdecl("FuzzCapture_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzzCapture)
}
