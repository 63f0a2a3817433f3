/// The part of SARIF 2.1.0 that SecretScan writes, as Codable types (nil fields are left out).
enum SARIF {
    struct Log: Encodable {
        var schema = "https://json.schemastore.org/sarif-2.1.0.json"
        var version = "2.1.0"
        var runs: [Run]

        enum CodingKeys: String, CodingKey {
            case schema = "$schema"
            case version, runs
        }
    }

    struct Run: Encodable {
        var tool: Tool
        var columnKind = "unicodeCodePoints"
        var results: [Result]
        var invocations: [Invocation]
        var automationDetails: AutomationDetails?
        var originalUriBaseIds: [String: ArtifactLocation]?
    }

    struct Tool: Encodable { var driver: Driver }

    struct Driver: Encodable {
        var name = "secretscan"
        var version: String
        var semanticVersion: String
        var informationUri: String
        var rules: [ReportingDescriptor]
    }

    struct ReportingDescriptor: Encodable {
        var id: String
        var name: String
        var shortDescription: Message
        var fullDescription: Message
        var help: MultiformatMessage
        var defaultConfiguration: Configuration
        var properties: RuleProperties
    }

    struct Configuration: Encodable { var level: String }

    struct RuleProperties: Encodable {
        var tags: [String]
        var securitySeverity: String
        var precision: String

        enum CodingKeys: String, CodingKey {
            case tags, precision
            case securitySeverity = "security-severity"
        }
    }

    struct Message: Encodable { var text: String }

    struct MultiformatMessage: Encodable {
        var text: String
        var markdown: String
    }

    struct Result: Encodable {
        var ruleId: String
        var ruleIndex: Int
        var level: String
        var message: Message
        var locations: [Location]
        var partialFingerprints: [String: String]
        var properties: ResultProperties
        var relatedLocations: [Location]?
    }

    struct ResultProperties: Encodable {
        var kind: String
        var severity: String
        var confidence: String
        var commit: String?
        var author: String?
        var email: String?
        var date: String?
        var commitMessage: String?
        var occurrences: Int?
        var blob: String?
        var resource: String?
        var decoded: [String]?
        var checksum: String?
        var patterns: [CoverageGap]?
        var verification: Verification?
    }

    struct Location: Encodable {
        var id: Int?
        var message: Message?
        var physicalLocation: PhysicalLocation
    }

    struct PhysicalLocation: Encodable {
        var artifactLocation: ArtifactLocation
        var region: Region?
    }

    struct ArtifactLocation: Encodable {
        var uri: String
        var uriBaseId: String?
    }

    struct Region: Encodable {
        var startLine: Int
        var startColumn: Int
        var endLine: Int
        var endColumn: Int
        var snippet: Message?
    }

    struct Invocation: Encodable {
        var executionSuccessful: Bool
        var toolExecutionNotifications: [Notification]
    }

    struct Notification: Encodable {
        var level = "error"
        var message: Message
        var locations: [Location]?
    }

    struct AutomationDetails: Encodable { var id: String }
}
