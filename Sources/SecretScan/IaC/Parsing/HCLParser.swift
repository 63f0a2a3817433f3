/// A tolerant reader of HCL bodies (blocks and attributes) and expressions. It recovers from what
/// it does not understand by skipping to the end of the line, so one odd construct costs one
/// attribute, not the file; nesting beyond `maxDepth` is skipped whole.
struct HCLParser {
    static let maxDepth = 64

    private let b: [UInt8]
    private let toks: [HCLToken]
    private var p = 0
    /// Per open bracket: whether newlines are insignificant (inside `(…)` and `[…]`).
    private var newlinesIgnored: [Bool] = [false]

    private static let lbrace = HCLToken.op("{"), rbrace = HCLToken.op("}")
    private static let lbrack = HCLToken.op("["), rbrack = HCLToken.op("]")
    private static let lparen = HCLToken.op("("), rparen = HCLToken.op(")")
    private static let equals = HCLToken.op("="), colon = HCLToken.op(":"), comma = HCLToken.op(",")
    private static let dot = HCLToken.op("."), question = HCLToken.op("?"), ellipsis = HCLToken.op("...")
    private static let star = HCLToken.op("*"), minus = HCLToken.op("-"), bang = HCLToken.op("!")
    private static let binary: Set<UInt32> = [
        HCLToken.op("=="), HCLToken.op("!="), HCLToken.op("<"), HCLToken.op(">"), HCLToken.op("<="), HCLToken.op(">="),
        HCLToken.op("&&"), HCLToken.op("||"), HCLToken.op("+"), HCLToken.op("-"), HCLToken.op("*"), HCLToken.op("/"),
        HCLToken.op("%"),
    ]

    private init(_ bytes: [UInt8]) {
        b = bytes
        toks = HCLLexer.tokenize(bytes)
    }

    /// The top-level body of a Terraform file.
    static func parse(_ bytes: [UInt8]) -> HCLBody {
        var parser = HCLParser(bytes)
        return parser.body(depth: 0, inBlock: false)
    }

    // MARK: Tokens

    private func tok(_ k: Int) -> HCLToken { toks[max(0, min(k, toks.count - 1))] }
    private var current: HCLToken { tok(p) }

    private func text(_ r: Range<Int>) -> String {
        String(decoding: b[min(r.lowerBound, b.count)..<min(r.upperBound, b.count)], as: UTF8.self)
    }

    private func isPunct(_ t: HCLToken, _ op: UInt32) -> Bool { t.kind == .punct && t.op == op }

    private mutating func advance() {
        if p < toks.count - 1 { p += 1 }
    }

    /// The next token, skipping newlines where they do not matter.
    private mutating func peek() -> HCLToken {
        if newlinesIgnored.last == true {
            while current.kind == .newline { advance() }
        }
        return current
    }

    private mutating func skipNewlines() {
        while current.kind == .newline { advance() }
    }

    /// From an opening bracket at `open`, moves past its matching close (or to the end).
    private mutating func skipBalanced(from open: Int) {
        p = open
        var level = 0
        repeat {
            let t = current
            if t.kind == .eof { return }
            if t.kind == .punct {
                if t.op == Self.lbrace || t.op == Self.lbrack || t.op == Self.lparen { level += 1 }
                if t.op == Self.rbrace || t.op == Self.rbrack || t.op == Self.rparen { level -= 1 }
            }
            advance()
        } while level > 0
    }

    /// After an unclosed `(` or `[` at `open`: a `}` (or end of input) here belongs to an enclosing
    /// block and is left alone; anything else is skipped to the bracket's match.
    private mutating func recover(from open: Int) {
        if current.kind == .eof || isPunct(current, Self.rbrace) { return }
        skipBalanced(from: open)
    }

    /// Skips to the end of the line (brackets balanced); stops before a `}` that closes the block.
    private mutating func skipLine() {
        var level = 0
        while true {
            let t = current
            if t.kind == .eof { return }
            if t.kind == .newline && level == 0 { return }
            if t.kind == .punct {
                if t.op == Self.lbrace || t.op == Self.lbrack || t.op == Self.lparen { level += 1 }
                if t.op == Self.rbrace || t.op == Self.rbrack || t.op == Self.rparen {
                    if level == 0 { return }
                    level -= 1
                }
            }
            advance()
        }
    }

    // MARK: Bodies

