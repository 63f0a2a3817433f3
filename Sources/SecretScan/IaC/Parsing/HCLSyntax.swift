/// An HCL expression, as far as the checks need to see into it. Offsets are into the file.
struct HCLExpr {
    enum Kind {
        /// A quoted string or heredoc. `text` is decoded when there is no template, else raw.
        case string(text: String, template: Bool, heredoc: Bool)
        case number
        case bool(Bool)
        case null
        /// `var.x`, `aws_kms_key.k.arn`, `data.x.y.json`, `each.value["k"]`: the source text.
        case traversal(String)
        case call(name: String, args: [HCLExpr])
        case object([HCLObjectItem])
        case tuple([HCLExpr])
        /// Operators, conditionals, `for` expressions, anything else computed.
        case other
    }

    var kind: Kind
    var range: Range<Int>
    /// Strings: between the quotes; heredocs: the body. Otherwise the whole expression.
    var content: Range<Int>

    init(_ kind: Kind, range: Range<Int>, content: Range<Int>? = nil) {
        self.kind = kind
        self.range = range
        self.content = content ?? range
    }

    /// A string without interpolation: its text.
    var literalString: String? {
        if case .string(let text, false, _) = kind { return text }
        return nil
    }

    var traversal: String? {
        if case .traversal(let t) = kind { return t }
        return nil
    }

    var isHeredoc: Bool {
        if case .string(_, _, true) = kind { return true }
        return false
    }
}

struct HCLObjectItem {
    var key: String
    var keyRange: Range<Int>
    var value: HCLExpr
}

struct HCLAttribute {
    var name: String
    var nameRange: Range<Int>
    var value: HCLExpr
}

struct HCLBlock {
    var type: String
    var typeRange: Range<Int>
    var labels: [String]
    var labelRanges: [Range<Int>]
    var body: HCLBody

    /// `resource "aws_kms_key" "main"` → the range from the type keyword through the last label.
    var headerRange: Range<Int> {
        typeRange.lowerBound..<(labelRanges.last?.upperBound ?? typeRange.upperBound)
    }
}

struct HCLBody {
    var attributes: [HCLAttribute] = []
    var blocks: [HCLBlock] = []

    func attribute(_ name: String) -> HCLAttribute? {
        attributes.first { $0.name == name }
    }

    func blocks(_ type: String) -> [HCLBlock] {
        blocks.filter { $0.type == type }
    }
}
