/// A quick reader for the TOML the built-in rule files are written in, used at every start in place
/// of TOMLKit (whose parse and bridging were most of a pre-commit run's start-up).
///
/// It reads TOML 1.0 documents of tables, arrays of tables, dotted and quoted keys, strings of the
/// four kinds, integers, floats, booleans, arrays and inline tables. Anything else makes it return
/// nil, and the caller reads the text with TOMLKit instead (which gives the error, if it is one):
/// dates, a redefined key, a table reopened by a header or reached by dotted keys it was not made
/// by, a control character in a string, a carriage return, an unknown escape, a number too long or
/// out of range, nesting deeper than 64, malformed input. A test compares its result with TOMLKit's
/// on every built-in file.
enum TOMLReader {
    /// The document's root table; nil when the text uses something this reader leaves to TOMLKit.
    static func read(_ text: String) -> TOMLNodeTable? {
        var copy = text
        return copy.withUTF8 { bytes -> TOMLNodeTable? in
            var cursor = Cursor(b: bytes)
            guard let root = cursor.document() else { return nil }
            return root.frozen()
        }
    }

    /// A table being built: tables are shared and extended as later headers name them. Keys are
    /// searched in order (the built-in files' tables are small).
    private final class Builder {
        enum Entry {
            case value(TOMLNode)
            case table(Builder)
            case tables([Builder])
        }
        /// How the table came to be: only a table made as a header's parent may get a header of its
        /// own later; only a table made by dotted keys may get more dotted keys.
        enum Origin { case implicit, header, dotted }
        var keys: [String] = []
        var entries: [Entry] = []
        var origin: Origin

        init(_ origin: Origin) { self.origin = origin }

        /// Keys compare by their bytes, as toml++ compares them (not by Unicode equivalence).
        func index(of key: String) -> Int? { keys.firstIndex { $0.hasSameBytes(as: key) } }

        func append(_ key: String, _ entry: Entry) {
            keys.append(key)
            entries.append(entry)
        }

        func frozen() -> TOMLNodeTable {
            var table = TOMLNodeTable()
            for (key, entry) in zip(keys, entries) {
                switch entry {
                case .value(let v): table.append(key, v)
                case .table(let t): table.append(key, .table(t.frozen()))
                case .tables(let list): table.append(key, .array(list.map { .table($0.frozen()) }))
                }
            }
            return table
        }

        /// The table a header's dotted key names under this one (the last one of an array of tables),
        /// created when absent; nil when it names a value or a table made by dotted keys.
        func headerChild(_ key: String) -> Builder? {
            guard let k = index(of: key) else {
                let t = Builder(.implicit)
                append(key, .table(t))
                return t
            }
            switch entries[k] {
            case .table(let t) where t.origin != .dotted: return t
            case .tables(let list): return list.last
            default: return nil
            }
        }

        /// The table a dotted key names under this one, created when absent; nil unless it is a table
        /// made by dotted keys.
        func dottedChild(_ key: String) -> Builder? {
            guard let k = index(of: key) else {
                let t = Builder(.dotted)
                append(key, .table(t))
                return t
            }
            if case .table(let t) = entries[k], t.origin == .dotted { return t }
            return nil
        }
    }

    private struct Cursor {
        let b: UnsafeBufferPointer<UInt8>
        var i = 0
        var scratch: [UInt8] = []
        /// Arrays and inline tables open around `i` (bounded: the reader recurses into them).
        var depth = 0

        init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

        var atEnd: Bool { i >= b.count }
        func peek(_ k: Int = 0) -> UInt8 { i + k < b.count ? b[i + k] : 0 }

        mutating func skipSpaces() { while !atEnd && (b[i] == 0x20 || b[i] == 0x09) { i += 1 } }

        /// Spaces, tabs, newlines and comments (between statements and inside arrays).
        mutating func skipBlank() -> Bool {
            while !atEnd {
                switch b[i] {
                case 0x20, 0x09, 0x0A: i += 1
                case 0x23: if !skipComment() { return false }
                default: return true
                }
            }
            return true
        }

