/// The body of a PEM private key, as it appears in files and in source code: between the
/// `-----BEGIN …-----` and `-----END …-----` lines, possibly written with `\n` escapes, quotes and
/// `+` concatenation. It must be base64 of whole 3-byte groups (a length that is a multiple of 4,
/// padding only at the end) and decode to what the header announces: a DER SEQUENCE (`0x30`), or
/// `openssh-key-v1` for an OpenSSH key.
enum PEMStructure {
    static func isValid(_ pem: [UInt8]) -> Bool {
        guard let slice = body(of: pem) else { return false }
        let body = Array(slice)
        let openssh = pem.firstRange(of: Array("OPENSSH PRIVATE KEY".utf8)) != nil
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
            if padding > 0 || !isBase64(c) { return false }
        }
        guard padding <= 2 else { return false }
        let first = Base64.decode(chars.prefix(20)) ?? []  // 15 bytes: enough for either signature
        if openssh { return first.starts(with: Array("openssh-key-v1".utf8)) }
        return first.first == 0x30
    }

    /// The bytes after the BEGIN line and before `-----END`, skipping an encrypted key's
    /// `Proc-Type:` / `DEK-Info:` headers.
    static func body(of pem: [UInt8]) -> ArraySlice<UInt8>? {
        guard pem.count > 5, let beginEnd = pem[5...].firstRange(of: Array("-----".utf8))?.upperBound,
            let endStart = pem[beginEnd...].firstRange(of: Array("-----END".utf8))?.lowerBound
        else { return nil }
        var start = beginEnd
        if let dek = pem[beginEnd..<endStart].firstRange(of: Array("DEK-Info:".utf8))?.lowerBound {
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

    /// The standard base64 alphabet (PEM is never base64url).
    @inline(__always) private static func isBase64(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "+"), UInt8(ascii: "/"):
            return true
        default: return false
        }
    }
}