    private mutating func body(depth: Int, inBlock: Bool) -> HCLBody {
        var result = HCLBody()
        while true {
            let t = current
            let before = p
            switch t.kind {
            case .eof:
                return result
            case .newline:
                advance()
            case .punct where t.op == Self.rbrace:
                advance()
                if inBlock { return result }
            case .ident:
                let next = tok(p + 1)
                if isPunct(next, Self.equals) {
                    p += 2
                    newlinesIgnored.append(false)
                    let value = expression(depth: depth + 1)
                    newlinesIgnored.removeLast()
                    result.attributes.append(HCLAttribute(name: text(t.range), nameRange: t.range, value: value))
                    skipLine()
                } else {
                    var labels: [String] = []
                    var labelRanges: [Range<Int>] = []
                    var q = p + 1
                    while tok(q).kind == .ident || tok(q).kind == .string {
                        let l = tok(q)
                        labels.append(text(l.content))
                        labelRanges.append(l.content)
                        q += 1
                    }
                    if isPunct(tok(q), Self.lbrace) {
                        if depth >= Self.maxDepth {
                            skipBalanced(from: q)
                        } else {
                            p = q + 1
                            let inner = body(depth: depth + 1, inBlock: true)
                            result.blocks.append(
                                HCLBlock(
                                    type: text(t.range), typeRange: t.range, labels: labels,
                                    labelRanges: labelRanges, body: inner))
                        }
                    } else {
                        p = q
                        skipLine()
                    }
                }
            default:
                skipLine()
            }
            if p == before { advance() }
        }
    }

    // MARK: Expressions

    private mutating func expression(depth: Int) -> HCLExpr {
        let start = peek().range.lowerBound
        guard depth < Self.maxDepth else { return skipExpression() }
        var lhs = unary(depth: depth)
        while true {
            let t = peek()
            guard t.kind == .punct else { break }
            if Self.binary.contains(t.op) {
                advance()
                let rhs = unary(depth: depth + 1)
                lhs = HCLExpr(.other, range: start..<max(start, rhs.range.upperBound))
            } else if t.op == Self.question {
                advance()
                _ = expression(depth: depth + 1)
                if isPunct(peek(), Self.colon) { advance() }
                let otherwise = expression(depth: depth + 1)
                lhs = HCLExpr(.other, range: start..<max(start, otherwise.range.upperBound))
            } else {
                break
            }
        }
        return lhs
    }

    /// Past the nesting limit: skip one expression's worth of tokens.
    private mutating func skipExpression() -> HCLExpr {
        let start = current.range.lowerBound
        let t = peek()
        if t.kind == .punct, t.op == Self.lbrace || t.op == Self.lbrack || t.op == Self.lparen {
            skipBalanced(from: p)
        } else if t.kind != .eof && t.kind != .newline {
            advance()
        }
        return HCLExpr(.other, range: start..<max(start, tok(p - 1).range.upperBound))
    }

    private mutating func unary(depth: Int) -> HCLExpr {
        let t = peek()
        if isPunct(t, Self.minus) || isPunct(t, Self.bang) {
            advance()
            let operand = unary(depth: depth + 1)
            return HCLExpr(.other, range: t.range.lowerBound..<max(t.range.lowerBound, operand.range.upperBound))
        }
        var e = primary(depth: depth)
        // Attribute access or indexing after something that is not a plain traversal.
        while true {
            let n = current
            if isPunct(n, Self.dot), [.ident, .number].contains(tok(p + 1).kind) || isPunct(tok(p + 1), Self.star) {
                p += 2
                e = HCLExpr(.other, range: e.range.lowerBound..<tok(p - 1).range.upperBound)
            } else if isPunct(n, Self.lbrack), depth < Self.maxDepth {
                let open = p
                skipBalanced(from: open)
                e = HCLExpr(.other, range: e.range.lowerBound..<tok(p - 1).range.upperBound)
            } else {
                break
            }
        }
        return e
    }