        /// A comment up to (not including) its newline; false on a control character in it.
        mutating func skipComment() -> Bool {
            while !atEnd && b[i] != 0x0A {
                if (b[i] < 0x20 && b[i] != 0x09) || b[i] == 0x7F { return false }
                i += 1
            }
            return true
        }

        /// The rest of a statement's line: spaces, an optional comment, then a newline or the end.
        mutating func lineEnd() -> Bool {
            skipSpaces()
            if peek() == 0x23 && !skipComment() { return false }
            if atEnd { return true }
            guard b[i] == 0x0A else { return false }
            i += 1
            return true
        }

        mutating func document() -> Builder? {
            let root = Builder(.header)
            var current = root
            while true {
                guard skipBlank() else { return nil }
                if atEnd { return root }
                if b[i] == UInt8(ascii: "[") {
                    let isArray = peek(1) == UInt8(ascii: "[")
                    i += isArray ? 2 : 1
                    skipSpaces()
                    guard let path = key() else { return nil }
                    skipSpaces()
                    guard peek() == UInt8(ascii: "]"), !isArray || peek(1) == UInt8(ascii: "]") else { return nil }
                    i += isArray ? 2 : 1
                    guard lineEnd() else { return nil }
                    var parent = root
                    for k in path.dropLast() {
                        guard let next = parent.headerChild(k) else { return nil }
                        parent = next
                    }
                    let last = path[path.count - 1]
                    let table = Builder(.header)
                    if let k = parent.index(of: last) {
                        switch parent.entries[k] {
                        case .tables(let list) where isArray: parent.entries[k] = .tables(list + [table])
                        case .table(let t) where !isArray && t.origin == .implicit:
                            t.origin = .header
                            current = t
                            continue
                        default: return nil
                        }
                    } else {
                        parent.append(last, isArray ? .tables([table]) : .table(table))
                    }
                    current = table
                } else {
                    guard assignment(into: current), lineEnd() else { return nil }
                }
            }
        }

        /// `key = value` into `table` (a dotted key creates the tables it passes through).
        mutating func assignment(into table: Builder) -> Bool {
            guard let path = key() else { return false }
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else { return false }
            i += 1
            skipSpaces()
            guard let v = value() else { return false }
            var t = table
            for k in path.dropLast() {
                guard let next = t.dottedChild(k) else { return false }
                t = next
            }
            guard t.index(of: path[path.count - 1]) == nil else { return false }
            t.append(path[path.count - 1], .value(v))
            return true
        }

        /// A bare, quoted or dotted key, as its parts.
        mutating func key() -> [String]? {
            var parts: [String] = []
            while true {
                let c = peek()
                if c == 0x22 {
                    guard let s = basicString() else { return nil }
                    parts.append(s)
                } else if c == 0x27 {
                    guard let s = literalString() else { return nil }
                    parts.append(s)
                } else {
                    let start = i
                    while !atEnd && Cursor.isBare(b[i]) { i += 1 }
                    guard i > start else { return nil }
                    parts.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                }
                skipSpaces()
                guard peek() == UInt8(ascii: ".") else { return parts }
                i += 1
                skipSpaces()
            }
        }

        static func isBare(_ c: UInt8) -> Bool {
            (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F || c == 0x2D
        }

        mutating func value() -> TOMLNode? {
            switch peek() {
            case 0x22:
                if peek(1) == 0x22 && peek(2) == 0x22 { return multiLine(quote: 0x22).map { .string($0) } }
                return basicString().map { .string($0) }
            case 0x27:
                if peek(1) == 0x27 && peek(2) == 0x27 { return multiLine(quote: 0x27).map { .string($0) } }
                return literalString().map { .string($0) }
            case UInt8(ascii: "["): return array()
            case UInt8(ascii: "{"): return inlineTable()
            default: return scalar()
            }
        }

        mutating func array() -> TOMLNode? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { return nil }
            i += 1
            var items: [TOMLNode] = []
            while true {
                guard skipBlank(), !atEnd else { return nil }
                if b[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                guard let v = value() else { return nil }
                items.append(v)
                guard skipBlank(), !atEnd else { return nil }
                if b[i] == UInt8(ascii: ",") {
                    i += 1
                } else if b[i] != UInt8(ascii: "]") {
                    return nil
                }
            }
        }

        mutating func inlineTable() -> TOMLNode? {
            depth += 1
            defer { depth -= 1 }
            guard depth <= 64 else { return nil }
            i += 1
            let table = Builder(.dotted)
            skipSpaces()
            if peek() == UInt8(ascii: "}") {
                i += 1
                return .table(table.frozen())
            }
            while true {
                skipSpaces()
                guard assignment(into: table) else { return nil }
                skipSpaces()
                switch peek() {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "}"):
                    i += 1
                    return .table(table.frozen())
                default: return nil
                }
            }
        }

