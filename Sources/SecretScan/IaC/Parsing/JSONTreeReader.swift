/// A tolerant JSON reader that keeps exact positions (Foundation's `JSONSerialization` drops them).
/// Besides strict JSON it accepts comments, trailing commas, and Terraform interpolations
/// (`"memory": ${var.memory}`) in heredocs, which become `.expression` scalars. Returns nil on
/// anything else, or past a nesting depth of `maxDepth`.
struct JSONTreeReader {
    static let maxDepth = 128

    private let source: IaCSource
    private let end: Int
    private var i: Int
    private var depth = 0

    private init(source: IaCSource, range: Range<Int>) {
        self.source = source
        self.i = max(0, range.lowerBound)
        self.end = min(range.upperBound, source.bytes.count)
    }

    /// The value filling `range` of `source` (the whole file by default), or nil if it is not JSON.
    static func parse(_ source: IaCSource, range: Range<Int>? = nil) -> IaCNode? {
        var reader = JSONTreeReader(source: source, range: range ?? 0..<source.bytes.count)
        reader.skipSpace()
        guard let node = reader.value() else { return nil }
        reader.skipSpace()
        return reader.i >= reader.end ? node : nil
    }

    /// Parses `text` (e.g. JSON held in an escaped string) with every span set to `span`.
    static func parse(text: String, at span: IaCSpan) -> IaCNode? {
        let inner = IaCSource(Array(text.utf8))
        return parse(inner)?.relocated(to: span)
    }

    private var bytes: [UInt8] { source.bytes }

    private func peek(_ k: Int = 0) -> UInt8? { i + k < end ? bytes[i + k] : nil }

    private mutating func skipSpace() {
        while i < end {
            let c = bytes[i]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                i += 1
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "/") {
                while i < end, bytes[i] != 0x0A { i += 1 }
            } else if c == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                i += 2
                while i < end, !(bytes[i] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { i += 1 }
                i = min(end, i + 2)
            } else {
                return
            }
        }
    }

    private mutating func value() -> IaCNode? {
        guard let c = peek() else { return nil }
        switch c {
        case UInt8(ascii: "{"): return object()
        case UInt8(ascii: "["): return array()
        case UInt8(ascii: "\""):
            guard let (text, range) = string() else { return nil }
            return IaCNode(.scalar(.string, text), span: source.span(range))
        case UInt8(ascii: "$") where peek(1) == UInt8(ascii: "{"):
            let start = i
            i += 2
            var level = 1
            while i < end, level > 0 {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    _ = string()
                    continue
                }
                if b == UInt8(ascii: "{") { level += 1 } else if b == UInt8(ascii: "}") { level -= 1 }
                i += 1
            }
            guard level == 0 else { return nil }
            return IaCNode(.scalar(.expression, source.text(start..<i)), span: source.span(start..<i))
        default:
            let start = i
            while i < end, Self.isBareByte(bytes[i]) { i += 1 }
            guard i > start else { return nil }
            let word = source.text(start..<i)
            let kind: IaCNode.ScalarKind
            switch word {
            case "true", "false": kind = .bool
            case "null": kind = .null
            default:
                guard let f = word.utf8.first else { return nil }
                kind = (f == UInt8(ascii: "-") || (f >= 48 && f <= 57)) ? .number : .expression
            }
            return IaCNode(.scalar(kind, word), span: source.span(start..<i))
        }
    }

    private static func isBareByte(_ b: UInt8) -> Bool {
        (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122) || b == UInt8(ascii: "_") || b == UInt8(ascii: "-")
            || b == UInt8(ascii: "+") || b == UInt8(ascii: ".") || b >= 0x80
    }

    private mutating func object() -> IaCNode? {
        let start = i
        i += 1
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        var entries: [IaCEntry] = []
        while true {
            skipSpace()
            guard let c = peek() else { return nil }
            if c == UInt8(ascii: "}") {
                i += 1
                break
            }
            if c == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard c == UInt8(ascii: "\""), let (key, keyRange) = string() else { return nil }
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { return nil }
            i += 1
            skipSpace()
            guard let v = value() else { return nil }
            entries.append(IaCEntry(key: key, keySpan: source.span(keyRange), value: v))
            skipSpace()
            if peek() == UInt8(ascii: ",") { i += 1 } else if peek() != UInt8(ascii: "}") { return nil }
        }
        return IaCNode(.map(entries), span: source.span(start..<i))
    }

    private mutating func array() -> IaCNode? {
        let start = i
        i += 1
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { return nil }
        var items: [IaCNode] = []
        while true {
            skipSpace()
            guard let c = peek() else { return nil }
            if c == UInt8(ascii: "]") {
                i += 1
                break
            }
            if c == UInt8(ascii: ",") {
                i += 1
                continue
            }
            guard let v = value() else { return nil }
            items.append(v)
            skipSpace()
            if peek() == UInt8(ascii: ",") { i += 1 } else if peek() != UInt8(ascii: "]") { return nil }
        }
        return IaCNode(.list(items), span: source.span(start..<i))
    }

    /// A string at `i` (on `"`): its decoded text and the byte range inside the quotes.
    private mutating func string() -> (String, Range<Int>)? {
        i += 1
        let start = i
        var out: [UInt8] = []
        while i < end {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let range = start..<i
                i += 1
                return (String(decoding: out, as: UTF8.self), range)
            }
            if c == 0x0A { return nil }
            if c == UInt8(ascii: "\\"), i + 1 < end {
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var scalar = hex4()
                    if let high = scalar, (0xD800..<0xDC00).contains(high), peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u") {
                        i += 2
                        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                            scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        }
                    }
                    let u = scalar.flatMap(Unicode.Scalar.init) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(u)).utf8))
                default: out.append(e)
                }
                continue
            }
            out.append(c)
            i += 1
        }
        return nil
    }

    private mutating func hex4() -> UInt32? {
        guard i + 4 <= end else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let d = Self.hexValue(bytes[i + k]) else { return nil }
            v = v << 4 | d
        }
        i += 4
        return v
    }

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 48...57: UInt32(b - 48)
        case 65...70: UInt32(b - 55)
        case 97...102: UInt32(b - 87)
        default: nil
        }
    }
}
