/// What kind of problem a finding reports.
public enum FindingKind: String, Sendable, Codable {
    /// A secret matched by a rule.
    case secret
    /// A sensitive file that `.gitignore` does not cover, or that is tracked or exposed.
    case gitignore
    /// A secret-handling anti-pattern in infrastructure code.
    case iac
}

/// Another rule's match that a composite finding names (e.g. the key id of a key pair).
public struct RelatedFinding: Sendable, Hashable {
    public var ruleID: String
    public var location: Location
    public var secret: String
}

/// Whether a token's embedded checksum is right.
public enum ChecksumStatus: String, Sendable, Hashable, Codable {
    case valid, invalid
}

/// A sensitive file pattern that no committed `.gitignore` covers, with one path it lets through.
public struct CoverageGap: Sendable, Hashable, Codable {
    public var pattern: String
    public var probe: String
    /// `[gitignore] required` lists it.
    public var required: Bool

    public init(pattern: String, probe: String, required: Bool) {
        self.pattern = pattern
        self.probe = probe
        self.required = required
    }
}

/// One reported problem. The secret is kept in full here; reporters redact it.
public struct Finding: Sendable, Hashable {
    public var kind: FindingKind
    public var ruleID: String
    public var description: String
    public var severity: Severity
    public var confidence: Confidence
    public var tags: [String]
    public var location: Location
    public var secret: String
    /// Shannon entropy of the secret, bits per byte.
    public var entropy: Double
    /// Stable identity computed from content (rule id, path, secret), not from line numbers.
    public var fingerprint: String
    public var remediation: String?
    /// History scans: the commit that introduced the secret at this path (nil for dangling blobs).
    public var commit: CommitInfo?
    /// History scans: how many other (commit, path) places hold the same secret.
    public var occurrences: Int?
    /// History scans: the blob the location refers to.
    public var blob: ObjectID?
    /// Composite rules: the other matches this finding combines.
    public var related: [RelatedFinding] = []
    /// Token formats with a checksum: whether it held.
    public var checksum: ChecksumStatus?
    /// A sentence specific to this finding (gitignore and iac findings), e.g. what is wrong where.
    public var explanation: String?
    /// Why the finding is suppressed (inline marker, ignore-file entry, baseline); nil when reported.
    public var suppression: String?
    /// iac findings: the resource concerned (e.g. `aws_db_instance.main`).
    public var resource: String?
    /// When the secret was found in decoded content: the encodings peeled off, outermost first
    /// (e.g. `["base64"]`). The location is that of the encoded text.
    public var decoded: [String] = []
    /// The coverage advisory (`gitignore-not-covered`): every pattern it is about.
    public var coverageGaps: [CoverageGap] = []
    /// gitignore findings about one sensitive pattern (not covered, negated, not shared, tracked,
    /// exposed): that pattern, as listed (e.g. `*.pem`).
    public var sensitivePattern: String?
    /// What the fingerprint is taken over besides the rule and the path, when it is not the secret
    /// (infrastructure findings: resource, detail and value). Scans that move a finding to another
    /// path recompute the fingerprint from it, and findings that share it are one finding.
    public var fingerprintSubject: String?
    /// `--verify`: what the live check said (nil when verification was not asked for).
    public var verification: Verification?

    /// The fingerprint's content besides rule and path: `fingerprintSubject`, else the secret.
    public var identity: String { fingerprintSubject ?? secret }

    public init(
        kind: FindingKind = .secret, ruleID: String, description: String, severity: Severity,
        confidence: Confidence, tags: [String], location: Location, secret: String, entropy: Double,
        fingerprint: String, remediation: String?
    ) {
        self.kind = kind
        self.ruleID = ruleID
        self.description = description
        self.severity = severity
        self.confidence = confidence
        self.tags = tags
        self.location = location
        self.secret = secret
        self.entropy = entropy
        self.fingerprint = fingerprint
        self.remediation = remediation
    }

    /// Content fingerprint: the first 128 bits of SHA-256 over rule id, path and secret bytes.
    public static func fingerprint<S: Collection>(ruleID: String, path: String, secret: S) -> String where S.Element == UInt8 {
        var h = SHA256()
        var ruleID = ruleID
        var path = path
        ruleID.withUTF8 { h.update(UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { h.update($0) }
        path.withUTF8 { h.update(UnsafeRawBufferPointer($0)) }
        withUnsafeBytes(of: UInt8(0)) { h.update($0) }
        // Straight from the secret's storage; a secret without contiguous storage is copied first.
        if secret.withContiguousStorageIfAvailable({ h.update(UnsafeRawBufferPointer($0)) }) == nil { h.update(Array(secret)) }
        let digest = h.finalize()
        return String(unsafeUninitializedCapacity: 32) { out in
            for k in 0..<16 {
                out[2 * k] = hexDigits[Int(digest[k] >> 4)]
                out[2 * k + 1] = hexDigits[Int(digest[k] & 15)]
            }
            return 32
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// A generic rule's finding adds nothing where an infrastructure check reports the same value
    /// (with its resource and the externalized form): drop those.
    public static func droppingGenericCoveredByIaC(_ findings: [Finding]) -> [Finding] {
        let iac = Set(findings.filter { $0.kind == .iac }.map { "\($0.location.line):\($0.location.column)" })
        guard !iac.isEmpty else { return findings }
        return findings.filter { f in
            !(f.kind == .secret && (f.tags.contains("generic") || f.tags.contains("fallback") || f.tags.contains("by-meaning"))
                && iac.contains("\(f.location.line):\(f.location.column)"))
        }
    }

    /// Order used in every report: path, line, column, rule id, then (for findings at one place) end,
    /// fingerprint, commit, kind and secret: a total order, so reports do not depend on scheduling.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location.path != b.location.path { return a.location.path < b.location.path }
        if a.location.line != b.location.line { return a.location.line < b.location.line }
        if a.location.column != b.location.column { return a.location.column < b.location.column }
        if a.ruleID != b.ruleID { return a.ruleID < b.ruleID }
        // Findings at one place by one rule (different secrets there in different versions of the file,
        // in a history scan): by what tells them apart, so that every run reports them in one order,
        // whatever order the workers finished in.
        if a.location.endLine != b.location.endLine { return a.location.endLine < b.location.endLine }
        if a.location.endColumn != b.location.endColumn { return a.location.endColumn < b.location.endColumn }
        if a.fingerprint != b.fingerprint { return a.fingerprint < b.fingerprint }
        if a.commit?.id != b.commit?.id {
            guard let x = a.commit?.id else { return true }
            guard let y = b.commit?.id else { return false }
            return x < y
        }
        if a.kind != b.kind { return a.kind.rawValue < b.kind.rawValue }
        return a.secret < b.secret
    }
}
