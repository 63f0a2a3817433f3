import Foundation
import Synchronization

/// Loads rule configurations: the embedded defaults, a user file, and `[extend]` chains.
public enum RuleLoader {
    /// The default rule set compiled into the binary from `rules/*.toml`.
    /// - Parameter examples: false to leave out the rules' examples and negative examples, which only
    ///   `rules test` uses (scans parse 40% less text; rule origins keep their lines).
    public static func defaultConfig(examples: Bool = true) throws(RuleError) -> RuleConfig {
        var config = RuleConfig(title: "SecretScan default rules")
        var firstSeen: [String: RuleOrigin] = [:]
        // The files are parsed on every core at once (this is most of a pre-commit run's start-up),
        // then merged in their fixed order, so the result and the first error are as if one by one.
        let files = EmbeddedRules.files
        let parsedFiles = Mutex([Result<RuleFile, RuleError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let file = files[i]
            let name = "rules/\(file.name)"
            let result: Result<RuleFile, RuleError>
            if let data = Data(base64Encoded: examples ? file.base64 : file.withoutExamples),
                let text = String(data: data, encoding: .utf8)
            {
                result = Result { () throws(RuleError) in try RuleFileParser.parseBuiltIn(text, file: name) }
            } else {
                result = .failure(.unreadable(file: name, reason: "embedded rule file is not valid UTF-8"))
            }
            parsedFiles.withLock { $0[i] = result }
        }
        let results = parsedFiles.withLock { $0 }
        for (file, result) in zip(files, results) {
            let name = "rules/\(file.name)"
            let parsed = try result!.get()
            for var rule in parsed.rules {
                // Every built-in rule is written so that its matches contain a keyword.
                rule.keywordWindow = rule.keywordWindow ?? true
                // `rules test` (which loads the examples) compiles every pattern; a scan compiles on use.
                rule.compileOnFirstUse = !examples
                if let first = firstSeen[rule.id] {
                    throw .duplicateRuleID(id: rule.id, file: name, line: rule.origin.line, firstFile: first.file, firstLine: first.line)
                }
                firstSeen[rule.id] = rule.origin
                config.rules.append(rule)
            }
            config.allowlists += parsed.allowlists
            for verifier in parsed.verifiers {
                if let first = config.verifiers[verifier.name] {
                    throw .invalidRule(
                        file: name, line: verifier.origin.line, ruleID: nil,
                        message: "[[verifiers]] '\(verifier.name)' is defined twice (first in \(first.origin.file):\(first.origin.line))")
                }
                config.verifiers[verifier.name] = verifier
            }
        }
        return try checkVerifierNames(config)
    }

    /// Loads a rule file from disk, resolving `[extend]` (`useDefault`, `path`, `disabledRules`).
    /// - Parameter examples: false to leave the built-in rules' examples out (`defaultConfig`).
    public static func load(path: String, examples: Bool = true) throws(RuleError) -> RuleConfig {
        try requireRules(load(path: path, visiting: [], examples: examples), file: path)
    }

    /// The configuration for a scan of `root`: the file given (`--config`), else `.secretscan.toml`
    /// in the scanned directory (a file's directory), else the built-in rules; with where it came from.
    /// - Parameter examples: false to leave the built-in rules' examples out (`defaultConfig`).
    public static func discover(explicit: String?, root: String?, examples: Bool = true) throws(RuleError) -> (
        config: RuleConfig, source: String
    ) {
        if let explicit {
            guard FileManager.default.fileExists(atPath: explicit) else {
                throw .unreadable(file: explicit, reason: "it does not exist; check the --config path")
            }
            return (try load(path: explicit, examples: examples), explicit)
        }
        if let root {
            let dir = FileSystem.directory(of: root)
            let candidate = dir + "/.secretscan.toml"
            if FileManager.default.fileExists(atPath: candidate) { return (try load(path: candidate, examples: examples), candidate) }
        }
        return (try defaultConfig(examples: examples), "built-in rules")
    }

    /// A configuration that ends up with no rule at all would make every scan look clean.
    private static func requireRules(_ config: RuleConfig, file: String) throws(RuleError) -> RuleConfig {
        guard config.rules.isEmpty else { return try checkVerifierNames(config) }
        throw .invalidRule(
            file: file, line: 1, ruleID: nil,
            message:
                """
                defines no rules and extends none, so a scan would check nothing; add [extend] useDefault = true to keep the built-in \
                rules, or define [[rules]]
                """
        )
    }

    /// Every rule's `verify` names a `[[verifiers]]` entry.
    private static func checkVerifierNames(_ config: RuleConfig) throws(RuleError) -> RuleConfig {
        for rule in config.rules {
            guard let name = rule.verify, config.verifiers[name] == nil else { continue }
            throw .invalidRule(
                file: rule.origin.file, line: rule.origin.line, ruleID: rule.id,
                message:
                    "`verify` names '\(name)', which no [[verifiers]] entry defines; known: \(config.verifiers.keys.sorted().joined(separator: ", "))"
            )
        }
        return config
    }

    /// Parses rule-file text, resolving `[extend]`; `path` entries are relative to `baseDirectory`.
    public static func parse(_ text: String, file: String, baseDirectory: String? = nil) throws(RuleError) -> RuleConfig {
        try requireRules(
            resolve(RuleFileParser.parse(text, file: file), file: file, baseDirectory: baseDirectory, visiting: [file]), file: file)
    }

    private static func load(path: String, visiting: Set<String>, examples: Bool) throws(RuleError) -> RuleConfig {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        if visiting.contains(absolute) { throw .extendCycle(file: path) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(file: path, reason: "not valid UTF-8")
        }
        let lower = path.lowercased()
        let parsed =
            lower.hasSuffix(".yml") || lower.hasSuffix(".yaml")
            ? try YAMLRuleFileParser.parse(text, file: path) : try RuleFileParser.parse(text, file: path)
        let dir = URL(fileURLWithPath: absolute).deletingLastPathComponent().path
        return try resolve(parsed, file: path, baseDirectory: dir, visiting: visiting.union([absolute]), examples: examples)
    }

    private static func resolve(
        _ parsed: RuleFile, file: String, baseDirectory: String?, visiting: Set<String>, examples: Bool = true
    ) throws(RuleError) -> RuleConfig {
        var base = RuleConfig()
        if parsed.useDefault { base = try defaultConfig(examples: examples) }
        if let extendPath = parsed.extendPath {
            let full =
                extendPath.hasPrefix("/") || baseDirectory == nil
                ? extendPath : URL(fileURLWithPath: baseDirectory!).appendingPathComponent(extendPath).path
            guard FileManager.default.fileExists(atPath: full) else {
                throw .unreadable(file: file, reason: "[extend] path '\(extendPath)' does not exist (looked for \(full))")
            }
            let extended = try load(path: full, visiting: visiting, examples: examples)
            base = merge(base: base, overlay: extended, amendments: [])
        }
        let disabled = Set(parsed.disabledRules)
        base.rules.removeAll { disabled.contains($0.id) }
        var own = RuleConfig(title: parsed.title, rules: parsed.rules, allowlists: parsed.allowlists)
        own.warnings = base.warnings + parsed.warnings
        own.gitignore = parsed.gitignore ?? base.gitignore
        own.disabledIaCChecks = parsed.disabledIaCChecks ?? base.disabledIaCChecks
        own.report = parsed.report ?? base.report
        own.verifiers = Dictionary(parsed.verifiers.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        own.verifyEndpoints = parsed.verifyEndpoints ?? base.verifyEndpoints
        for id in parsed.amendments where !base.rules.contains(where: { $0.id == id }) {
            let rule = own.rules.first { $0.id == id }!
            throw .invalidRule(
                file: file, line: rule.origin.line, ruleID: id,
                message: "has no `regex` or `path`, and no rule '\(id)' exists in the extended configuration to amend")
        }
        own.title = parsed.title ?? base.title
        return merge(base: base, overlay: own, amendments: parsed.amendments)
    }

    /// An overlay rule with the id of a base rule merges into it, as gitleaks does: an amendment (no
    /// regex, no path) keeps the base rule and adds its keywords, tags and allowlists (overriding
    /// description, entropy and secretGroup when given); a full definition replaces the base rule but
    /// keeps the base's allowlists, keywords and tags in addition to its own.
    private static func merge(base: RuleConfig, overlay: RuleConfig, amendments: Set<String>) -> RuleConfig {
        var result = base
        result.title = overlay.title ?? base.title
        for rule in overlay.rules {
            if let i = result.rules.firstIndex(where: { $0.id == rule.id }) {
                let base = result.rules[i]
                if amendments.contains(rule.id) {
                    var amended = base
                    amended.allowlists += rule.allowlists
                    amended.keywords += rule.keywords.filter { !amended.keywords.contains($0) }
                    amended.tags += rule.tags.filter { !amended.tags.contains($0) }
                    amended.required += rule.required
                    if let e = rule.entropy { amended.entropy = e }
                    if let g = rule.secretGroup {
                        amended.secretGroup = g
                        // The group is checked against the pattern's groups when it compiles: now.
                        amended.compileOnFirstUse = false
                    }
                    if !rule.description.isEmpty { amended.description = rule.description }
                    if let v = rule.verify { amended.verify = v }
                    result.rules[i] = amended
                } else {
                    var replaced = rule
                    replaced.allowlists = base.allowlists + rule.allowlists
                    replaced.keywords += base.keywords.filter { !replaced.keywords.contains($0) }
                    replaced.tags += base.tags.filter { !replaced.tags.contains($0) }
                    replaced.verify = rule.verify ?? base.verify
                    result.rules[i] = replaced
                }
            } else {
                result.rules.append(rule)
            }
        }
        result.allowlists += overlay.allowlists
        result.warnings = overlay.warnings
        result.gitignore = overlay.gitignore
        result.disabledIaCChecks = overlay.disabledIaCChecks
        result.report = overlay.report
        result.verifiers.merge(overlay.verifiers) { _, overlay in overlay }
        result.verifyEndpoints = overlay.verifyEndpoints
        return result
    }
}
