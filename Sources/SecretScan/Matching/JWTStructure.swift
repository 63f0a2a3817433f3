import Foundation

/// The shape of a JSON Web Token (RFC 7519): three base64url segments, a header that is a JSON
/// object naming a signing algorithm other than `none`, and a payload that is a JSON object (`{}`
/// included). The header is parsed; the payload, which can be long, is only checked to be an object.
enum JWTStructure {
    static func isToken(_ token: [UInt8]) -> Bool {
        let parts = token.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty,
            let headerBytes = base64URL(parts[0]), let payload = base64URL(parts[1]), isObject(payload),
            let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
            let alg = header["alg"] as? String, !alg.isEmpty, alg.lowercased() != "none"
        else { return false }
        return true
    }

    /// Bytes that begin with `{` and end with `}`, whitespace aside.
    static func isObject(_ bytes: [UInt8]) -> Bool {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let first = bytes.first(where: { !isSpace($0) }), let last = bytes.last(where: { !isSpace($0) }) else { return false }
        return first == UInt8(ascii: "{") && last == UInt8(ascii: "}")
    }

    /// Decodes unpadded base64url; nil on any other character or an impossible length.
    static func base64URL(_ segment: ArraySlice<UInt8>) -> [UInt8]? {
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
