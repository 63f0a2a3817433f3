/// One infrastructure-code check: what it finds, how bad it is, what it corresponds to in other
/// tools, and what the fixed (externalized) form looks like.
public struct IaCCheck: Sendable, Hashable {
    /// Kebab-case id prefixed `iac-`, used as the finding's rule id and in `[iac] disabled`.
    public let id: String
    /// Short title; the finding's `description`.
    public let title: String
    /// What the check looks for and why it matters.
    public let description: String
    public let severity: Severity
    public let confidence: Confidence
    public let tags: [String]
    /// The checkov check this one corresponds to, if there is one (e.g. `CKV_AWS_41`).
    public let checkov: String?
    /// The trivy (AVD) check this one corresponds to, if there is one (e.g. `AVD-AWS-0036`).
    public let trivy: String?
    /// How to fix it, showing the externalized form.
    public let remediation: String
    /// Off unless named in the scanner's `optIn` set.
    public let optIn: Bool

    init(
        _ id: IaCCheckID, title: String, description: String, severity: Severity, confidence: Confidence,
        tags: [String], checkov: String? = nil, trivy: String? = nil, optIn: Bool = false, remediation: String
    ) {
        self.id = id.rawValue
        self.title = title
        self.description = description
        self.severity = severity
        self.confidence = confidence
        self.tags = tags
        self.checkov = checkov
        self.trivy = trivy
        self.remediation = remediation
        self.optIn = optIn
    }
}