    private mutating func primary(depth: Int) -> HCLExpr {
        let t = peek()
        switch t.kind {
        case .string:
            advance()
            let raw = text(t.content)
            let value = t.hasTemplate ? raw : Self.unescape(raw)
            return HCLExpr(.string(text: value, template: t.hasTemplate, heredoc: false), range: t.range, content: t.content)
        case .heredoc:
            advance()
            let raw = text(t.content)
            let value = t.hasTemplate ? raw : raw.replacingOccurrences(of: "$${", with: "${").replacingOccurrences(of: "%%{", with: "%{")
            return HCLExpr(.string(text: value, template: t.hasTemplate, heredoc: true), range: t.range, content: t.content)
        case .number:
            advance()
            return HCLExpr(.number, range: t.range)
        case .ident:
            advance()
            let name = text(t.range)
            switch name {
            case "true": return HCLExpr(.bool(true), range: t.range)
            case "false": return HCLExpr(.bool(false), range: t.range)
            case "null": return HCLExpr(.null, range: t.range)
            default: break
            }
            if isPunct(current, Self.lparen) { return call(name: name, start: t.range.lowerBound, depth: depth) }
            var end = t.range.upperBound
            while true {
                let n = current
                if isPunct(n, Self.dot), [.ident, .number].contains(tok(p + 1).kind) || isPunct(tok(p + 1), Self.star) {
                    p += 2
                    end = tok(p - 1).range.upperBound
                } else if isPunct(n, Self.lbrack) {
                    skipBalanced(from: p)
                    end = tok(p - 1).range.upperBound
                } else {
                    break
                }
            }
            let range = t.range.lowerBound..<end
            return HCLExpr(.traversal(text(range)), range: range)
        case .punct where t.op == Self.lbrace:
            return object(depth: depth)
        case .punct where t.op == Self.lbrack:
            return tuple(depth: depth)
        case .punct where t.op == Self.lparen:
            let open = p
            advance()
            newlinesIgnored.append(true)
            _ = expression(depth: depth + 1)
            if isPunct(peek(), Self.rparen) {
                advance()
            } else {
                skipBalanced(from: open)
            }
            newlinesIgnored.removeLast()
            return HCLExpr(.other, range: t.range.lowerBound..<tok(p - 1).range.upperBound)
        case .punct where [Self.rbrace, Self.rbrack, Self.rparen, Self.comma, Self.colon, Self.equals].contains(t.op):
            return HCLExpr(.other, range: t.range.lowerBound..<t.range.lowerBound)
        case .punct:
            advance()
            return HCLExpr(.other, range: t.range)
        case .newline, .eof:
            return HCLExpr(.other, range: t.range.lowerBound..<t.range.lowerBound)
        }
    }

    private mutating func call(name: String, start: Int, depth: Int) -> HCLExpr {
        let open = p
        advance()  // (
        newlinesIgnored.append(true)
        defer { newlinesIgnored.removeLast() }
        var args: [HCLExpr] = []
        while true {
            let t = peek()
            if t.kind == .eof { break }
            if isPunct(t, Self.rparen) {
                advance()
                break
            }
            let before = p
            args.append(expression(depth: depth + 1))
            let n = peek()
            if isPunct(n, Self.comma) || isPunct(n, Self.ellipsis) {
                advance()
            } else if !isPunct(n, Self.rparen) {
                recover(from: open)
                break
            }
            if p == before { advance() }
        }
        return HCLExpr(.call(name: name, args: args), range: start..<tok(p - 1).range.upperBound)
    }

    private mutating func object(depth: Int) -> HCLExpr {
        let open = p
        let start = current.range.lowerBound
        advance()  // {
        newlinesIgnored.append(false)
        defer { newlinesIgnored.removeLast() }
        skipNewlines()
        if current.kind == .ident, text(current.range) == "for" {
            skipBalanced(from: open)
            return HCLExpr(.other, range: start..<tok(p - 1).range.upperBound)
        }
        var items: [HCLObjectItem] = []
        while true {
            skipNewlines()
            let t = current
            if t.kind == .eof { break }
            if isPunct(t, Self.rbrace) {
                advance()
                break
            }
            if isPunct(t, Self.comma) {
                advance()
                continue
            }
            let before = p
            let key: String
            let keyRange: Range<Int>
            let next = tok(p + 1)
            if t.kind == .ident, isPunct(next, Self.equals) || isPunct(next, Self.colon) {
                key = text(t.range)
                keyRange = t.range
                advance()
            } else {
                let k = expression(depth: depth + 1)
                if case .string(let s, _, _) = k.kind { key = s } else { key = text(k.range) }
                keyRange = k.content
            }
            if isPunct(current, Self.equals) || isPunct(current, Self.colon) {
                advance()
                let value = expression(depth: depth + 1)
                items.append(HCLObjectItem(key: key, keyRange: keyRange, value: value))
            } else {
                skipLine()
            }
            if isPunct(current, Self.comma) { advance() }
            if p == before { advance() }
        }
        return HCLExpr(.object(items), range: start..<tok(p - 1).range.upperBound)
    }

    private mutating func tuple(depth: Int) -> HCLExpr {
        let open = p
        let start = current.range.lowerBound
        advance()  // [
        newlinesIgnored.append(true)
        defer { newlinesIgnored.removeLast() }
        if peek().kind == .ident, text(current.range) == "for" {
            skipBalanced(from: open)
            return HCLExpr(.other, range: start..<tok(p - 1).range.upperBound)
        }
        var items: [HCLExpr] = []
        while true {
            let t = peek()
            if t.kind == .eof { break }
            if isPunct(t, Self.rbrack) {
                advance()
                break
            }
            if isPunct(t, Self.comma) {
                advance()
                continue
            }
            let before = p
            items.append(expression(depth: depth + 1))
            let n = peek()
            if isPunct(n, Self.comma) {
                advance()
            } else if !isPunct(n, Self.rbrack) {
                recover(from: open)
                break
            }
            if p == before { advance() }
        }
        return HCLExpr(.tuple(items), range: start..<tok(p - 1).range.upperBound)
    }
}
