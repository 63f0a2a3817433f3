import TestSupport
import Testing

@testable import SecretScan

/// Findings of the infrastructure scanner on `text` at `path`.
func iacScan(_ text: String, path: String, disabled: Set<String> = [], optIn: Set<String> = []) -> [Finding] {
    let scanner = IaCScanner(disabled: disabled, optIn: optIn)
    return Array(text.utf8).withUnsafeBytes { scanner.scan($0, path: path) }
}

/// `rule@line` of each finding, in report order.
func iacHits(_ text: String, path: String, disabled: Set<String> = [], optIn: Set<String> = []) -> [String] {
    iacScan(text, path: path, disabled: disabled, optIn: optIn).map { "\($0.ruleID)@\($0.location.line)" }
}

/// `rule@line:column-endLine:endColumn` of each finding.
func iacPositions(_ text: String, path: String, optIn: Set<String> = []) -> [String] {
    iacScan(text, path: path, optIn: optIn).map {
        "\($0.ruleID)@\($0.location.line):\($0.location.column)-\($0.location.endLine):\($0.location.endColumn)"
    }
}

/// How many YAML documents `text` holds, to show that a file without findings was read at all.
func yamlDocuments(_ text: String) -> Int {
    YAMLTreeReader.documents(IaCSource(Array(text.utf8))).count
}

/// Fake secrets, assembled at run time.
struct FakeSecrets {
    private var generator: TestSecrets
    init(seed: UInt64) { generator = TestSecrets(seed: seed) }
    mutating func next(_ count: Int = 20) -> String { generator.body(count) }
    mutating func keyID() -> String { generator.awsKeyID() }
    /// 40 base64 characters starting with a letter or digit (a leading `/` would read as a path).
    mutating func secretKey() -> String { generator.body(1) + generator.body(39, from: TestSecrets.base64) }
}

