import CSHA256

/// SHA-256 (FIPS 180-4), written here so that the hash chain costs no dependency build and any
/// outside reader can check it with a standard library (`hashlib.sha256` in Python). The chain
/// hashes every event, so the one-shot path works straight from memory: whole blocks are read
/// in place, only the padded tail is copied to the stack, nothing is allocated but the digest.
/// Where the CPU has the SHA extensions, the one-shot path runs on them (CSHA256); this portable
/// code is the reference they are tested against and the fallback everywhere else.
public enum SHA256 {
    /// Whether `hash` runs on the CPU's SHA instructions (checked once).
    public static let hardwareAvailable = replay_sha256_hardware_available() == 1

    static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
    ]

    /// The eight working words.
    struct State {
        var a: UInt32 = 0x6a09e667, b: UInt32 = 0xbb67ae85, c: UInt32 = 0x3c6ef372, d: UInt32 = 0xa54ff53a
        var e: UInt32 = 0x510e527f, f: UInt32 = 0x9b05688c, g: UInt32 = 0x1f83d9ab, h: UInt32 = 0x5be0cd19
    }

    /// The digest of contiguous bytes in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        guard hardwareAvailable else { return portableHash(bytes) }
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, initialized in
            replay_sha256_hardware(
                bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, digest.baseAddress!)
            initialized = 32
        }
    }

    /// The digest computed by the portable code, whatever the CPU (the reference in tests).
    public static func portableHash(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var state = State()
        let whole = bytes.count / 64 * 64
        k.withUnsafeBufferPointer { k in
            var offset = 0
            while offset < whole {
                compress(&state, bytes.baseAddress! + offset, k)
                offset += 64
            }
        }
        return finish(&state, tail: UnsafeRawBufferPointer(rebasing: bytes[whole...]), totalLength: UInt64(bytes.count))
    }

    /// The digest of `bytes` in one call.
    public static func hash<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        Array(bytes).withUnsafeBytes { hash($0) }
    }

    /// Pads the last partial block (in a stack buffer), compresses it and writes the digest.
    static func finish(_ state: inout State, tail: UnsafeRawBufferPointer, totalLength: UInt64) -> [UInt8] {
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { block in
            let count = tail.count
            if count > 0 { block.baseAddress!.copyMemory(from: tail.baseAddress!, byteCount: count) }
            block[count] = 0x80
            let blocks = count + 9 <= 64 ? 1 : 2
            let end = blocks * 64
            for index in (count + 1)..<(end - 8) { block[index] = 0 }
            let bits = totalLength &* 8
            for byte in 0..<8 { block[end - 1 - byte] = UInt8(truncatingIfNeeded: bits &>> UInt64(byte * 8)) }
            k.withUnsafeBufferPointer { k in
                compress(&state, UnsafeRawPointer(block.baseAddress!), k)
                if blocks == 2 { compress(&state, UnsafeRawPointer(block.baseAddress! + 64), k) }
            }
        }
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, initialized in
            let words = [state.a, state.b, state.c, state.d, state.e, state.f, state.g, state.h]
            for (index, word) in words.enumerated() {
                digest[index * 4] = UInt8(truncatingIfNeeded: word &>> 24)
                digest[index * 4 + 1] = UInt8(truncatingIfNeeded: word &>> 16)
                digest[index * 4 + 2] = UInt8(truncatingIfNeeded: word &>> 8)
                digest[index * 4 + 3] = UInt8(truncatingIfNeeded: word)
            }
            initialized = 32
        }
    }

    @inline(__always)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value &>> count) | (value &<< (32 &- count))
    }

    /// One 64-byte block at `block` into `state`.
    @inline(__always)
    static func compress(_ state: inout State, _ block: UnsafeRawPointer, _ k: UnsafeBufferPointer<UInt32>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
            }
            for t in 16..<64 {
                let x = w[t &- 15]
                let y = w[t &- 2]
                let s0 = rotateRight(x, 7) ^ rotateRight(x, 18) ^ (x &>> 3)
                let s1 = rotateRight(y, 17) ^ rotateRight(y, 19) ^ (y &>> 10)
                w[t] = w[t &- 16] &+ s0 &+ w[t &- 7] &+ s1
            }
            var a = state.a
            var b = state.b
            var c = state.c
            var d = state.d
            var e = state.e
            var f = state.f
            var g = state.g
            var h = state.h
            for t in 0..<64 {
                let s1 = rotateRight(e, 6) ^ rotateRight(e, 11) ^ rotateRight(e, 25)
                let choice = (e & f) ^ (~e & g)
                let temp1 = h &+ s1 &+ choice &+ k[t] &+ w[t]
                let s0 = rotateRight(a, 2) ^ rotateRight(a, 13) ^ rotateRight(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = s0 &+ majority
                h = g
                g = f
                f = e
                e = d &+ temp1
                d = c
                c = b
                b = a
                a = temp1 &+ temp2
            }
            state.a &+= a
            state.b &+= b
            state.c &+= c
            state.d &+= d
            state.e &+= e
            state.f &+= f
            state.g &+= g
            state.h &+= h
        }
    }
}

extension Array where Element == UInt8 {
    /// Lower-case hexadecimal, as `hashlib`'s `hexdigest()` prints it.
    public var hexString: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
