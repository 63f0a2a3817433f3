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

    /// The rule configuration for a scan of `root`, and where it came from.
    func load(root: String?) throws -> (config: RuleConfig, source: String) {
        do {
            if let config {
                guard FileManager.default.fileExists(atPath: config) else {
                    throw CLIError("\(config): rule file not found; check the --config path")
                }
                return (try RuleLoader.load(path: config), config)
            }
            if let root {
                var isDir: ObjCBool = false
                let dir =
                    FileManager.default.fileExists(atPath: root, isDirectory: &isDir) && isDir.boolValue
                    ? root : (root as NSString).deletingLastPathComponent
                let candidate = (dir.isEmpty ? "." : dir) + "/.secretscan.toml"
                if FileManager.default.fileExists(atPath: candidate) {
                    return (try RuleLoader.load(path: candidate), candidate)
                }
            }
            return (try RuleLoader.defaultConfig(), "built-in rules")
        } catch let error as RuleError {
            throw CLIError(error.description)
        }
    }

    func detector(root: String?) throws -> Detector {
        let loaded = try load(root: root)
        let detector: Detector
        do { detector = try Detector(config: loaded.config) } catch { throw CLIError(error.description) }
        for warning in detector.config.warnings { Console.warning(warning) }
        return detector
    }
}
