import ArgumentParser
import SecretScan

struct SecretScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secretscan",
        abstract: "Find secrets in git repositories and working trees.",
        discussion: """
            Exit codes: 0 no finding at or above --fail-on (default medium), 1 findings at or above it \
            (see --exit-code), 2 usage, configuration or I/O error, or an incomplete scan.

            Severities: critical = private keys and provider credentials with account-wide access, \
            literal secrets in infrastructure code; high = most provider tokens, committed or exposed \
            sensitive files, missing required .gitignore patterns; medium = generic hardcoded secrets, \
            over-broad IaC access; low = low-impact tokens, IaC hygiene, the .gitignore coverage advisory.
            """,
        version: SecretScanVersion.current,
        subcommands: [
            ScanCommand.self, HistoryCommand.self, StagedCommand.self, BaselineCommand.self, InstallHookCommand.self, RulesCommand.self,
            GitignoreCommand.self, ChecklistCommand.self, BenchEngineCommand.self,
        ],
        defaultSubcommand: nil
    )
}

/// Exit statuses shared by every command.
enum CLIExit {
    static let clean: Int32 = 0
    static let findings: Int32 = 1
    static let error: Int32 = 2
}
