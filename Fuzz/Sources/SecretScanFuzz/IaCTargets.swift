import Foundation

@testable import SecretScan

/// The readers behind the infrastructure-code checks (HCL, YAML, JSON), and the checks on top.
enum IaCTargets {
    static let all = [hcl, yaml, json]

    static let hcl = FuzzTarget(
        name: "hcl",
        invariant: """
            HCL tokens are in order, inside the file, with their content inside them, ending in one end-of-file token; every \
            parsed attribute, block and expression range lies inside the file; Terraform findings point at lines of the file
            """,
        maxLength: 4096
    ) { data in
        let bytes = Array(data)
        let tokens = HCLLexer.tokenize(bytes)
        var previous = 0
        for (k, t) in tokens.enumerated() {
            require(t.range.lowerBound >= previous && t.range.upperBound <= bytes.count, "token \(k) \(t.range) out of order or range")
            require(t.content.lowerBound >= t.range.lowerBound && t.content.upperBound <= t.range.upperBound, "token content outside token")
            require((t.kind == .eof) == (k == tokens.count - 1), "end-of-file token not last, or missing")
            previous = t.range.lowerBound
        }
        let source = IaCSource(bytes)
        checkBody(HCLParser.parse(bytes), source: source, depth: 0)
        checkFindings(IaCScanner().scan(data, path: "main.tf"), source: source)
    }

    static let yaml = FuzzTarget(
        name: "yaml",
        invariant: """
            every YAML node's span lies inside the file, and no more nodes are built than the reader's budget; findings of the \
            CloudFormation, Kubernetes, Compose, GitHub Actions and GitLab CI checks point at lines of the file
            """,
        maxLength: 4096
    ) { data in
        let source = IaCSource(Array(data))
        // Found by this target and fixed: libyaml also ends a line at a lone CR, NEL, LS or PS, and
        // positions after one were off by a line each (the reader now maps libyaml's lines to LF lines).
        var nodes = 0
        for doc in YAMLTreeReader.documents(source) {
            checkNode(doc, source: source, count: &nodes)
        }
        require(nodes <= YAMLTreeReader.maxNodes + 1000, "\(nodes) nodes built, over the budget")
        let scanner = IaCScanner()
        for path in ["template.yaml", "k8s/deployment.yaml", "docker-compose.yml", ".github/workflows/ci.yml", ".gitlab-ci.yml"] {
            let findings = scanner.scan(data, path: path)
            checkFindings(findings, source: source)
        }
    }

    static let json = FuzzTarget(
        name: "json",
        invariant: """
            every JSON node's span lies inside the file; a document Foundation's strict parser accepts (within the nesting \
            limit) is read with the same shape, keys and strings; findings of the JSON checks point at lines of the file
            """,
        maxLength: 4096
    ) { data in
        let source = IaCSource(Array(data))
        let node = JSONTreeReader.parse(source)
        var nodes = 0
        if let node { checkNode(node, source: source, count: &nodes) }
        // Foundation guesses UTF-16 or UTF-32 from NUL bytes and byte-order marks; the reader takes UTF-8 only.
        let utf8Only = !data.contains(0) && !(data.first.map { [0xEF, 0xFE, 0xFF].contains($0) } ?? false)
        if utf8Only, let strict = try? JSONSerialization.jsonObject(with: Data(data), options: [.fragmentsAllowed]),
            depth(strict) < 100
        {
            require(node != nil, "a document JSONSerialization reads was refused")
            require(sameShape(node!, strict), "the reader's tree differs from JSONSerialization's")
        }
        let scanner = IaCScanner()
        for path in ["template.json", "task-definition.json"] { checkFindings(scanner.scan(data, path: path), source: source) }
    }

    // MARK: checks

    static func checkSpan(_ s: IaCSpan, source: IaCSource, _ what: @autoclosure () -> String) {
        require(s.line >= 1 && s.line <= source.lineCount && s.endLine >= s.line && s.endLine <= source.lineCount, "\(what()) span \(s)")
        require(s.column >= 1 && s.endColumn >= 1, "\(what()) column \(s)")
    }

    static func checkRange(_ r: Range<Int>, _ bytes: Int, _ what: String) {
        require(r.lowerBound >= 0 && r.upperBound <= bytes, "\(what) range \(r) outside 0..<\(bytes)")
    }

    static func checkBody(_ body: HCLBody, source: IaCSource, depth: Int) {
        let n = source.bytes.count
        require(depth <= HCLParser.maxDepth + 1, "blocks nested \(depth) deep")
        for a in body.attributes {
            checkRange(a.nameRange, n, "attribute name")
            checkExpr(a.value, source: source)
            checkNodeSpans(HCLNodeBridge.node(a.value, source), source: source)
        }
        for b in body.blocks {
            checkRange(b.typeRange, n, "block type")
            for r in b.labelRanges { checkRange(r, n, "block label") }
            checkBody(b.body, source: source, depth: depth + 1)
        }
    }

    static func checkExpr(_ e: HCLExpr, source: IaCSource) {
        checkRange(e.range, source.bytes.count, "expression")
        checkRange(e.content, source.bytes.count, "expression content")
        switch e.kind {
        case .call(_, let args): for a in args { checkExpr(a, source: source) }
        case .tuple(let items): for i in items { checkExpr(i, source: source) }
        case .object(let items):
            for i in items {
                checkRange(i.keyRange, source.bytes.count, "object key")
                checkExpr(i.value, source: source)
            }
        default: break
        }
    }

    static func checkNodeSpans(_ node: IaCNode, source: IaCSource) {
        var count = 0
        checkNode(node, source: source, count: &count)
    }

    static func checkNode(_ node: IaCNode, source: IaCSource, count: inout Int) {
        count += 1
        checkSpan(node.span, source: source, "node")
        switch node.value {
        case .map(let entries):
            for e in entries {
                checkSpan(e.keySpan, source: source, "key '\(e.key)'")
                checkNode(e.value, source: source, count: &count)
            }
        case .list(let items): for i in items { checkNode(i, source: source, count: &count) }
        case .scalar: break
        }
    }

    static func checkFindings(_ findings: [Finding], source: IaCSource) {
        for f in findings {
            let l = f.location
            require(l.line >= 1 && l.line <= l.endLine && l.endLine <= source.lineCount, "finding \(f.ruleID) at \(l)")
            require(l.column >= 1 && l.endColumn >= 1, "finding \(f.ruleID) columns \(l)")
        }
    }

    // MARK: JSON differential

    static func depth(_ v: Any) -> Int {
        if let a = v as? [Any] { return 1 + (a.map(depth).max() ?? 0) }
        if let d = v as? [String: Any] { return 1 + (d.values.map(depth).max() ?? 0) }
        return 0
    }

    /// Maps with the same keys (the reader keeps duplicates; JSONSerialization keeps one of
    /// them), lists of the same length, strings with the same text.
    static func sameShape(_ node: IaCNode, _ v: Any) -> Bool {
        switch node.value {
        case .map(let entries):
            guard let d = v as? [String: Any], Set(entries.map(\.key)) == Set(d.keys) else { return false }
            if Set(entries.map(\.key)).count != entries.count { return true }
            return entries.allSatisfy { e in sameShape(e.value, d[e.key]!) }
        case .list(let items):
            guard let a = v as? [Any], a.count == items.count else { return false }
            return zip(items, a).allSatisfy { sameShape($0, $1) }
        case .scalar(let kind, let text):
            switch kind {
            case .string: return (v as? String) == text
            case .null: return v is NSNull
            case .bool, .number: return v is NSNumber
            case .expression: return false
            }
        }
    }
}
