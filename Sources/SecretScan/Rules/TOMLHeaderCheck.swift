/// Finds the table headers that the TOML parser inside TOMLKit (toml++ 3) cannot survive.
///
/// toml++ assumes that the key of a table header starts with a bare-key character or a quote, and
/// asserts it: `[é]`, `[=]`, `[#]` or `[[ =]]` abort the whole process, in debug and release builds
/// alike (found by fuzzing, `scripts/fuzz rules-toml`). A rule file is untrusted input — a scanned
/// repository's `.secretscan.toml` is read by default — so such headers are refused here first,
/// with the error toml++ would have given. Everything else is left to toml++.
enum TOMLHeaderCheck {
    struct Problem: Equatable {
        /// 1-based line and column (in characters) of the offending character.
        var line: Int
        var column: Int
        /// The character, or `U+XXXX` for a control character.
        var found: String
    }

    /// The first table header whose key starts with something other than a bare-key character
    /// (`A-Za-z0-9_-`) or a quote; nil when there is none.
    ///
    /// Tracks just enough of TOML to know where a header can start: a `[` first on its line,
    /// outside strings, comments, arrays and inline tables.
    static func firstUnparsableHeader(_ text: String) -> Problem? {
        var copy = text
        return copy.withUTF8 { b -> Problem? in
            let n = b.count
            var i = 0
            var line = 1
            var lineStart = 0
            var depth = 0  // open arrays and inline tables
            var firstOnLine = true
            func newline(at k: Int) {
                line += 1
                lineStart = k + 1
            }
            while i < n {
                let c = b[i]
                switch c {
                case 0x0A:
                    newline(at: i)
                    firstOnLine = true
                    i += 1
                case 0x20, 0x09, 0x0D:
                    i += 1
                case UInt8(ascii: "#"):
                    while i < n && b[i] != 0x0A { i += 1 }
                case UInt8(ascii: "\""), UInt8(ascii: "'"):
                    firstOnLine = false
                    let basic = c == UInt8(ascii: "\"")
                    if i + 2 < n && b[i + 1] == c && b[i + 2] == c {
                        // A multi-line string: to the next unescaped triple quote.
                        i += 3
                        while i < n && !(i + 2 < n && b[i] == c && b[i + 1] == c && b[i + 2] == c) {
                            if b[i] == 0x0A { newline(at: i) }
                            i += basic && b[i] == UInt8(ascii: "\\") && i + 1 < n && b[i + 1] != 0x0A ? 2 : 1
                        }
                        i = min(n, i + 3)
                    } else {
                        // A one-line string: to its closing quote or the end of the line.
                        i += 1
                        while i < n && b[i] != c && b[i] != 0x0A {
                            i += basic && b[i] == UInt8(ascii: "\\") && i + 1 < n && b[i + 1] != 0x0A ? 2 : 1
                        }
                        if i < n && b[i] == c { i += 1 }
                    }
                case UInt8(ascii: "[") where depth == 0 && firstOnLine:
                    firstOnLine = false
                    // A table header: `[`, or `[[` (contiguous), then spaces, then the key.
                    var j = i + 1
                    if j < n && b[j] == UInt8(ascii: "[") { j += 1 }
                    while j < n && (b[j] == 0x20 || b[j] == 0x09) { j += 1 }
                    if j < n && !startsKey(b[j]) && b[j] != UInt8(ascii: "]") {
                        var column = 1
                        for k in lineStart..<j where b[k] & 0xC0 != 0x80 { column += 1 }
                        return Problem(line: line, column: column, found: describe(b, at: j))
                    }
                    i = j
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    firstOnLine = false
                    depth += 1
                    i += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    firstOnLine = false
                    depth = max(0, depth - 1)
                    i += 1
                default:
                    firstOnLine = false
                    i += 1
                }
            }
            return nil
        }
    }

    /// Bare-key characters and the two quotes.
    private static func startsKey(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'")
    }

    private static func describe(_ b: UnsafeBufferPointer<UInt8>, at j: Int) -> String {
        if b[j] < 0x20 || b[j] == 0x7F {
            let hex = String(b[j], radix: 16, uppercase: true)
            return "U+" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        var end = j + 1
        while end < b.count && end < j + 4 && b[end] & 0xC0 == 0x80 { end += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[j..<end]), as: UTF8.self)
    }
}
