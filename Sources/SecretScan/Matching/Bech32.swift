/// Bech32 checksums (BIP-173), case-insensitive: `hrp` + `1` + data characters, the last six of
/// which are the checksum.
enum Bech32 {
    static let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    static let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
    /// Byte → 5-bit value, or 0xFF for a character outside the charset (either case).
    static let values: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in charset.enumerated() {
            t[Int(c)] = UInt8(i)
            if c >= 97 && c <= 122 { t[Int(c) - 32] = UInt8(i) }
        }
        return t
    }()

    static func isValid(_ s: [UInt8]) -> Bool {
        guard let sep = s.lastIndex(of: UInt8(ascii: "1")), sep > 0, s.count - sep - 1 >= 6 else { return false }
        var chk: UInt32 = 1
        func step(_ v: UInt8) {
            let top = chk >> 25
            chk = ((chk & 0x1ff_ffff) << 5) ^ UInt32(v)
            for i in 0..<5 where (top >> UInt32(i)) & 1 == 1 { chk ^= generator[i] }
        }
        let hrp = s[..<sep].map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        for c in hrp { step(c >> 5) }
        step(0)
        for c in hrp { step(c & 31) }
        for c in s[(sep + 1)...] {
            let v = values[Int(c)]
            guard v != 0xFF else { return false }
            step(v)
        }
        return chk == 1
    }
}
