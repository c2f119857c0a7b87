@testable import EventLog
import Testing

@Suite struct SHA256Tests {
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
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
        var hasher = SHA256()
        let block = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        for _ in 0..<1000 { block.withUnsafeBytes { hasher.update($0) } }
        #expect(hasher.finalize().hexString == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func contiguousOneShotEqualsTheStreamingHasherAtEveryLength() {
        for length in 0..<300 {
            let bytes = (0..<length).map { UInt8(($0 * 31 + 7) % 256) }
            #expect(bytes.withUnsafeBytes { SHA256.hash($0) } == SHA256.hash(bytes), "length \(length)")
        }
    }

    @Test func streamingEqualsOneShot() {
        let bytes = (0..<1000).map { UInt8($0 % 251) }
        var hasher = SHA256()
        bytes[0..<7].withUnsafeBytes { hasher.update($0) }
        bytes[7..<130].withUnsafeBytes { hasher.update($0) }
        bytes[130...].withUnsafeBytes { hasher.update($0) }
        #expect(hasher.finalize() == SHA256.hash(bytes))
    }
}
