/// Something that kept part of a scan from completing. A scan with issues is incomplete, never clean.
public struct ScanIssue: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable {
        /// A file could not be opened or read.
        case unreadable
        /// A rule hit the PCRE2 match/depth limit on a file: that rule did not finish on that file.
        case ruleError = "rule_error"
        /// A git object (commit, tree or blob) is missing or corrupt: a partial clone or a damaged repository.
        case missingObject = "missing_object"
    }

    public var kind: Kind
    public var path: String?
    public var ruleID: String?
    /// Id of the git object concerned (missing objects).
    public var object: String?
    public var message: String

    public init(kind: Kind, path: String? = nil, ruleID: String? = nil, object: String? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.ruleID = ruleID
        self.object = object
        self.message = message
    }
}

extension ScanIssue {
    /// The JSON report's names.
    enum CodingKeys: String, CodingKey {
        case kind, path, object, message
        case ruleID = "rule_id"
    }
}
