import ArgumentParser
import SecretScan

struct SecretScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "secretscan",
        abstract: "Find secrets in git repositories and working trees.",
        discussion: """
            Exit codes: 0 no findings, 1 findings (see --exit-code), 2 usage, configuration or I/O \
            error, or an incomplete scan.
            """,
        version: SecretScanVersion.current,
        subcommands: [
            ScanCommand.self, HistoryCommand.self, StagedCommand.self, BaselineCommand.self, InstallHookCommand.self, RulesCommand.self,
            GitignoreCommand.self, BenchEngineCommand.self,
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
