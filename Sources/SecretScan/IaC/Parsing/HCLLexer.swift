/// One token of HCL (Terraform) source.
struct HCLToken {
    enum Kind: Equatable {
        case ident, number, string, heredoc, punct, newline, eof
    }

    var kind: Kind
    /// The whole token.
    var range: Range<Int>
    /// Strings: between the quotes. Heredocs: the body, without the closing marker line.
    var content: Range<Int>
    /// Punctuation packed into an integer (`HCLToken.op("==")`), else 0.
    var op: UInt32 = 0
    /// Strings and heredocs: whether they hold an interpolation or directive (`${`, `%{`).
    var hasTemplate = false

    /// Up to three ASCII bytes packed little-endian, to compare punctuation cheaply.
    static func op(_ s: StaticString) -> UInt32 {
        var v: UInt32 = 0
        let p = s.utf8Start
        for k in 0..<min(3, s.utf8CodeUnitCount) { v |= UInt32(p[k]) << (8 * UInt32(k)) }
        return v
    }
}

/// Splits HCL into tokens: identifiers, numbers, quoted templates (with nested `${…}` and strings
/// inside them), heredocs (`<<EOF`, `<<-EOF`), punctuation and newlines. Comments (`#`, `//`,
/// `/* */`) are dropped. Never fails: anything unexpected becomes a one-byte punctuation token.
enum HCLLexer {
    /// Nesting of strings within interpolations within strings beyond which the rest is taken flat.
    static let maxTemplateDepth = 16

