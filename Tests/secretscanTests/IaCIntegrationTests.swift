import Foundation
import TestSupport
import Testing

/// Infrastructure checks run in every scan mode and format, and can be turned off.
@Suite struct IaCIntegrationTests {
    var gen = TestSecrets(seed: 606)

    func terraform(_ value: String) -> String {
        """
        resource "aws_secretsmanager_secret_version" "db" {
          secret_id     = aws_secretsmanager_secret.db.id
          secret_string = "\(value)"
        }

        """
    }

    @Test mutating func iacFindingsInWorkingTreeHistoryAndStaged() throws {
        let repo = try TestRepo()
        try repo.write("infra/main.tf", terraform(gen.body(18)))
        let scan = try CLI.scanJSON([repo.path])
        #expect(scan.report.findings.map(\.position) == ["iac-tf-secret-version-literal@infra/main.tf:3:20"])
        #expect(scan.report.findings.first?.kind == "iac")
        try repo.git("add", "-A")
        let staged = try CLI.json("staged", [repo.path])
        #expect(staged.report.findings.map(\.position) == ["iac-tf-secret-version-literal@infra/main.tf:3:20"])
        let commit = try repo.commitAll("infra")
        let history = try CLI.json("history", [repo.path])
        #expect(history.report.findings.map(\.position) == ["iac-tf-secret-version-literal@infra/main.tf:3:20"])
        #expect(history.report.findings.first?.commit == commit)
        let sarif = try CLI.run(["scan", repo.path, "-f", "sarif"])
        #expect(sarif.stdout.contains("\"id\" : \"iac-tf-secret-version-literal\""))
    }

    @Test mutating func noIacAndConfigDisabling() throws {
        let repo = try TestRepo()
        try repo.write("main.tf", terraform(gen.body(18)))
        let off = try CLI.scanJSON([repo.path, "--no-iac"])
        #expect(!off.report.findings.contains { $0.kind == "iac" })
        try repo.write(".secretscan.toml", "[extend]\nuseDefault = true\n\n[iac]\ndisabled = [\"iac-tf-secret-version-literal\"]\n")
        let disabled = try CLI.scanJSON([repo.path])
        #expect(!disabled.report.findings.contains { $0.rule_id == "iac-tf-secret-version-literal" })
    }
}
