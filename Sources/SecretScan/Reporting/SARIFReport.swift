import Foundation

/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
public enum SARIFReport {
    public static let informationURI = "https://github.com/secretscan/secretscan"
    /// Key of the content fingerprint in `partialFingerprints`.
    public static let fingerprintKey = "secretscanFingerprint/v1"

    public struct Options: Sendable {
        public var redact = true
        /// `automationDetails.id`, e.g. `secretscan/history/`.
        public var category: String?
        /// Absolute path of the scanned root, for `originalUriBaseIds`.
        public var sourceRoot: String?

        public init(redact: Bool = true, category: String? = nil, sourceRoot: String? = nil) {
            self.redact = redact
            self.category = category
            self.sourceRoot = sourceRoot
        }
    }

    public static func render(_ result: ScanResult, options: Options) -> Data {
        var ruleOrder: [String] = []
        var ruleIndex: [String: Int] = [:]
        var rules: [[String: Any]] = []
        for f in result.findings where ruleIndex[f.ruleID] == nil {
            ruleIndex[f.ruleID] = ruleOrder.count
            ruleOrder.append(f.ruleID)
            rules.append(ruleDescriptor(f))
        }
        let results = result.findings.map { f -> [String: Any] in
            var region: [String: Any] = [
                "startLine": max(1, f.location.line),
                "startColumn": max(1, f.location.column),
                "endLine": max(1, f.location.endLine),
                "endColumn": max(1, f.location.endColumn) + 1,
            ]
            if !f.secret.isEmpty {
                region["snippet"] = ["text": options.redact ? Redaction.redact(f.secret) : f.secret]
            }
            var properties: [String: Any] = ["kind": f.kind.rawValue, "severity": f.severity.rawValue, "confidence": f.confidence.rawValue]
            if let c = f.commit {
                properties["commit"] = c.id.hex
                properties["author"] = c.author
                properties["email"] = c.email
                properties["date"] = c.date
                properties["commitMessage"] = c.message
            }
            if let n = f.occurrences { properties["occurrences"] = n }
            if let b = f.blob { properties["blob"] = b.hex }
            if let r = f.resource { properties["resource"] = r }
            if !f.decoded.isEmpty { properties["decoded"] = f.decoded }
            if let c = f.checksum { properties["checksum"] = c.rawValue }
            var entry: [String: Any] = [
                "ruleId": f.ruleID,
                "ruleIndex": ruleIndex[f.ruleID]!,
                "level": level(f.severity),
                "message": ["text": message(f)],
                "locations": [[
                    "physicalLocation": [
                        "artifactLocation": ["uri": uri(f.location.path), "uriBaseId": "%SRCROOT%"],
                        "region": region,
                    ],
                ]],
                "partialFingerprints": [fingerprintKey: f.fingerprint],
                "properties": properties,
            ]
            if !f.related.isEmpty {
                entry["relatedLocations"] = f.related.enumerated().map { i, r -> [String: Any] in
                    [
                        "id": i + 1,
                        "message": ["text": "\(r.ruleID) (\(options.redact ? Redaction.redact(r.secret) : r.secret))"],
                        "physicalLocation": [
                            "artifactLocation": ["uri": uri(r.location.path), "uriBaseId": "%SRCROOT%"],
                            "region": ["startLine": r.location.line, "startColumn": r.location.column,
                                       "endLine": r.location.endLine, "endColumn": r.location.endColumn + 1],
                        ],
                    ]
                }
            }
            return entry
        }
        var run: [String: Any] = [
            "tool": ["driver": [
                "name": "secretscan",
                "version": SecretScanVersion.current,
                "semanticVersion": SecretScanVersion.current,
                "informationUri": informationURI,
                "rules": rules,
            ]],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "invocations": [[
                "executionSuccessful": result.isComplete,
                "toolExecutionNotifications": result.issues.map { issue -> [String: Any] in
                    var n: [String: Any] = ["level": "error", "message": ["text": issue.message]]
                    if let p = issue.path, !p.isEmpty {
                        n["locations"] = [["physicalLocation": ["artifactLocation": ["uri": uri(p), "uriBaseId": "%SRCROOT%"]]]]
                    }
                    return n
                },
            ]],
        ]
        if let category = options.category { run["automationDetails"] = ["id": category] }
        if let root = options.sourceRoot {
            run["originalUriBaseIds"] = ["%SRCROOT%": ["uri": URL(fileURLWithPath: root, isDirectory: true).absoluteString]]
        }
        let doc: [String: Any] = [
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [run],
        ]
        var data = (try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
        data.append(0x0A)
        return data
    }

    static func ruleDescriptor(_ f: Finding) -> [String: Any] {
        let remediation = f.remediation ?? "Remove the value from the code and from git history, rotate it at its issuer, store the replacement in AWS Secrets Manager or SSM Parameter Store, and read it at run time."
        let guidance = "Treat the value as compromised: anyone with a clone has it. Rotate it first, then remove it from the code (and from history if needed), keep the new value in a secret store such as AWS Secrets Manager or SSM Parameter Store, and have the application fetch it at run time."
        let title = f.description.isEmpty ? f.ruleID : f.description
        return [
            "id": f.ruleID,
            "name": f.ruleID,
            "shortDescription": ["text": title],
            "fullDescription": ["text": "\(title). \(kindSentence(f.kind))"],
            "help": [
                "text": "\(remediation)\n\n\(guidance)",
                "markdown": "**\(title)**\n\n\(remediation)\n\n### How to fix\n1. Rotate the secret at its issuer (revoke the old value).\n2. Store the new value in AWS Secrets Manager or SSM Parameter Store (SecureString).\n3. Read it at run time (SDK, `{{resolve:secretsmanager:…}}`, ECS `secrets`/`valueFrom`, Kubernetes `secretKeyRef`) instead of committing it.\n4. Remove the old value from the code; if it was ever pushed, it stays in history until rewritten.",
            ],
            "defaultConfiguration": ["level": level(f.severity)],
            "properties": [
                "tags": ["security", "secrets"] + f.tags,
                "security-severity": securitySeverity(f.severity),
                "precision": precision(f.confidence),
            ],
        ]
    }

    static func message(_ f: Finding) -> String {
        var text = f.description.isEmpty ? f.ruleID : f.description
        text += f.kind == .secret ? " found" : ""
        if let e = f.explanation { text += ": \(e)" }
        if let c = f.commit {
            text += " (introduced in commit \(c.id.hex.prefix(12)) by \(c.author) on \(c.date.prefix(10)))"
        }
        if let n = f.occurrences, n > 0 { text += "; \(n) more occurrence\(n == 1 ? "" : "s") in history" }
        if !f.decoded.isEmpty { text += " (inside \(f.decoded.joined(separator: "+"))-encoded text)" }
        return text + "."
    }

    static func kindSentence(_ k: FindingKind) -> String {
        switch k {
        case .secret: "A credential committed to source control can be used by anyone who can read the repository or any clone of it."
        case .gitignore: "A file of a kind that usually holds secrets is, or can easily be, committed."
        case .iac: "Infrastructure code handles a secret in a way that puts it in the code, the state or the logs instead of a secret store."
        }
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    static func securitySeverity(_ s: Severity) -> String {
        switch s {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.5"
        case .low: "3.0"
        }
    }

    static func precision(_ c: Confidence) -> String {
        switch c {
        case .high: "high"
        case .medium: "medium"
        case .low: "low"
        }
    }

    /// A relative URI reference: each path segment percent-encoded.
    static func uri(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#"))) ?? String($0)
        }.joined(separator: "/")
    }
}
