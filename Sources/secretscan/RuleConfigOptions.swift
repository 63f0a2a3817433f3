import ArgumentParser
import Foundation
import SecretScan

/// `--config FILE`, shared by every command that needs rules.
struct RuleConfigOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Rule file (TOML). Default: .secretscan.toml at the scanned root if present, else the built-in rules.",
            valueName: "file"))
    var config: String?

    /// The rule configuration for a scan of `root` (see `RuleLoader.discover`), with its warnings
    /// printed; the built-in rules' examples only when asked (`rules test` and `rules list`).
    func load(root: String?, examples: Bool = false) throws -> RuleConfig {
        let config: RuleConfig
        do { config = try RuleLoader.discover(explicit: self.config, root: root, examples: examples).config } catch {
            throw CLIError(error.description)
        }
        for warning in config.warnings { Console.warning(warning) }
        return config
    }

    func detector(root: String?, examples: Bool = false) throws -> Detector {
        let config = try load(root: root, examples: examples)
        do { return try Detector(config: config) } catch { throw CLIError(error.description) }
    }
}
