import Foundation

/// Judges the value given to a secret (`secret_string`, `SecretString`): a JSON object is reported
/// by its secret-named keys that hold literals (`{"username": "app", "password": "…"}` reports
/// the password only); any other literal is reported whole.
enum SecretPayload {
    static func check(_ node: IaCNode, id: IaCCheckID, resource: String, attribute: String, report: inout IaCReport) {
        if node.isMap {
            reportKeys(node, id: id, resource: resource, attribute: attribute, report: &report)
            return
        }
        guard node.tag == nil, case .scalar(.string, let text) = node.value else { return }
        // A JSON object in a string (`'{"username":"app","password":"…"}'`): judged by its keys.
        if text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("{"),
            let json = JSONTreeReader.parse(text: text, at: node.span), json.isMap
        {
            reportKeys(json, id: id, resource: resource, attribute: attribute, report: &report)
            return
        }
        guard LiteralValue.isSecretLiteral(text, name: nil) else { return }
        report.add(
            id, at: node.span, secret: text, resource: resource,
            explanation: "`\(attribute)` of \(resource) is a literal secret.", detail: attribute)
    }

    static func reportKeys(_ node: IaCNode, id: IaCCheckID, resource: String, attribute: String, report: inout IaCReport) {
        for hit in SecretKeyWalker.hits(in: node) {
            report.add(
                id, at: hit.node.span, secret: hit.secret, resource: resource,
                explanation: "`\(attribute)` of \(resource) holds a literal `\(hit.key)`.", detail: "\(attribute).\(hit.key)")
        }
    }
}