        /// A boolean, integer or float; nil for dates, times and anything malformed.
        mutating func scalar() -> TOMLNode? {
            let start = i
            while !atEnd {
                let c = b[i]
                guard Cursor.isBare(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") else { break }
                i += 1
            }
            // (toml++ refuses numbers of more than 128 characters.)
            guard i > start, i - start <= 128 else { return nil }
            let token = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            switch token {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            case "inf", "+inf": return .float(.infinity)
            case "-inf": return .float(-.infinity)
            case "nan", "+nan", "-nan": return .float(.nan)
            default: break
            }
            let digits = String(token.filter { $0 != "_" })
            let unsigned = digits.first == "+" || digits.first == "-" ? String(digits.dropFirst()) : digits
            let negative = digits.first == "-"
            // An underscore must sit between two digits (hexadecimal ones after 0x).
            let hex = unsigned.hasPrefix("0x")
            let bytes = Array(token.utf8)
            for (k, c) in bytes.enumerated() where c == UInt8(ascii: "_") {
                guard k > 0, k + 1 < bytes.count else { return nil }
                let around = [bytes[k - 1], bytes[k + 1]]
                guard around.allSatisfy({ hex ? Cursor.isHexDigit($0) : ($0 >= 0x30 && $0 <= 0x39) }) else { return nil }
            }
            for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] where unsigned.hasPrefix(prefix) {
                let body = unsigned.dropFirst(2)
                guard digits == unsigned, let f = body.first, f != "+", f != "-", let n = Int(body, radix: radix) else {
                    return nil
                }
                return .integer(n)
            }
            guard let first = unsigned.first, first.isASCII, first.isNumber else { return nil }
            if unsigned.count > 1 && first == "0" && unsigned.dropFirst().first?.isNumber == true { return nil }
            if unsigned.allSatisfy({ $0.isASCII && $0.isNumber }) {
                guard let n = Int(digits) else { return nil }
                return .integer(n)
            }
            // A float: digits, then a fraction, an exponent or both (a '-' elsewhere is a date).
            var seenDot = false
            var seenExponent = false
            var previous: Character = " "
            for c in unsigned {
                if c == "." {
                    guard !seenDot, !seenExponent, previous.isNumber else { return nil }
                    seenDot = true
                } else if c == "e" || c == "E" {
                    guard !seenExponent, previous.isNumber else { return nil }
                    seenExponent = true
                } else if c == "+" || c == "-" {
                    guard previous == "e" || previous == "E" else { return nil }
                } else if !(c.isASCII && c.isNumber) {
                    return nil
                }
                previous = c
            }
            guard previous.isNumber, let d = Double(unsigned), d.isFinite else { return nil }
            return .float(negative ? -d : d)
        }

        static func isControl(_ c: UInt8) -> Bool { (c < 0x20 && c != 0x09) || c == 0x7F }

        /// `'…'`: no escapes, no newline.
        mutating func literalString() -> String? {
            i += 1
            let start = i
            while !atEnd && b[i] != 0x27 {
                if Cursor.isControl(b[i]) { return nil }
                i += 1
            }
            guard !atEnd else { return nil }
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
            i += 1
            return s
        }

