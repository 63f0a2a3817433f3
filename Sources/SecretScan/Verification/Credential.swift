/// One distinct credential to verify: what a verifier needs of one or more findings. Findings with
/// the same verifier, secret and related secrets share one request.
public struct Credential: Sendable, Hashable {
    public var verifier: VerifierSpec
    /// The finding's secret.
    public var secret: String
    /// Secrets of the finding's related findings, by rule id (a composite rule's other parts).
    public var related: [String: String]
    /// The rule of the (first) finding, for messages; not part of the credential's identity, so
    /// two rules that find the same key pair share one request.
    public var ruleID: String

    public static func == (a: Credential, b: Credential) -> Bool {
        a.verifier == b.verifier && a.secret == b.secret && a.related == b.related
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(verifier)
        hasher.combine(secret)
        hasher.combine(related)
    }

    public init(verifier: VerifierSpec, secret: String, related: [String: String] = [:], ruleID: String) {
        self.verifier = verifier
        self.secret = secret
        self.related = related
        self.ruleID = ruleID
    }
}

/// Asks providers about credentials. The core knows no network: a command that was asked to
/// verify hands the pipeline one of these (the CLI's talks HTTPS).
public protocol CredentialChecker: Sendable {
    /// Checks one credential; blocking, called from up to `VerificationSettings.concurrency`
    /// threads at once. Never throws: network trouble is an `.error` verification.
    func check(_ credential: Credential) -> Verification
}

/// `--verify` and its options, as the pipeline takes them.
public struct VerificationSettings: Sendable {
    public var checker: any CredentialChecker
    /// Requests in flight at most.
    public var concurrency: Int
    /// Report only the findings verified valid.
    public var onlyVerified: Bool
    /// Verifiers not to use, by name, with the reason (reported as `unsupported`): e.g. an endpoint
    /// set by the scanned repository's own configuration, which is not trusted with credentials.
    public var refused: [String: String] = [:]
    /// Requests in flight at most, whatever `concurrency` asks.
    public static let maxConcurrency = 64
    /// Base URLs that replace verifiers' endpoints, by verifier name (`--verify-endpoint`, `[verify]
    /// endpoints`); each must pass `VerifyEndpoint.problem(with:)`.
    public var endpoints: [String: String]

    public init(checker: any CredentialChecker, concurrency: Int = 8, onlyVerified: Bool = false, endpoints: [String: String] = [:]) {
        self.checker = checker
        self.concurrency = concurrency
        self.onlyVerified = onlyVerified
        self.endpoints = endpoints
    }
}
