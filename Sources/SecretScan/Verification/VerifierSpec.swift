/// How to ask a provider whether a credential is live: a `[[verifiers]]` entry of a rule file. Rules
/// name one with `verify = "NAME"`. The request is read-only (a "who am I" call); `{secret}` in the
/// path, a header, the body or `basicAuth` stands for the finding's secret, `{related:RULE-ID}` for
/// the secret of a related finding of that rule (a composite rule's other half).
public struct VerifierSpec: Sendable, Hashable {
    /// What the request is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A request described by the entry's method, path, headers and body.
        case http
        /// AWS STS `GetCallerIdentity`, signed with SigV4: needs the key id (a related
        /// `aws-access-key-id` finding) and the secret access key (the finding).
        case awsSTS = "aws-sts"
    }

    /// The name `--verify-endpoint NAME=URL` and `[verify] endpoints` use, e.g. `github`.
    public var name: String
    public var kind: Kind
    /// Base URL (scheme, host, optional port and path prefix); `--verify-endpoint` replaces it.
    public var endpoint: String
    /// Path (and query) appended to the endpoint.
    public var path: String
    /// `GET` or `POST` (a read-only POST such as Slack's `auth.test`).
    public var method: String
    /// Header name and value template pairs, in order.
    public var headers: [[String]]
    public var body: String?
    /// `user:password` template for HTTP Basic authentication, e.g. `api:{secret}`.
    public var basicAuth: String?
    /// Status codes that mean valid (default 200).
    public var validStatus: [Int]
    /// Status codes that mean invalid (default 401 and 403).
    public var invalidStatus: [Int]
    /// A JSON boolean field of the answer that must be true for valid (Slack's `ok`); false means
    /// invalid.
    public var successField: String?
    /// JSON fields of the answer that name the identity, as dotted paths (`user.login`), reported as
    /// `field=value`.
    public var identity: [String]
    /// Where the entry was written.
    public var origin: RuleOrigin

    public init(
        name: String, kind: Kind = .http, endpoint: String, path: String = "", method: String = "GET", headers: [[String]] = [],
        body: String? = nil, basicAuth: String? = nil, validStatus: [Int] = [200], invalidStatus: [Int] = [401, 403],
        successField: String? = nil, identity: [String] = [], origin: RuleOrigin = RuleOrigin(file: "<inline>", line: 0)
    ) {
        self.name = name
        self.kind = kind
        self.endpoint = endpoint
        self.path = path
        self.method = method
        self.headers = headers
        self.body = body
        self.basicAuth = basicAuth
        self.validStatus = validStatus
        self.invalidStatus = invalidStatus
        self.successField = successField
        self.identity = identity
        self.origin = origin
    }
}

extension VerifierSpec {
    /// The rule ids whose secrets the request uses (`{related:RULE-ID}` anywhere in it).
    public var relatedRules: Set<String> {
        var found = Set<String>()
        for template in [path, body ?? "", basicAuth ?? ""] + headers.map({ $0.last ?? "" }) {
            var rest = template[...]
            while let open = rest.range(of: "{related:"), let close = rest[open.upperBound...].firstIndex(of: "}") {
                found.insert(String(rest[open.upperBound..<close]))
                rest = rest[rest.index(after: close)...]
            }
        }
        return found
    }
}
