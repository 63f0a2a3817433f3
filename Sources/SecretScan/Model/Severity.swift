/// How bad a leak of this kind of secret is.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    private var rank: Int {
        switch self {
        case .critical: 3
        case .high: 2
        case .medium: 1
        case .low: 0
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How likely a match of the rule is a real secret.
public enum Confidence: String, Sendable, Codable, CaseIterable, Comparable {
    case high, medium, low

    private var rank: Int {
        switch self {
        case .high: 2
        case .medium: 1
        case .low: 0
        }
    }

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rank < rhs.rank }
}
