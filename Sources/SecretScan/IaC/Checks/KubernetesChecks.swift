import Foundation

/// Kubernetes manifests: `Secret` objects with values committed, and container `env` entries with
/// secret-ish names and literal values. `List` objects are read item by item.
enum KubernetesChecks {
    static let containerKeys: Set<String> = ["containers", "initContainers", "ephemeralContainers"]

    static func run(_ doc: IaCNode, report: inout IaCReport, depth: Int = 0) {
        guard depth < 4, let kind = doc["kind"]?.text else { return }
        if kind == "List" || kind.hasSuffix("List") {
            for item in doc["items"]?.items ?? [] where item.isMap { run(item, report: &report, depth: depth + 1) }
            return
        }
        let name = doc["metadata"]?["name"]?.text ?? "(unnamed)"
        let resource = "\(kind)/\(name)"
        if kind == "Secret" {
            secretData(doc, resource: resource, report: &report)
        }
        containers(in: doc, resource: resource, depth: 0, report: &report)
    }

    private static func secretData(_ doc: IaCNode, resource: String, report: inout IaCReport) {
        for field in ["data", "stringData"] {
            for e in doc[field]?.entries ?? [] where !isCertificate(e.key) {
                guard var value = e.value.text, e.value.tag == nil, e.value.scalarKind == .string else { continue }
                if field == "data" {
                    let compact = value.filter { !$0.isWhitespace }
                    guard let decoded = Data(base64Encoded: compact).flatMap({ String(data: $0, encoding: .utf8) }) else {
                        // Undecodable base64 is still committed material, unless it is a template.
                        if LiteralValue.isReference(value) { continue }
                        report.add(
                            .k8sSecretManifest, at: e.value.span, secret: value, resource: resource,
                            explanation: "\(resource) commits `\(field).\(e.key)`.", detail: "\(field).\(e.key)")
                        continue
                    }
                    guard LiteralValue.isSecretLiteral(decoded, name: e.key) else { continue }
                } else {
                    guard LiteralValue.isSecretLiteral(value, name: e.key) else { continue }
                }
                value = value.trimmingCharacters(in: .whitespacesAndNewlines)
                report.add(
                    .k8sSecretManifest, at: e.value.span, secret: value, resource: resource,
                    explanation: "\(resource) commits `\(field).\(e.key)` in the manifest.", detail: "\(field).\(e.key)")
            }
        }
    }

    /// Public material that TLS secrets carry beside the key (`tls.crt`, `ca.crt`).
    private static func isCertificate(_ key: String) -> Bool {
        let k = key.lowercased()
        return k.hasSuffix(".crt") || k.hasSuffix(".cert") || k == "ca-bundle" || k.hasSuffix(".pub")
    }

    /// Container lists wherever they are (`spec.containers`, `spec.template.spec.containers`,
    /// `spec.jobTemplate.spec.template.spec.containers`, custom resources).
    private static func containers(in node: IaCNode, resource: String, depth: Int, report: inout IaCReport) {
        guard depth < 16 else { return }
        for e in node.entries {
            if containerKeys.contains(e.key), e.value.isList {
                for c in e.value.items where c.isMap { env(of: c, resource: resource, report: &report) }
            } else if e.value.isMap {
                containers(in: e.value, resource: resource, depth: depth + 1, report: &report)
            } else if e.value.isList {
                for item in e.value.items where item.isMap {
                    containers(in: item, resource: resource, depth: depth + 1, report: &report)
                }
            }
        }
    }

    private static func env(of container: IaCNode, resource: String, report: inout IaCReport) {
        let containerName = container["name"]?.text ?? "container"
        for entry in container["env"]?.items ?? [] {
            guard let variable = entry["name"]?.text, let value = entry["value"] else { continue }
            let kind = SecretName.classify(variable)
            guard let secret = LiteralValue.secret(value, kind: kind, name: variable) else { continue }
            report.add(
                .k8sEnvSecretLiteral, at: value.span, secret: secret, resource: "\(resource)/\(containerName)",
                explanation:
                    "Container `\(containerName)` of \(resource) sets \(variable) to a literal instead of `valueFrom.secretKeyRef`.",
                detail: variable)
        }
    }
}
