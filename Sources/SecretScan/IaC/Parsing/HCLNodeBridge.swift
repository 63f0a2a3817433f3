/// Turns HCL expressions into `IaCNode`s, so the checks shared with CloudFormation and JSON
/// (ECS container definitions, IAM policies, secret payloads) read Terraform the same way.
enum HCLNodeBridge {
    /// Functions whose single argument is the value that matters (`jsonencode({...})`).
    static let transparentCalls: Set<String> = ["jsonencode", "yamlencode", "tomap", "tolist", "toset", "sensitive"]

    static func node(_ e: HCLExpr, _ source: IaCSource, depth: Int = 0) -> IaCNode {
        let span = source.span(e.content)
        guard depth < HCLParser.maxDepth else { return IaCNode(.scalar(.expression, ""), span: span) }
        switch e.kind {
        case .string(let text, let template, _):
            return IaCNode(.scalar(template ? .expression : .string, text), span: span)
        case .number:
            return IaCNode(.scalar(.number, source.text(e.range)), span: span)
        case .bool(let v):
            return IaCNode(.scalar(.bool, v ? "true" : "false"), span: span)
        case .null:
            return IaCNode(.scalar(.null, "null"), span: span)
        case .traversal(let t):
            return IaCNode(.scalar(.expression, t), span: span)
        case .call(let name, let args):
            if transparentCalls.contains(name), args.count == 1 { return node(args[0], source, depth: depth + 1) }
            return IaCNode(.scalar(.expression, expressionText(e, source)), span: span)
        case .object(let items):
            return IaCNode(
                .map(
                    items.map {
                        IaCEntry(key: $0.key, keySpan: source.span($0.keyRange), value: node($0.value, source, depth: depth + 1))
                    }), span: span)
        case .tuple(let items):
            return IaCNode(.list(items.map { node($0, source, depth: depth + 1) }), span: span)
        case .other:
            return IaCNode(.scalar(.expression, expressionText(e, source)), span: span)
        }
    }

    /// The source text of an expression, capped so a huge one costs little.
    static func expressionText(_ e: HCLExpr, _ source: IaCSource) -> String {
        source.text(e.range.lowerBound..<min(e.range.upperBound, e.range.lowerBound + 4096))
    }

    /// A JSON document held in an HCL value: `jsonencode(...)`, a heredoc (parsed in place, so
    /// positions are exact) or a quoted string (positions are those of the string).
    static func jsonDocument(_ e: HCLExpr, _ source: IaCSource) -> IaCNode? {
        switch e.kind {
        case .call(let name, let args) where transparentCalls.contains(name) && args.count == 1:
            return node(args[0], source)
        case .string(_, _, true):
            return JSONTreeReader.parse(source, range: e.content)
        case .string(let text, false, false):
            return JSONTreeReader.parse(text: text, at: source.span(e.content))
        default:
            return nil
        }
    }
}
