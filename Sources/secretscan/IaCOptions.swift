import ArgumentParser
import SecretScan

/// `--no-iac` and opt-in infrastructure checks, shared by the scanning commands.
struct IaCOptions: ParsableArguments {
    @Flag(help: "Skip the infrastructure-code checks (findings of kind iac).")
    var noIac = false

    @Option(
        name: .customLong("iac-opt-in"),
        help: ArgumentHelp("Also run this opt-in infrastructure check (repeatable), e.g. iac-secret-no-replica.", valueName: "id"))
    var iacOptIn: [String] = []

    /// The IaC scanner for `config` (`[iac] disabled = [...]` turns checks off), or nil with --no-iac.
    func scanner(config: RuleConfig) -> IaCScanner? {
        guard !noIac else { return nil }
        for id in IaCScanner.unknownCheckIDs(config.disabledIaCChecks + iacOptIn) {
            Console.warning("unknown infrastructure check '\(id)'; `secretscan rules list` does not know it (see the README's table)")
        }
        return IaCScanner(disabled: Set(config.disabledIaCChecks), optIn: Set(iacOptIn))
    }
}
