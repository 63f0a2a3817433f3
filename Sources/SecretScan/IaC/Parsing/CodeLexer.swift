/// A token of TypeScript/JavaScript or Python source, enough to find calls and their string
/// arguments while ignoring comments.
struct CodeToken {
    enum Kind: Equatable { case ident, string, punct }
    var kind: Kind
    var range: Range<Int>
    /// Strings: the characters between the quotes.
    var content: Range<Int>
    /// Strings: an interpolation (`${…}` in a template literal, `{…}` in an f-string).
    var interpolated = false
}

/// Splits source into identifiers, string literals and punctuation, skipping whitespace and
/// comments (`//`, `/* */` or `#`). Strings: `'…'`, `"…"`, template literals with nested
/// `${…}`; in Python, prefixes (`r`, `b`, `f`, `rb`…) and triple quotes.
enum CodeLexer {
    static func tokenize(_ b: [UInt8], python: Bool) -> [CodeToken] {
        var out: [CodeToken] = []
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                i += 1
                continue
            }
            if python, c == UInt8(ascii: "#") {
                i = lineEnd(b, i)
                continue
            }
            if !python, c == UInt8(ascii: "/"), i + 1 < n {
                if b[i + 1] == UInt8(ascii: "/") {
                    i = lineEnd(b, i)
                    continue
                }
                if b[i + 1] == UInt8(ascii: "*") {
                    var j = i + 2
                    while j + 1 < n, !(b[j] == UInt8(ascii: "*") && b[j + 1] == UInt8(ascii: "/")) { j += 1 }
                    i = min(n, j + 2)
                    continue
                }
            }
            if isQuote(c, python: python) {
                let t = string(b, at: i, prefix: "", python: python)
                out.append(t)
                i = t.range.upperBound
                continue
            }
            if isIdentByte(c) {
                var j = i
                while j < n, isIdentByte(b[j]) { j += 1 }
                let word = String(decoding: b[i..<j], as: UTF8.self)
                if python, j < n, isQuote(b[j], python: true), word.count <= 2,
                    word.lowercased().allSatisfy({ "rbuf".contains($0) })
                {
                    let t = string(b, at: j, prefix: word.lowercased(), python: true)
                    out.append(CodeToken(kind: .string, range: i..<t.range.upperBound, content: t.content, interpolated: t.interpolated))
                    i = t.range.upperBound
                    continue
                }
                out.append(CodeToken(kind: .ident, range: i..<j, content: i..<j))
                i = j
                continue
            }
            out.append(CodeToken(kind: .punct, range: i..<i + 1, content: i..<i + 1))
            i += 1
        }
        return out
    }

    private static func isQuote(_ c: UInt8, python: Bool) -> Bool {
        c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") || (!python && c == UInt8(ascii: "`"))
    }

    static func isIdentByte(_ c: UInt8) -> Bool {
        (c | 0x20 >= 97 && c | 0x20 <= 122) || (c >= 48 && c <= 57) || c == UInt8(ascii: "_") || c == UInt8(ascii: "$") || c >= 0x80
    }

    private static func lineEnd(_ b: [UInt8], _ i: Int) -> Int {
        var j = i
        while j < b.count, b[j] != 0x0A { j += 1 }
        return j
    }

    /// A string literal starting at `at` (on its quote).
    private static func string(_ b: [UInt8], at: Int, prefix: String, python: Bool) -> CodeToken {
        let n = b.count
        let q = b[at]
        let triple = python && at + 2 < n && b[at + 1] == q && b[at + 2] == q
        let open = triple ? 3 : 1
        let start = at + open
        let raw = prefix.contains("r")
        let formatted = prefix.contains("f")
        var interpolated = false
        var j = start
        while j < n {
            let c = b[j]
            if c == UInt8(ascii: "\\"), !raw || j + 1 < n && b[j + 1] == q {
                j += 2
                continue
            }
            if triple {
                if c == q, j + 2 < n, b[j + 1] == q, b[j + 2] == q {
                    return CodeToken(kind: .string, range: at..<j + 3, content: start..<j, interpolated: interpolated)
                }
            } else {
                if c == q { return CodeToken(kind: .string, range: at..<j + 1, content: start..<j, interpolated: interpolated) }
                if c == 0x0A, q != UInt8(ascii: "`") {
                    return CodeToken(kind: .string, range: at..<j, content: start..<j, interpolated: interpolated)
                }
            }
            if q == UInt8(ascii: "`"), c == UInt8(ascii: "$"), j + 1 < n, b[j + 1] == UInt8(ascii: "{") {
                interpolated = true
                var level = 0
                j += 1
                while j < n {
                    if b[j] == UInt8(ascii: "{") {
                        level += 1
                    } else if b[j] == UInt8(ascii: "}") {
                        level -= 1
                        if level == 0 { break }
                    }
                    j += 1
                }
            }
            if formatted, c == UInt8(ascii: "{") {
                if j + 1 < n, b[j + 1] == UInt8(ascii: "{") {
                    j += 2
                    continue
                }
                interpolated = true
            }
            j += 1
        }
        return CodeToken(kind: .string, range: at..<n, content: start..<n, interpolated: interpolated)
    }
}
