import ArgumentParser
import SecretScan
import SecretScanVerify

/// `--verify` and its options, shared by `scan`, `history` and `staged`. Without `--verify`
/// nothing is sent anywhere: no HTTP client is even created.
struct VerifyOptions: ParsableArguments {
    @Flag(
        help: """
            Check each reported secret live with its provider's read-only "who am I" call (one request per distinct \
            credential). Sends the secrets to their providers: off by default.
            """)
    var verify = false

    @Option(help: "With --verify: requests in flight at most.")
    var verifyConcurrency = 8

    @Flag(help: "With --verify: report only the findings verified valid.")
    var onlyVerified = false

    @Option(
        name: .customLong("verify-endpoint"),
        help: ArgumentHelp(
            "With --verify: point a verifier at another base URL, e.g. github=https://ghe.example.com/api/v3 (repeatable; plain http only on loopback).",
            valueName: "name=url"))
    var endpoints: [String] = []

    func validate() throws {
        if verifyConcurrency < 1 { throw ValidationError("--verify-concurrency must be at least 1") }
        if !verify && (onlyVerified || !endpoints.isEmpty) {
            throw ValidationError("--only-verified and --verify-endpoint go with --verify")
        }
        _ = try parsedEndpoints()
    }

    /// `--verify-endpoint` values by verifier name.
    func parsedEndpoints() throws -> [String: String] {
        var result: [String: String] = [:]
        for entry in endpoints {
            guard let eq = entry.firstIndex(of: "="), eq != entry.startIndex else {
                throw ValidationError("--verify-endpoint '\(entry)': write NAME=URL, e.g. github=https://ghe.example.com/api/v3")
            }
            let name = String(entry[..<eq])
            let url = String(entry[entry.index(after: eq)...])
            if let problem = VerifyEndpoint.problem(with: url) { throw ValidationError("--verify-endpoint \(name): \(problem)") }
            result[name] = url
        }
        return result
    }

    /// Sets the request's verification when `--verify` was given. `trusted`: the configuration was
    /// named with `--config`; otherwise it may be the scanned repository's own `.secretscan.toml`,
    /// whose endpoints and verifiers are not trusted with credentials (a fork could point them at
    /// its own server).
    func configure(_ request: inout ScanRequest, trusted: Bool) throws {
        guard verify else { return }
        var endpoints: [String: String] = [:]
        var refused: [String: String] = [:]
        if trusted {
            endpoints = request.config.verifyEndpoints
        } else {
            if !request.config.verifyEndpoints.isEmpty {
                Console.warning(
                    """
                    [verify] endpoints in the scanned directory's .secretscan.toml are ignored: a repository's own file is not \
                    trusted with credentials; pass the file with --config, or use --verify-endpoint
                    """)
            }
            let builtIn: [String: VerifierSpec]
            do { builtIn = try RuleLoader.defaultConfig(examples: false).verifiers } catch { throw CLIError(error.description) }
            for (name, spec) in request.config.verifiers where builtIn[name] != spec {
                refused[name] =
                    "verifier '\(name)' is defined by \(spec.origin.file), which is not trusted with credentials; pass it with --config to use it"
            }
        }
        for (name, url) in try parsedEndpoints() {
            endpoints[name] = url
            refused[name] = nil
        }
        for name in endpoints.keys where request.config.verifiers[name] == nil {
            throw CLIError(
                "unknown verifier '\(name)' in --verify-endpoint or [verify] endpoints; known: \(request.config.verifiers.keys.sorted().joined(separator: ", "))"
            )
        }
        var settings = VerificationSettings(
            checker: LiveChecker(version: SecretScanVersion.current), concurrency: verifyConcurrency, onlyVerified: onlyVerified,
            endpoints: endpoints)
        settings.refused = refused
        request.verification = settings
    }
}
