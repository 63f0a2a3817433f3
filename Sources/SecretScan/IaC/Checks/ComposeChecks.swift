/// docker-compose files: secret-named `environment` entries (map form `KEY: value` and list form
/// `- KEY=value`) and `build.args` with literal values.
enum ComposeChecks {
    static func run(_ doc: IaCNode, report: inout IaCReport) {
        for service in doc["services"]?.entries ?? [] where service.value.isMap {
            let resource = "services.\(service.key)"
            if let env = service.value["environment"] {
                variables(env, resource: resource, what: "environment", report: &report)
            }
            if let args = service.value["build"]?["args"] {
                variables(args, resource: resource, what: "build.args", report: &report)
            }
        }
    }

    private static func variables(_ node: IaCNode, resource: String, what: String, report: inout IaCReport) {
        if node.isMap {
            for e in node.entries {
                let kind = SecretName.classify(e.key)
                guard let secret = LiteralValue.secret(e.value, kind: kind, name: e.key) else { continue }
                add(e.key, secret: secret, span: e.value.span, resource: resource, what: what, report: &report)
            }
            return
        }
        for item in node.items {
            guard item.tag == nil, let text = item.text, let eq = text.firstIndex(of: "=") else { continue }
            let key = String(text[..<eq])
            let value = String(text[text.index(after: eq)...])
            let kind = SecretName.classify(key)
            let valueNode = IaCNode(.scalar(.string, value), span: item.span)
            guard let secret = LiteralValue.secret(valueNode, kind: kind, name: key) else { continue }
            // The value starts after `KEY=` on the item's line.
            let offset = key.count + 1
            let span = IaCSpan(
                line: item.span.line, column: item.span.column + offset,
                endLine: item.span.endLine, endColumn: max(item.span.column + offset, item.span.endColumn))
            add(key, secret: secret, span: span, resource: resource, what: what, report: &report)
        }
    }

    private static func add(_ key: String, secret: String, span: IaCSpan, resource: String, what: String, report: inout IaCReport) {
        report.add(
            .composeEnvironmentSecretLiteral, at: span, secret: secret, resource: resource,
            explanation: "`\(what)` of \(resource) sets \(key) to a literal.", detail: "\(what).\(key)")
    }
}
