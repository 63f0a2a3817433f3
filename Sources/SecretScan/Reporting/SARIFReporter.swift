import Foundation

/// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
public struct SARIFReporter: Reporter {
    public static let informationURI = "https://github.com/secretscan/secretscan"
    public var style: ReportStyle

    public init(style: ReportStyle) { self.style = style }

    public func render(_ report: ScanReport) -> Data {
        let result = report.result
        var ruleIndex: [String: Int] = [:]
        var rules: [SARIF.ReportingDescriptor] = []
        for f in result.findings where ruleIndex[f.ruleID] == nil {
            ruleIndex[f.ruleID] = rules.count
            rules.append(Self.ruleDescriptor(f))
        }
        let results = result.findings.map { f in
            SARIF.Result(
                ruleId: f.ruleID, ruleIndex: ruleIndex[f.ruleID] ?? 0, level: Self.level(f.severity),
                message: .init(text: Self.message(f)),
                locations: [
                    .init(
                        physicalLocation: .init(
                            artifactLocation: Self.artifact(f.location.path),
                            region: .init(
                                startLine: max(1, f.location.line), startColumn: max(1, f.location.column),
                                endLine: max(1, f.location.endLine), endColumn: max(1, f.location.endColumn) + 1,
                                snippet: f.secret.isEmpty ? nil : .init(text: style.shown(f.secret)))))
                ],
                partialFingerprints: [SARIFKeys.fingerprint: f.fingerprint],
                properties: .init(
                    kind: f.kind.rawValue, severity: f.severity.rawValue, confidence: f.confidence.rawValue,
                    commit: f.commit?.id.hex, author: f.commit?.author, email: f.commit?.email, date: f.commit?.date,
                    commitMessage: f.commit?.message, occurrences: f.occurrences, blob: f.blob?.hex, resource: f.resource,
                    decoded: f.decoded.isEmpty ? nil : f.decoded, checksum: f.checksum?.rawValue,
                    patterns: f.coverageGaps.isEmpty ? nil : f.coverageGaps, verification: f.verification),
                relatedLocations: f.related.isEmpty
                    ? nil
                    : f.related.enumerated().map { i, r in
                        SARIF.Location(
                            id: i + 1, message: .init(text: "\(r.ruleID) (\(style.shown(r.secret)))"),
                            physicalLocation: .init(
                                artifactLocation: Self.artifact(r.location.path),
                                region: .init(
                                    startLine: r.location.line, startColumn: r.location.column,
                                    endLine: r.location.endLine, endColumn: r.location.endColumn + 1)))
                    })
        }
        let notifications = result.issues.map { issue in
            SARIF.Notification(
                message: .init(text: issue.message),
                locations: issue.path.flatMap { $0.isEmpty ? nil : [.init(physicalLocation: .init(artifactLocation: Self.artifact($0)))] })
        }
        let run = SARIF.Run(
            tool: .init(
                driver: .init(
                    version: SecretScanVersion.current, semanticVersion: SecretScanVersion.current,
                    informationUri: Self.informationURI, rules: rules)),
            results: results,
            invocations: [.init(executionSuccessful: result.isComplete, toolExecutionNotifications: notifications)],
            automationDetails: style.sarifCategory.map { .init(id: $0) },
            originalUriBaseIds: style.sourceRoot.map {
                ["%SRCROOT%": .init(uri: URL(fileURLWithPath: $0, isDirectory: true).absoluteString)]
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(SARIF.Log(runs: [run]))) ?? Data()
        data.append(0x0A)
        return data
    }

    static func artifact(_ path: String) -> SARIF.ArtifactLocation { .init(uri: uri(path), uriBaseId: "%SRCROOT%") }

    static func ruleDescriptor(_ f: Finding) -> SARIF.ReportingDescriptor {
        let remediation =
            f.remediation
                ?? """
                Remove the value from the code and from git history, rotate it at its issuer, store the replacement in AWS Secrets \
                Manager or SSM Parameter Store, and read it at run time.
                """
        let guidance =
            """
            Treat the value as compromised: anyone with a clone has it. Rotate it first, then remove it from the code (and from history \
            if needed), keep the new value in a secret store such as AWS Secrets Manager or SSM Parameter Store, and have the application \
            fetch it at run time.
            """
        let title = f.description.isEmpty ? f.ruleID : f.description
        return SARIF.ReportingDescriptor(
            id: f.ruleID, name: f.ruleID, shortDescription: .init(text: title),
            fullDescription: .init(text: "\(title). \(kindSentence(f.kind))"),
            help: .init(
                text: "\(remediation)\n\n\(guidance)",
                markdown:
                    """
                    **\(title)**\n\n\(remediation)\n\n### How to fix\n1. Rotate the secret at its issuer (revoke the old value).\n2. \
                    Store the new value in AWS Secrets Manager or SSM Parameter Store (SecureString).\n3. Read it at run time (SDK, \
                    `{{resolve:secretsmanager:…}}`, ECS `secrets`/`valueFrom`, Kubernetes `secretKeyRef`) instead of committing it.\n4. \
                    Remove the old value from the code; if it was ever pushed, it stays in history until rewritten.
                    """
            ),
            defaultConfiguration: .init(level: level(f.severity)),
            properties: .init(
                tags: ["security", "secrets"] + f.tags, securitySeverity: securitySeverity(f.severity),
                precision: f.confidence.rawValue))
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
        case .iac:
            "Infrastructure code handles a secret in a way that puts it in the code, the state or the logs instead of a secret store."
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

    /// A relative URI reference: each path segment percent-encoded.
    static func uri(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/;?#")))
                ?? String($0)
        }.joined(separator: "/")
    }
}
