/// The infrastructure languages the checklist writes remediations in.
public enum IaCLanguage: String, Sendable, CaseIterable, Codable {
    case terraform
    case cloudFormation = "cloudformation"
    case cdk
}

/// One place in a file and what was found there (never a secret value).
public struct IaCEvidence: Sendable, Hashable, Codable {
    public var path: String
    public var line: Int
    public var detail: String

    public init(path: String, line: Int, detail: String) {
        self.path = path
        self.line = line
        self.detail = detail
    }
}

/// A Secrets Manager secret or SecureString parameter that infrastructure code defines, and how it
/// is configured.
public struct ManagedSecret: Sendable {
    public enum Kind: Sendable { case secretsManager, secureString }

    /// What happens to the secret's value when it is deleted.
    public enum Recovery: Sendable, Equatable {
        /// No setting: Secrets Manager's default window of 30 days.
        case defaultWindow
        /// A window written in the code, in days (0: deleted at once).
        case days(Int)
        /// The window is computed (a variable, an expression).
        case computed
        /// CloudFormation or CDK keeps the secret when the stack goes (`DeletionPolicy: Retain`).
        case retained
        /// CloudFormation or CDK deletes it with the stack; the template cannot choose a window.
        case stackManaged
    }

    public var kind: Kind
    /// `aws_secretsmanager_secret.db`, a logical id, or a CDK construct id.
    public var name: String
    public var language: IaCLanguage
    /// Where it is defined.
    public var path: String
    public var line: Int
    /// A customer-managed KMS key is named (`kms_key_id`, `KmsKeyId`, `encryptionKey`).
    public var customerKey: Bool
    /// Where the key is (or should be) named.
    public var keyLine: Int
    public var replicated: Bool
    /// A rotation schedule refers to it (resolved over the whole repository).
    public var rotated = false
    public var recovery: Recovery
    public var recoveryLine: Int
    /// The Terraform module directory, or the template or app file, that rotation is looked for in.
    var scope: String
    /// The name a rotation schedule refers to it by (Terraform resource name, logical id).
    var label: String
}

/// A CloudTrail trail defined in infrastructure code.
public struct CloudTrailFact: Sendable {
    public var name: String
    public var path: String
    public var line: Int
    /// Logging turned off (`enable_logging = false`, `IsLogging: false`).
    public var loggingOff: Bool
    public var multiRegion: Bool
    var scope: String
}

/// A rotation schedule and what it rotates (nil: a secret this code does not define by name).
struct RotationFact: Sendable {
    var scope: String
    var target: String?
}

/// What the infrastructure code of a working tree defines: the facts the checklist needs besides
/// findings (which secrets exist, how they are configured, trails, secret-store references, CI
/// files and how they log in to AWS).
public struct IaCInventory: Sendable {
    /// Files with AWS infrastructure code, and their language.
    public var awsFiles: [(path: String, language: IaCLanguage)] = []
    /// Every file read as infrastructure code (any kind, AWS or not).
    public var infrastructureFiles: Set<String> = []
    public var secrets: [ManagedSecret] = []
    public var trails: [CloudTrailFact] = []
    /// Places where code takes a secret from Secrets Manager or SSM (`valueFrom`, data sources,
    /// `{{resolve:…}}`, `fromSecretNameV2`…).
    public var secretReferences: [IaCEvidence] = []
    /// GitHub Actions workflows and GitLab CI files.
    public var ciFiles: [String] = []
    /// Where CI assumes a role through OIDC (`role-to-assume`, `id_tokens`).
    public var oidcLogins: [IaCEvidence] = []
    /// GitLab CI AWS keys taken from stored CI/CD variables (long-lived keys).
    public var storedCIKeys: [IaCEvidence] = []
    var rotations: [RotationFact] = []

    public init() {}

    /// The language most AWS files are written in (Terraform first on a tie); nil without AWS code.
    public var language: IaCLanguage? {
        var best: IaCLanguage?
        var bestCount = 0
        for language in IaCLanguage.allCases {
            let n = awsFiles.filter { $0.language == language }.count
            if n > bestCount { (best, bestCount) = (language, n) }
        }
        return best
    }

    public var hasAWSCode: Bool { !awsFiles.isEmpty }

    /// Resolves rotation schedules to the secrets they rotate: by name within the same scope, or
    /// every secret of the scope when the schedule names none this code defines.
    mutating func resolveRotation() {
        for i in secrets.indices where secrets[i].kind == .secretsManager {
            let s = secrets[i]
            secrets[i].rotated = rotations.contains { $0.scope == s.scope && ($0.target == nil || $0.target == s.label) }
        }
    }
}
