/// The body of a PEM private key, as it appears in files and in source code: between the
/// `-----BEGIN …-----` and `-----END …-----` lines, possibly written with `\n` escapes, quotes and
/// `+` concatenation. It must be base64 of whole 3-byte groups (a length that is a multiple of 4,
/// padding only at the end) and decode to what the header announces: a DER SEQUENCE (`0x30`), or
/// `openssh-key-v1` for an OpenSSH key.
enum PEMStructure {
    static func isValid(_ pem: [UInt8]) -> Bool {
        guard let slice = body(of: pem) else { return false }
        let body = Array(slice)
        let openssh = contains(pem, Array("OPENSSH PRIVATE KEY".utf8))
        var chars: [UInt8] = []
        chars.reserveCapacity(body.count)
        var i = 0
        let n = body.count
        while i < n {
            let c = body[i]
            if c == UInt8(ascii: "\\"), i + 1 < n, body[i + 1] == UInt8(ascii: "n") || body[i + 1] == UInt8(ascii: "r") {
                i += 2
                continue
            }
            if c == UInt8(ascii: "+") && isConcatenation(body, at: i) {
                i += 1
                continue
            }
            if isSpace(c) || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`") || c == UInt8(ascii: ",") {
                i += 1
                continue
            }
            chars.append(c)
            i += 1
        }
        guard chars.count >= 64, chars.count % 4 == 0 else { return false }
        var padding = 0
        for c in chars {
            if c == UInt8(ascii: "=") {
                padding += 1
                continue
            }
            if padding > 0 || value(c) == nil { return false }
        }
        guard padding <= 2 else { return false }
        let first = decodeFirstBytes(chars, count: 15)
        if openssh { return first.starts(with: Array("openssh-key-v1".utf8)) }
        return first.first == 0x30
    }

    /// The bytes after the BEGIN line and before `-----END`, skipping an encrypted key's
    /// `Proc-Type:` / `DEK-Info:` headers.
    static func body(of pem: [UInt8]) -> ArraySlice<UInt8>? {
        let dashes = Array("-----".utf8)
        guard let beginEnd = find(dashes, in: pem, from: 5).map({ $0 + 5 }) else { return nil }
        guard let endStart = find(Array("-----END".utf8), in: pem, from: beginEnd) else { return nil }
        var start = beginEnd
        if let dek = find(Array("DEK-Info:".utf8), in: pem, from: beginEnd), dek < endStart {
            // the DEK-Info line ends at a newline or a `\n` escape
            var j = dek
            while j < endStart, pem[j] != 0x0A, pem[j] != 0x0D, !(pem[j] == UInt8(ascii: "\\") && j + 1 < endStart) { j += 1 }
            start = j
        }
        return pem[start..<endStart]
    }

    /// A `+` between quotes (across spaces and line breaks), with a space or quote right on either
    /// side: a string concatenation, not base64 (a base64 `+` sits between base64 characters).
    private static func isConcatenation(_ s: [UInt8], at i: Int) -> Bool {
        let before = i > 0 ? s[i - 1] : 0x20
        let after = i + 1 < s.count ? s[i + 1] : 0x20
        guard isSpace(before) || isQuote(before), isSpace(after) || isQuote(after) else { return false }
        var j = i + 1
        while j < s.count, isSpace(s[j]) { j += 1 }
        if j < s.count, isQuote(s[j]) { return true }
        var k = i - 1
        while k >= 0, isSpace(s[k]) { k -= 1 }
        return k >= 0 && isQuote(s[k])
    }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    @inline(__always) private static func isQuote(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`")
    }

    static func value(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - 65
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return c - 97 + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - 48 + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    private static func decodeFirstBytes(_ chars: [UInt8], count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var acc: UInt32 = 0
        var bits = 0
        for c in chars {
            guard let v = value(c) else { break }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
                if out.count == count { break }
            }
        }
        return out
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard needle.count <= hay.count, from <= hay.count - needle.count else { return nil }
        outer: for i in from...(hay.count - needle.count) {
            for j in 0..<needle.count where hay[i + j] != needle[j] { continue outer }
            return i
        }
        return nil
    }

    private static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool { find(needle, in: hay, from: 0) != nil }
}
