/// AWS CDK apps in TypeScript/JavaScript and Python, read at the token level:
/// `SecretValue.unsafePlainText("…")` (and `plainText`, `unsafe_plain_text`, `plain_text`) with a
/// string literal, and `StringParameter(…)` with a literal `stringValue`/`string_value` when its
/// construct id or `parameterName` is secret-ish.
enum CDKChecks {
    static let plainTextMethods: Set<String> = ["unsafePlainText", "plainText", "unsafe_plain_text", "plain_text"]

    static func run(python: Bool, report: inout IaCReport) {
        let source = report.source
        let toks = CodeLexer.tokenize(source.bytes, python: python)
        func text(_ t: CodeToken) -> String { source.text(t.range) }
        func isPunct(_ k: Int, _ c: Character) -> Bool {
            k < toks.count && toks[k].kind == .punct && source.bytes[toks[k].range.lowerBound] == c.asciiValue
        }
        var k = 0
        while k < toks.count {
            defer { k += 1 }
            guard toks[k].kind == .ident else { continue }
            let word = text(toks[k])
            if word == "SecretValue", isPunct(k + 1, "."), k + 4 < toks.count, toks[k + 2].kind == .ident,
                plainTextMethods.contains(text(toks[k + 2])), isPunct(k + 3, "("), toks[k + 4].kind == .string
            {
                let method = text(toks[k + 2])
                let arg = toks[k + 4]
                guard let secret = literal(arg, source) else { continue }
                report.add(
                    .cdkSecretValuePlainText, at: source.span(arg.content), secret: secret, resource: "SecretValue.\(method)",
                    explanation: "`SecretValue.\(method)` is given a literal; the secret ends up in the code and the template.",
                    detail: method)
            } else if word == "StringParameter", isPunct(k + 1, "(") {
                stringParameter(toks, open: k + 1, source: source, report: &report)
            } else if isPunct(k + 1, "("), k > 0, isPunct(k - 1, ".") || text(toks[k - 1]) == "new" {
                CDKIdentityChecks.construct(word, toks, at: k, source: source, report: &report)
            }
        }
    }

    /// The text of a string token when it is a literal that could be a secret.
    private static func literal(_ t: CodeToken, _ source: IaCSource) -> String? {
        guard !t.interpolated else { return nil }
        let value = source.text(t.content)
        return LiteralValue.isSecretLiteral(value, name: nil) ? value : nil
    }

    private static func stringParameter(_ toks: [CodeToken], open: Int, source: IaCSource, report: inout IaCReport) {
        func byte(_ k: Int) -> UInt8 { source.bytes[toks[k].range.lowerBound] }
        var level = 0
        var k = open
        var constructID: String?
        var parameterName: String?
        var value: CodeToken?
        var previousWasComma = false
        while k < toks.count {
            let t = toks[k]
            if t.kind == .punct {
                let c = byte(k)
                if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") { level += 1 }
                if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                    level -= 1
                    if level == 0 { break }
                }
                previousWasComma = c == UInt8(ascii: ",") && level == 1
                k += 1
                continue
            }
            if t.kind == .string, level == 1, previousWasComma, constructID == nil {
                constructID = source.text(t.content)
            }
            if t.kind == .ident, k + 2 < toks.count, toks[k + 1].kind == .punct,
                byte(k + 1) == UInt8(ascii: ":") || byte(k + 1) == UInt8(ascii: "="), toks[k + 2].kind == .string
            {
                switch source.text(t.range) {
                case "stringValue", "string_value": value = toks[k + 2]
                case "parameterName", "parameter_name": parameterName = source.text(toks[k + 2].content)
                default: break
                }
            }
            previousWasComma = false
            k += 1
        }
        guard let value, let secret = literal(value, source) else { return }
        let names = [constructID, parameterName.map(SecretName.lastPathSegment)].compactMap { $0 }
        guard names.contains(where: { SecretName.classify($0) == .secret }) else { return }
        let resource = parameterName ?? constructID ?? "StringParameter"
        report.add(
            .cdkStringParameterLiteral, at: source.span(value.content), secret: secret, resource: resource,
            explanation: "StringParameter `\(resource)` is given a literal `stringValue`.", detail: "stringValue")
    }
}