    static func tokenize(_ b: [UInt8]) -> [HCLToken] {
        var out: [HCLToken] = []
        out.reserveCapacity(b.count / 4)
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            switch c {
            case 0x20, 0x09, 0x0D, 0x0C:
                i += 1
            case 0x0A:
                out.append(HCLToken(kind: .newline, range: i..<i + 1, content: i..<i + 1))
                i += 1
            case UInt8(ascii: "#"):
                i = lineEnd(b, from: i)
            case UInt8(ascii: "/") where i + 1 < n && b[i + 1] == UInt8(ascii: "/"):
                i = lineEnd(b, from: i)
            case UInt8(ascii: "/") where i + 1 < n && b[i + 1] == UInt8(ascii: "*"):
                var j = i + 2
                while j + 1 < n, !(b[j] == UInt8(ascii: "*") && b[j + 1] == UInt8(ascii: "/")) { j += 1 }
                i = min(n, j + 2)
            case UInt8(ascii: "\""):
                let r = scanQuoted(b, from: i, depth: 0)
                let contentEnd = r.terminated ? r.end - 1 : r.end
                var t = HCLToken(kind: .string, range: i..<r.end, content: i + 1..<max(i + 1, contentEnd))
                t.hasTemplate = r.template
                out.append(t)
                i = r.end
            case UInt8(ascii: "<") where i + 1 < n && b[i + 1] == UInt8(ascii: "<"):
                if let h = scanHeredoc(b, from: i) {
                    out.append(h)
                    i = h.range.upperBound
                } else {
                    out.append(punct(b, i, 1))
                    i += 1
                }
            case 48...57:
                var j = i
                while j < n, isDigit(b[j]) { j += 1 }
                if j + 1 < n, b[j] == UInt8(ascii: "."), isDigit(b[j + 1]) {
                    j += 1
                    while j < n, isDigit(b[j]) { j += 1 }
                }
                if j < n, b[j] | 0x20 == UInt8(ascii: "e") {
                    var k = j + 1
                    if k < n, b[k] == UInt8(ascii: "+") || b[k] == UInt8(ascii: "-") { k += 1 }
                    if k < n, isDigit(b[k]) {
                        while k < n, isDigit(b[k]) { k += 1 }
                        j = k
                    }
                }
                out.append(HCLToken(kind: .number, range: i..<j, content: i..<j))
                i = j
            default:
                if isIdentStart(c) {
                    var j = i + 1
                    while j < n, isIdentByte(b[j]) { j += 1 }
                    out.append(HCLToken(kind: .ident, range: i..<j, content: i..<j))
                    i = j
                } else {
                    let len = punctLength(b, i)
                    out.append(punct(b, i, len))
                    i += len
                }
            }
        }
        out.append(HCLToken(kind: .eof, range: n..<n, content: n..<n))
        return out
    }

    private static func punct(_ b: [UInt8], _ i: Int, _ len: Int) -> HCLToken {
        var v: UInt32 = 0
        for k in 0..<len { v |= UInt32(b[i + k]) << (8 * UInt32(k)) }
        var t = HCLToken(kind: .punct, range: i..<i + len, content: i..<i + len)
        t.op = v
        return t
    }

    private static func punctLength(_ b: [UInt8], _ i: Int) -> Int {
        let n = b.count
        if i + 2 < n, b[i] == UInt8(ascii: "."), b[i + 1] == UInt8(ascii: "."), b[i + 2] == UInt8(ascii: ".") { return 3 }
        guard i + 1 < n else { return 1 }
        switch (b[i], b[i + 1]) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")), (UInt8(ascii: "!"), UInt8(ascii: "=")),
            (UInt8(ascii: "<"), UInt8(ascii: "=")), (UInt8(ascii: ">"), UInt8(ascii: "=")),
            (UInt8(ascii: "&"), UInt8(ascii: "&")), (UInt8(ascii: "|"), UInt8(ascii: "|")),
            (UInt8(ascii: "="), UInt8(ascii: ">")):
            return 2
        default:
            return 1
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
    static func isIdentStart(_ c: UInt8) -> Bool { (c | 0x20 >= 97 && c | 0x20 <= 122) || c == UInt8(ascii: "_") || c >= 0x80 }
    static func isIdentByte(_ c: UInt8) -> Bool { isIdentStart(c) || isDigit(c) || c == UInt8(ascii: "-") }

    private static func lineEnd(_ b: [UInt8], from i: Int) -> Int {
        var j = i
        while j < b.count, b[j] != 0x0A { j += 1 }
        return j
    }

    /// A quoted template starting at `from` (on `"`): the offset just past it, whether it holds an
    /// interpolation, and whether it was closed (an unclosed one stops before the newline).
    static func scanQuoted(_ b: [UInt8], from: Int, depth: Int) -> (end: Int, template: Bool, terminated: Bool) {
        let n = b.count
        var j = from + 1
        var template = false
        while j < n {
            let c = b[j]
            if c == UInt8(ascii: "\\") {
                j += 2
                continue
            }
            if c == 0x0A { return (j, template, false) }
            if c == UInt8(ascii: "\"") { return (j + 1, template, true) }
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "%"), j + 1 < n {
                if b[j + 1] == c, j + 2 < n, b[j + 2] == UInt8(ascii: "{") {
                    j += 3
                    continue
                }  // `$${` escape
                if b[j + 1] == UInt8(ascii: "{") {
                    template = true
                    j = depth < maxTemplateDepth ? scanInterpolation(b, from: j + 2, depth: depth + 1) : j + 2
                    continue
                }
            }
            j += 1
        }
        return (min(j, n), template, false)
    }

    /// The offset just past the `}` closing an interpolation whose body starts at `from`, or of
    /// the newline or end of input that cut it short.
    private static func scanInterpolation(_ b: [UInt8], from: Int, depth: Int) -> Int {
        let n = b.count
        var k = from
        var level = 1
        while k < n {
            let c = b[k]
            if c == 0x0A { return k }
            if c == UInt8(ascii: "\"") {
                let r = scanQuoted(b, from: k, depth: depth)
                if !r.terminated { return r.end }
                k = r.end
                continue
            }
            if c == UInt8(ascii: "{") {
                level += 1
            } else if c == UInt8(ascii: "}") {
                level -= 1
                if level == 0 { return k + 1 }
            }
            k += 1
        }
        return n
    }

    /// A heredoc at `from` (on `<<`), or nil when what follows is not `<<[-]MARKER` and a newline.
    private static func scanHeredoc(_ b: [UInt8], from: Int) -> HCLToken? {
        let n = b.count
        var j = from + 2
        if j < n, b[j] == UInt8(ascii: "-") { j += 1 }
        let markerStart = j
        guard j < n, isIdentStart(b[j]) else { return nil }
        while j < n, isIdentByte(b[j]) { j += 1 }
        let marker = b[markerStart..<j]
        while j < n, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x0D { j += 1 }
        guard j < n, b[j] == 0x0A else { return nil }
        let contentStart = j + 1
        var lineStart = contentStart
        while lineStart < n {
            let e = lineEnd(b, from: lineStart)
            var s = lineStart
            while s < e, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
            var t = e
            while t > s, b[t - 1] == 0x20 || b[t - 1] == 0x09 || b[t - 1] == 0x0D { t -= 1 }
            if b[s..<t].elementsEqual(marker) {
                var tok = HCLToken(kind: .heredoc, range: from..<t, content: contentStart..<lineStart)
                tok.hasTemplate = hasTemplate(b, contentStart..<lineStart)
                return tok
            }
            lineStart = e + 1
        }
        var tok = HCLToken(kind: .heredoc, range: from..<n, content: contentStart..<n)
        tok.hasTemplate = hasTemplate(b, contentStart..<n)
        return tok
    }

    /// Whether `range` holds `${` or `%{` that is not escaped (`$${`).
    static func hasTemplate(_ b: [UInt8], _ range: Range<Int>) -> Bool {
        var k = range.lowerBound
        while k + 1 < range.upperBound {
            let c = b[k]
            if c == UInt8(ascii: "$") || c == UInt8(ascii: "%") {
                if b[k + 1] == c {
                    k += 2
                    continue
                }
                if b[k + 1] == UInt8(ascii: "{") { return true }
            }
            k += 1
        }
        return false
    }
}
