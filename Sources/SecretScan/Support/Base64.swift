/// Base64 of the structure checks.
enum Base64 {
    /// Decodes unpadded base64 in either alphabet (`+/` or base64url's `-_`); nil on any other
    /// character or an impossible length. For short structured pieces (JWT segments, the start of
    /// a PEM body); the scan path decodes with its own table in `EncodedSegments`.
    static func decode(_ segment: ArraySlice<UInt8>) -> [UInt8]? {
        guard segment.count % 4 != 1 else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(segment.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for c in segment {
            let v: UInt32
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): v = UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): v = UInt32(c - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): v = UInt32(c - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "-"), UInt8(ascii: "+"): v = 62
            case UInt8(ascii: "_"), UInt8(ascii: "/"): v = 63
            default: return nil
            }
            buffer = buffer << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        return out
    }
}