        /// `"…"`, with escapes.
        mutating func basicString() -> String? {
            i += 1
            let start = i
            // The common case: no escape, so the bytes are the string.
            while !atEnd && b[i] != 0x22 && b[i] != 0x5C {
                if Cursor.isControl(b[i]) { return nil }
                i += 1
            }
            guard !atEnd else { return nil }
            if b[i] == 0x22 {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: b[start..<i]))
            while !atEnd {
                let c = b[i]
                if c == 0x22 {
                    i += 1
                    return String(decoding: scratch, as: UTF8.self)
                }
                if c == 0x5C {
                    guard escape() else { return nil }
                    continue
                }
                if Cursor.isControl(c) { return nil }
                scratch.append(c)
                i += 1
            }
            return nil
        }

        /// One escape at `i` (a backslash) appended to `scratch`.
        mutating func escape() -> Bool {
            let e = peek(1)
            i += 2
            switch e {
            case UInt8(ascii: "b"): scratch.append(0x08)
            case UInt8(ascii: "t"): scratch.append(0x09)
            case UInt8(ascii: "n"): scratch.append(0x0A)
            case UInt8(ascii: "f"): scratch.append(0x0C)
            case UInt8(ascii: "r"): scratch.append(0x0D)
            case 0x22: scratch.append(0x22)
            case 0x5C: scratch.append(0x5C)
            case UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = e == UInt8(ascii: "u") ? 4 : 8
                guard i + count <= b.count else { return false }
                var v: UInt32 = 0
                for k in 0..<count {
                    guard let d = Cursor.hexValue(b[i + k]) else { return false }
                    v = v << 4 | d
                }
                i += count
                guard let scalar = Unicode.Scalar(v) else { return false }
                scratch.append(contentsOf: Array(String(Character(scalar)).utf8))
            default: return false
            }
            return true
        }

        static func isHexDigit(_ c: UInt8) -> Bool { hexValue(c) != nil }

        static func hexValue(_ c: UInt8) -> UInt32? {
            switch c {
            case 0x30...0x39: UInt32(c - 0x30)
            case 0x41...0x46: UInt32(c - 0x41 + 10)
            case 0x61...0x66: UInt32(c - 0x61 + 10)
            default: nil
            }
        }

        /// `"""…"""` (with escapes and line-ending backslashes) or `'''…'''`. A newline right after
        /// the opening quotes is dropped; up to two quotes may end the content before the closing three.
        mutating func multiLine(quote q: UInt8) -> String? {
            i += 3
            if peek() == 0x0A { i += 1 }
            // The common case: no escape before the closing quotes, so the bytes are the string.
            var k = i
            while k < b.count && b[k] != 0x5C && !(b[k] == q && k + 2 < b.count && b[k + 1] == q && b[k + 2] == q) {
                if b[k] != 0x0A && Cursor.isControl(b[k]) { return nil }
                k += 1
            }
            if k < b.count && b[k] == q {
                var run = 3
                while run < 5 && k + run < b.count && b[k + run] == q { run += 1 }
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[i..<(k + run - 3)]), as: UTF8.self)
                i = k + run
                return s
            }
            scratch.removeAll(keepingCapacity: true)
            while !atEnd {
                let c = b[i]
                if c == q && peek(1) == q && peek(2) == q {
                    var run = 3
                    while run < 5 && peek(run) == q { run += 1 }
                    for _ in 0..<(run - 3) { scratch.append(q) }
                    i += run
                    return String(decoding: scratch, as: UTF8.self)
                }
                if c == 0x5C && q == 0x22 {
                    // A backslash ending a line trims the newline and the whitespace after it.
                    var k = i + 1
                    while k < b.count && (b[k] == 0x20 || b[k] == 0x09) { k += 1 }
                    if k < b.count && b[k] == 0x0A {
                        i = k
                        while !atEnd && (b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A) { i += 1 }
                        continue
                    }
                    guard escape() else { return nil }
                    continue
                }
                if c != 0x0A && Cursor.isControl(c) { return nil }
                scratch.append(c)
                i += 1
            }
            return nil
        }
    }
}
