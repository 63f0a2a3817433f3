/// The body of a PEM private key, as it appears in files and in source code: between the
/// `-----BEGIN …-----` and `-----END …-----` lines, possibly written with `\n` escapes, quotes and
/// `+` concatenation. It must be base64 of whole 3-byte groups (a length that is a multiple of 4,
/// padding only at the end) and decode to what the header announces: a DER SEQUENCE (`0x30`), or
/// `openssh-key-v1` for an OpenSSH key.
enum PEMStructure {
    static func isValid(_ pem: [UInt8]) -> Bool {
        guard let slice = body(of: pem) else { return false }
        // The header names the kind: look only at the BEGIN line (up to the body).
        let openssh = find(opensshMarker, in: pem, from: 0, to: slice.startIndex) != nil
        // The base64 characters, with escapes, quotes, commas, spaces and concatenations left out;
        // through pointers, as every key found is checked on the scan path.
        var chars = [UInt8](repeating: 0, count: slice.count)
        let count = slice.withUnsafeBufferPointer { body in
            chars.withUnsafeMutableBufferPointer { out in
                var kept = 0
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
                    out[kept] = c
                    kept += 1
                    i += 1
                }
                return kept
            }
        }
        chars.removeLast(chars.count - count)
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
        guard pem.count > 5, let dashes = find(dashMarker, in: pem, from: 5, to: pem.count),
            let endStart = find(endMarker, in: pem, from: dashes + dashMarker.count, to: pem.count)
        else { return nil }
        let beginEnd = dashes + dashMarker.count
        var start = beginEnd
        if let dek = find(dekMarker, in: pem, from: beginEnd, to: endStart) {
            // the DEK-Info line ends at a newline or a `\n` escape
            var j = dek
            while j < endStart, pem[j] != 0x0A, pem[j] != 0x0D, !(pem[j] == UInt8(ascii: "\\") && j + 1 < endStart) { j += 1 }
            start = j
        }
        return pem[start..<endStart]
    }

    private static let opensshMarker = Array("OPENSSH PRIVATE KEY".utf8)
    private static let dashMarker = Array("-----".utf8)
    private static let endMarker = Array("-----END".utf8)
    private static let dekMarker = Array("DEK-Info:".utf8)

    /// Where `needle` first starts in `hay[from..<to]`. A plain loop over the bytes: the generic
    /// collection search cost a hundred times more per byte, and keys are checked on the scan path.
    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int, to: Int) -> Int? {
        let m = needle.count
        guard m > 0, to - from >= m else { return nil }
        let first = needle[0]
        var i = from
        while i <= to - m {
            if hay[i] == first {
                var k = 1
                while k < m && hay[i + k] == needle[k] { k += 1 }
                if k == m { return i }
            }
            i += 1
        }
        return nil
    }

    /// A `+` between quotes (across spaces and line breaks), with a space or quote right on either
    /// side: a string concatenation, not base64 (a base64 `+` sits between base64 characters).
    private static func isConcatenation(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
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
