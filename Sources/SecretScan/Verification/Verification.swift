import Foundation

/// What a live check said of a credential.
public enum VerificationStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// The provider accepted the credential.
    case valid
    /// The provider rejected it (revoked, expired or never real).
    case invalid
    /// No answer could be had (network) or the answer was unexpected; `detail` says which.
    case error
    /// The rule has no verifier, or the verifier lacks what it needs (e.g. the other half of a pair).
    case unsupported
}

/// The outcome of verifying one finding's credential (`--verify`).
public struct Verification: Sendable, Hashable, Codable {
    public var status: VerificationStatus
    /// Whose credential it is (account, login, team…) or why the status is what it is; never the
    /// secret.
    public var detail: String

    public init(status: VerificationStatus, detail: String) {
        self.status = status
        self.detail = detail
    }
}

extension Verification {
    /// This verification with every occurrence of `secrets` in its detail replaced by
    /// `[redacted]`: a provider's answer may echo what it was sent.
    public func scrubbing(_ secrets: some Sequence<String>) -> Verification {
        var copy = self
        for secret in secrets where secret.count >= 4 {
            copy.detail = copy.detail.replacingOccurrences(of: secret, with: "[redacted]")
        }
        return copy
    }
}
