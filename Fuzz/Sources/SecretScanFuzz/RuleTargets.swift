@testable import SecretScan

/// Rule files: gitleaks-style TOML and kingfisher / Nosey Parker YAML.
enum RuleTargets {
    static let all = [toml, yaml]

    static let toml = FuzzTarget(
        name: "rules-toml",
        invariant: """
            a TOML rule file parses the same way twice; an error names a line of the file; parsed rules have distinct, \
            non-empty ids and lines inside the file, and each compiles or is refused with a rule error
            """,
        maxLength: 4096
    ) { data in
        check(String(decoding: data, as: UTF8.self)) { (text: String) throws(RuleError) in try RuleFileParser.parse(text, file: "fuzz.toml")
        }
    }

    static let yaml = FuzzTarget(
        name: "rules-yaml",
        invariant: """
            a YAML rule file parses the same way twice; an error names a line of the file; parsed rules have distinct, \
            non-empty ids and lines inside the file, and each compiles or is refused with a rule error
            """,
        maxLength: 4096
    ) { data in
        check(String(decoding: data, as: UTF8.self)) { (text: String) throws(RuleError) in
            try YAMLRuleFileParser.parse(text, file: "fuzz.yaml")
        }
    }

    static func check(_ text: String, _ parse: (String) throws(RuleError) -> RuleFile) {
        // Lines as YAML counts them too: CR, LF and the Unicode breaks each end one (an upper bound).
        let lines = text.unicodeScalars.count { ["\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"].contains($0) } + 1
        let first = Result { () throws(RuleError) -> RuleFile in try parse(text) }
        let second = Result { () throws(RuleError) -> RuleFile in try parse(text) }
        switch (first, second) {
        case (.failure(let e1), .failure(let e2)):
            require(e1 == e2, "two parses fail differently: \(e1) / \(e2)")
            require(errorLine(e1).map { $0 >= 0 && $0 <= lines + 1 } ?? true, "error outside the file's \(lines) lines: \(e1)")
        case (.success(let f1), .success(let f2)):
            require(f1.rules.map(\.id) == f2.rules.map(\.id) && f1.warnings == f2.warnings, "two parses differ")
            let ids = f1.rules.map(\.id)
            require(!ids.contains(""), "a rule without an id")
            require(Set(ids).count == ids.count, "duplicate rule ids \(ids)")
            for rule in f1.rules {
                require(rule.origin.line >= 0 && rule.origin.line <= lines + 1, "rule \(rule.id) at line \(rule.origin.line) of \(lines)")
                do { _ = try CompiledRule(rule) } catch {
                    // Refusing a rule is fine (a rule error names it); anything else is not thrown here.
                }
            }
        default:
            require(false, "one parse failed and the other did not")
        }
    }

    static func errorLine(_ e: RuleError) -> Int? {
        switch e {
        case .invalidTOML(_, let line, _, _), .invalidSyntax(_, let line, _, _, _), .invalidRule(_, let line, _, _),
            .invalidRegex(_, let line, _, _, _, _), .duplicateRuleID(_, _, let line, _, _):
            return line
        case .unreadable, .extendCycle:
            return nil
        }
    }
}
