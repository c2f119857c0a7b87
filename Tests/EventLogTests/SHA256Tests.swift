@testable import EventLog
import Foundation
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        )
    ])
    func knownAnswers(input: String, digest: String) {
        #expect(SHA256.hash(Array(input.utf8)).hexString == digest)
        #expect(Array(input.utf8).withUnsafeBytes { SHA256.portableHash($0) }.hexString == digest)
    }

    /// The hardware path (SHA extensions, when this CPU has them) against the portable code, at
    /// every tail length and across several blocks; on a CPU without them both are the portable code.
    @Test func hardwareEqualsPortableAtEveryLength() {
        for length in Array(0..<300) + [511, 512, 513, 4095, 4096, 65_537] {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ length) }
            let hardware = bytes.withUnsafeBytes { SHA256.hash($0) }
            let portable = bytes.withUnsafeBytes { SHA256.portableHash($0) }
            #expect(hardware == portable, "length \(length) (hardware: \(SHA256.hardwareAvailable))")
        }
    }

    @Test func millionAs() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hash(bytes).hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(
            bytes.withUnsafeBytes { SHA256.portableHash($0) }.hexString
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Against an implementation written by others: Python's `hashlib`, in a real child process,
    /// at every tail length and across several blocks (what a Python reader of a capture computes).
    @Test func agreesWithPythonsHashlibAtEveryLength() throws {
        let lengths = Array(0..<300) + [511, 512, 513, 4095, 4096, 65_537]
        let script =
            "import hashlib\nfor n in [\(lengths.map(String.init).joined(separator: ","))]:\n"
            + "    print(hashlib.sha256(bytes((i * 31 + 7) % 256 for i in range(n))).hexdigest())\n"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let expected = text.split(separator: "\n").map(String.init)
        try #require(expected.count == lengths.count, "python3 printed \(expected.count) digests")
        for (length, digest) in zip(lengths, expected) {
            let bytes = (0..<length).map { UInt8(($0 * 31 + 7) % 256) }
            #expect(SHA256.hash(bytes).hexString == digest, "length \(length)")
            #expect(bytes.withUnsafeBytes { SHA256.portableHash($0) }.hexString == digest, "length \(length), portable")
        }
    }
}