@Suite struct IaCScannerTests {
    @Test func catalogIsCompleteAndWellFormed() {
        let ids = IaCScanner.catalog.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(ids) == Set(IaCCheckID.allCases.map(\.rawValue)))
        for check in IaCScanner.catalog {
            #expect(check.id.hasPrefix("iac-"))
            #expect(check.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(check.id)")
            #expect(!check.title.isEmpty && !check.description.isEmpty && !check.remediation.isEmpty, "\(check.id)")
            #expect(check.tags.contains("iac"), "\(check.id)")
        }
        #expect(IaCScanner.catalog.filter(\.optIn).map(\.id) == ["iac-secret-no-replica"])
        #expect(IaCScanner.check(id: "iac-tf-provider-static-credentials")?.checkov == "CKV_AWS_41")
        #expect(IaCScanner.unknownCheckIDs(["iac-kms-key-no-rotation", "iac-nope"]) == ["iac-nope"])
    }

    @Test func remediationsShowTheExternalizedForm() {
        func remediation(_ id: IaCCheckID) -> String { IaCCatalog.check(id).remediation }
        #expect(remediation(.tfSecretVersionLiteral).contains("data.aws_secretsmanager_secret_version.db.secret_string"))
        #expect(remediation(.cfnPasswordPropertyLiteral).contains("{{resolve:secretsmanager:prod/db:SecretString:password}}"))
        #expect(remediation(.k8sEnvSecretLiteral).contains("secretKeyRef"))
        #expect(remediation(.ecsEnvironmentSecretLiteral).contains("valueFrom"))
        #expect(
            remediation(.ghaAWSLongLivedKeys).contains("role-to-assume") && remediation(.ghaAWSLongLivedKeys).contains("id-token: write"))
    }

    @Test func findingFieldsAreFilledIn() throws {
        var s = FakeSecrets(seed: 1)
        let value = s.next()
        let text = """
            resource "aws_db_instance" "main" {
              password = "\(value)"
            }
            """
        let f = try #require(iacScan(text, path: "infra/db.tf").first)
        #expect(f.kind == .iac)
        #expect(f.ruleID == "iac-tf-password-literal")
        #expect(f.description == IaCCatalog.check(.tfPasswordLiteral).title)
        #expect(f.severity == .critical && f.confidence == .high)
        #expect(f.secret == value)
        #expect(f.resource == "aws_db_instance.main")
        #expect(f.explanation?.contains("password") == true)
        #expect(f.remediation?.contains("manage_master_user_password") == true)
        #expect(f.location == Location(path: "infra/db.tf", line: 2, column: 15, endLine: 2, endColumn: 34))
        #expect(f.entropy > 3)
        // The fingerprint follows content, not lines.
        let moved = iacScan("\n\n" + text, path: "infra/db.tf")
        #expect(moved.first?.fingerprint == f.fingerprint)
        #expect(moved.first?.location.line == 4)
    }

    @Test func disabledAndOptInChecks() {
        let text = """
            resource "aws_secretsmanager_secret" "db" {
              name = "prod/db"
            }
            """
        #expect(iacHits(text, path: "main.tf") == ["iac-secret-no-cmk@1", "iac-secret-no-rotation@1"])
        #expect(
            iacHits(text, path: "main.tf", optIn: ["iac-secret-no-replica"])
                == ["iac-secret-no-cmk@1", "iac-secret-no-replica@1", "iac-secret-no-rotation@1"])
        #expect(iacHits(text, path: "main.tf", disabled: ["iac-secret-no-cmk", "iac-secret-no-rotation"]).isEmpty)
        #expect(IaCScanner(disabled: Set(IaCScanner.catalog.map(\.id))).enabledChecks.isEmpty)
    }

    @Test func inlineMarkersSuppress() {
        var s = FakeSecrets(seed: 2)
        let text = """
            resource "aws_db_instance" "main" {
              password = "\(s.next())" # secretscan:allow
            }
            """
        #expect(iacHits(text, path: "main.tf").isEmpty)
    }

    @Test func fileKindsAreDecidedByPath() {
        #expect(IaCFileKind.of(path: "infra/main.tf") == .terraform)
        #expect(IaCFileKind.of(path: "Dockerfile") == .dockerfile)
        #expect(IaCFileKind.of(path: "svc/Dockerfile.prod") == .dockerfile)
        #expect(IaCFileKind.of(path: "svc/api.dockerfile") == .dockerfile)
        #expect(IaCFileKind.of(path: "docs/Dockerfile.md") == nil)
        #expect(IaCFileKind.of(path: "docker-compose.yml") == .compose)
        #expect(IaCFileKind.of(path: "deploy/compose.prod.yaml") == .compose)
        #expect(IaCFileKind.of(path: ".github/workflows/deploy.yml") == .githubActions)
        #expect(IaCFileKind.of(path: ".gitlab-ci.yml") == .gitlabCI)
        #expect(IaCFileKind.of(path: "k8s/app.yaml") == .yaml)
        #expect(IaCFileKind.of(path: "cfn/stack.template") == .cloudFormationTemplate)
        #expect(IaCFileKind.of(path: "taskdef.json") == .json)
        #expect(IaCFileKind.of(path: "lib/stack.ts") == .cdkTypeScript)
        #expect(IaCFileKind.of(path: "lib/types.d.ts") == nil)
        #expect(IaCFileKind.of(path: "app/stack.py") == .cdkPython)
        #expect(IaCFileKind.of(path: "src/main.swift") == nil)
        #expect(IaCFileKind.of(path: "README.md") == nil)
    }

    @Test func otherFilesAreNotParsed() {
        var s = FakeSecrets(seed: 3)
        // The same content is judged only where it is infrastructure code.
        let text = "password = \"\(s.next())\"\n"
        #expect(iacHits(text, path: "config.txt").isEmpty)
        #expect(iacHits(text, path: "notes.yaml").isEmpty)
        #expect(iacHits("{\"password\": \"\(s.next())\"}", path: "package.json").isEmpty)
        #expect(iacHits("x = SecretValue\n", path: "a.py").isEmpty)
        // Binary content is skipped.
        #expect(iacHits("resource \"aws_kms_key\" \"k\" {}\n\u{0}", path: "main.tf").isEmpty)
    }
}
