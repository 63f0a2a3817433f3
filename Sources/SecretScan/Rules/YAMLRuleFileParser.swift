import Yams

/// Parses kingfisher and Nosey Parker YAML rule files (`rules:` with `name`, `id`, `pattern`,
/// `min_entropy`, `confidence`, `examples`, `negative_examples`, `depends_on_rule`…) into `RuleFile`.
enum YAMLRuleFileParser {
    /// Keys SecretScan uses or knowingly ignores; others are reported as warnings.
    static let knownKeys: Set<String> = [
        "name", "id", "pattern", "min_entropy", "confidence", "examples", "negative_examples", "depends_on_rule",
        "categories", "references", "description", "visible", "validation", "revocation", "pattern_requirements",
        "tls_mode", "prefer_over",
    ]

    static func parse(_ text: String, file: String) throws(RuleError) -> RuleFile {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch let error as YamlError {
            throw .invalidSyntax(
                file: file, line: mark(of: error)?.line ?? 0, column: mark(of: error)?.column ?? 0,
                format: "YAML", message: "\(error)")
        } catch {
            throw .invalidSyntax(file: file, line: 0, column: 0, format: "YAML", message: "\(error)")
        }
        var result = RuleFile()
        guard let rules = root?["rules"]?.sequence else {
            throw .invalidRule(
                file: file, line: root?.mark?.line ?? 1, ruleID: nil,
                message: "a YAML rule file needs a top-level `rules:` list")
        }
        var seen: [String: Int] = [:]
        for node in rules {
            let line = node.mark?.line ?? 0
            guard let m = node.mapping else {
                throw .invalidRule(file: file, line: line, ruleID: nil, message: "each entry of `rules:` must be a mapping")
            }
            let id = node["id"]?.string
            func fail(_ message: String) -> RuleError { .invalidRule(file: file, line: line, ruleID: id, message: message) }
            guard let id, !id.isEmpty else { throw fail("missing `id`") }
            guard let pattern = node["pattern"]?.string, !pattern.isEmpty else { throw fail("missing `pattern`") }
            if let first = seen[id] {
                throw .duplicateRuleID(id: id, file: file, line: line, firstFile: file, firstLine: first)
            }
            seen[id] = line
            var rule = Rule(id: id, origin: RuleOrigin(file: file, line: line))
            rule.description = node["name"]?.string ?? node["description"]?.string ?? ""
            rule.regex = pattern
            rule.entropy = node["min_entropy"]?.float
            if let c = node["confidence"]?.string {
                guard let conf = Confidence(rawValue: c.lowercased()) else { throw fail("`confidence` is '\(c)'; use high, medium or low") }
                rule.confidence = conf
            }
            rule.tags = node["categories"]?.array().compactMap(\.string) ?? []
            rule.examples = node["examples"]?.array().compactMap(\.string).map { RuleExample(text: $0) } ?? []
            rule.negativeExamples = node["negative_examples"]?.array().compactMap(\.string).map { RuleExample(text: $0) } ?? []
            for dep in node["depends_on_rule"]?.array() ?? [] {
                guard let other = dep["rule_id"]?.string else { throw fail("`depends_on_rule` entries need a `rule_id`") }
                // kingfisher uses these to validate credentials together; here they are named when nearby.
                rule.required.append(RuleRequirement(ruleID: other, optional: true))
            }
            for key in ["validation", "revocation"] where node[key] != nil {
                result.warnings.append(
                    "\(file):\(line): rule '\(id)': `\(key)` is skipped: SecretScan never sends secrets over the network")
            }
            if node["pattern_requirements"] != nil {
                result.warnings.append(
                    "\(file):\(line): rule '\(id)': `pattern_requirements` is not supported and is skipped; the rule may report more")
            }
            for (key, _) in m {
                if let k = key.string, !knownKeys.contains(k) {
                    result.warnings.append("\(file):\(line): rule '\(id)': unknown key `\(k)` is ignored")
                }
            }
            result.rules.append(rule)
        }
        return result
    }

    private static func mark(of error: YamlError) -> Mark? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark
        default:
            return nil
        }
    }
}
