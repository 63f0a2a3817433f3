import TestSupport
import Testing

@testable import SecretScan

/// A neutral token format used only by these tests: `tkn_` + 24 alphanumerics.
private let tokenRules = """
    [[rules]]
    id = "test-token"
    description = "test token"
    regex = '''\\b(tkn_[A-Za-z0-9]{24})\\b'''
    keywords = ["tkn_"]
    severity = "high"

    [[rules]]
    id = "test-assignment"
    description = "generic assignment"
    regex = '''(?i)secret\\s*=\\s*"([^"\\s]{8,64})"'''
    keywords = ["secret"]
    entropy = 3.0
    tags = ["generic"]
    severity = "medium"
    """

@Suite struct DetectorTests {
    var gen = TestSecrets(seed: 42)

    @Test mutating func exactLocationOfTheSecretGroup() throws {
        let token = "tkn_" + gen.body(24)
        let r = try scanText("first line\n  value: \(token) # end\n", config: config(tokenRules))
        #expect(positions(r) == ["test-token@file.txt:2:10-2:37"])
        #expect(r.findings[0].secret == token)
        #expect(r.findings[0].severity == .high)
    }

    @Test mutating func columnsCountCharactersNotBytes() throws {
        let token = "tkn_" + gen.body(24)
        let r = try scanText("é€ \(token)\n", config: config(tokenRules))
        #expect(positions(r) == ["test-token@file.txt:1:4-1:31"])
    }

    @Test mutating func invalidUTF8AndNULsDoNotBreakMatching() throws {
        let token = "tkn_" + gen.body(24)
        var bytes: [UInt8] = [0xFF, 0xFE, 0xC3, 0x0A, 0x00, 0x80, 0x20]
        bytes += Array(token.utf8) + [0x20, 0xC0, 0x0A]
        let r = scanBytes(bytes, detector: try Detector(config: config(tokenRules)))
        // Line 2 starts after the first LF: NUL, a stray continuation byte (not a character start), space.
        #expect(positions(r) == ["test-token@file.txt:2:3-2:30"])
        #expect(r.findings[0].secret == token)
    }

    @Test mutating func keywordPrefilterIsCaseInsensitive() throws {
        let body = gen.body(24)
        let r = try scanText(
            "TKN_\(body)",
            config: config(
                """
                [[rules]]
                id = "upper"
                regex = '''(?i)tkn_[a-z0-9]{24}'''
                keywords = ["tkn_"]
                """))
        #expect(positions(r) == ["upper@file.txt:1:1-1:28"])
    }

    @Test mutating func ruleWithoutKeywordRunsAlways() throws {
        let r = try scanText(
            "id=QQ\(gen.body(10, from: TestSecrets.hex))",
            config: config(
                """
                [[rules]]
                id = "nokw"
                regex = '''QQ[0-9a-f]{10}'''
                """))
        #expect(positions(r) == ["nokw@file.txt:1:4-1:15"])
    }

    @Test mutating func entropyThresholdDropsLowEntropySecrets() throws {
        let c = try config(tokenRules)
        #expect(try scanText("secret = \"abababab\"", config: c).findings.isEmpty)  // also < 4 distinct
        #expect(try scanText("secret = \"aabbaabbcc\"", config: c).findings.isEmpty)  // entropy 1.52
        let strong = gen.body(20)
        #expect(positions(try scanText("secret = \"\(strong)\"", config: c)) == ["test-assignment@file.txt:1:11-1:30"])
    }

    @Test(arguments: [
        "xxxxxxxxxxxxxxxxxxxx", "EXAMPLEKEY1234QWERTY", "<your-api-key-here>", "${API_TOKEN}", "changeme99Z",
        "$DATABASE_PASSWORD", "{{ vault.token }}", "{make_token(rng)}", "Q7aaaaaaa9zP", "k01234567Z", "fedcbaQ1Z", "abcabcabcab",
    ])
    func placeholdersAreDropped(_ value: String) throws {
        let r = try scanText(
            "secret = \"\(value)\"",
            config: config(
                """
                [[rules]]
                id = "any"
                regex = '''secret = "([^"]+)"'''
                keywords = ["secret"]
                """))
        #expect(r.findings.isEmpty, "\(value) should be treated as a placeholder")
    }

    @Test mutating func genericFindingYieldsToSpecificRuleOnSameSecret() throws {
        let token = "tkn_" + gen.body(24)
        let r = try scanText("secret = \"\(token)\"\n", config: config(tokenRules))
        #expect(positions(r) == ["test-token@file.txt:1:11-1:38"])
    }

    @Test mutating func lookaroundsWork() throws {
        let body = gen.body(12, from: TestSecrets.hex)
        let r = try scanText(
            "pre-\(body) and \(body)",
            config: config(
                """
                [[rules]]
                id = "look"
                regex = '''(?<!pre-)\\b[0-9a-f]{12}\\b'''
                """))
        #expect(positions(r) == ["look@file.txt:1:22-1:33"])
    }

    @Test mutating func inlineAllowMarkersSuppress() throws {
        let t1 = "tkn_" + gen.body(24)
        let t2 = "tkn_" + gen.body(24)
        let t3 = "tkn_" + gen.body(24)
        let text = "a = \(t1) # secretscan:allow\nb = \(t2) // gitleaks:allow\nc = \(t3)\n"
        let r = try scanText(text, config: config(tokenRules))
        #expect(positions(r) == ["test-token@file.txt:3:5-3:32"])
    }

    @Test mutating func ruleAllowlistTargetsAndConditions() throws {
        let t1 = "tkn_" + gen.body(24)
        let t2 = "tkn_" + gen.body(24)
        let base = """
            [[rules]]
            id = "tok"
            regex = '''tkn_[A-Za-z0-9]{24}'''
            keywords = ["tkn_"]
            """
        let text = "fixture: \(t1)\nreal: \(t2)\n"
        // regexTarget = line
        var r = try scanText(text, config: config(base + "\n[[rules.allowlists]]\nregexTarget = \"line\"\nregexes = ['''^fixture:''']\n"))
        #expect(positions(r) == ["tok@file.txt:2:7-2:34"])
        // regexTarget = secret, prefix of the first token
        let prefix = String(t1.prefix(10))
        r = try scanText(text, config: config(base + "\n[[rules.allowlists]]\nregexes = ['''^\(prefix)''']\n"))
        #expect(positions(r) == ["tok@file.txt:2:7-2:34"])
        // AND: path and line must both match; path does not, so nothing is allowed
        r = try scanText(
            text,
            config: config(
                base
                    + """
                    \n[[rules.allowlists]]\ncondition = \"AND\"\nregexTarget = \"line\"\nregexes = ['''fixture''']\npaths = \
                    ['''^tests/''']\n
                    """
            ))
        #expect(r.findings.count == 2)
        r = try scanText(
            text, path: "tests/a.txt",
            config: config(
                base
                    + """
                    \n[[rules.allowlists]]\ncondition = \"AND\"\nregexTarget = \"line\"\nregexes = ['''fixture''']\npaths = \
                    ['''^tests/''']\n
                    """
            ))
        #expect(positions(r) == ["tok@tests/a.txt:2:7-2:34"])
    }

    @Test mutating func globalAllowlistPathsAndTargetRules() throws {
        let token = "tkn_" + gen.body(24)
        let c = try config(
            tokenRules
                + """
                \n[[allowlists]]\npaths = ['''^vendor/''']\n[[allowlists]]\ntargetRules = [\"test-token\"]\nstopwords = \
                [\"\(token.suffix(6).lowercased())\"]\n
                """
        )
        #expect(try scanText(token, path: "vendor/x.txt", config: c).findings.isEmpty)
        #expect(try scanText(token, path: "src/x.txt", config: c).findings.isEmpty)
        let other = "tkn_" + gen.body(24)
        #expect(positions(try scanText(other, path: "src/x.txt", config: c)) == ["test-token@src/x.txt:1:1-1:28"])
    }

    /// A pattern may opt out of the JIT with `(*NO_JIT)`: the JIT compile then "succeeds" with no
    /// code, and the match must go to the interpreter (content and path patterns alike).
    @Test func patternsThatOptOutOfTheJITStillMatch() throws {
        let toml = """
            [[rules]]
            id = "nojit"
            description = "d"
            regex = '''(*NO_JIT)tok_([a-z]{8})'''
            keywords = ["tok_"]

            [[rules]]
            id = "nojit-path"
            description = "d"
            path = '''(*NO_JIT)\\.cfg$'''
            """
        let r = try scanText("x = tok_qzmvkrwp\n", path: "a.cfg", config: config(toml))
        #expect(r.issues.isEmpty)
        #expect(positions(r) == ["nojit-path@a.cfg:1:1-1:1", "nojit@a.cfg:1:9-1:16"])
    }

    @Test func catastrophicRegexIsReportedOnceAndScanGoesOn() throws {
        let c = try config(
            """
            [[rules]]
            id = "evil"
            regex = '''(a|aa)+$'''
            keywords = ["aaaa"]

            [[rules]]
            id = "fine"
            regex = '''fine-[0-9]{4}'''
            """)
        let text = String(repeating: "a", count: 5000) + "!\nfine-4821\n"
        let r = try scanText(text, config: c)
        #expect(positions(r) == ["fine@file.txt:2:1-2:9"])
        #expect(r.issues.count == 1)
        #expect(r.issues.first?.ruleID == "evil")
        #expect(r.issues.first?.kind == .ruleError)
        #expect(r.issues.first?.path == "file.txt")
    }

    @Test mutating func pathOnlyRuleAndPathRestriction() throws {
        let c = try config(
            """
            [[rules]]
            id = "keystore-file"
            path = '''\\.p12$'''

            [[rules]]
            id = "env-only"
            regex = '''tkn_[A-Za-z0-9]{24}'''
            path = '''\\.env$'''
            keywords = ["tkn_"]
            """)
        let token = "tkn_" + gen.body(24)
        #expect(positions(try scanText("x", path: "certs/a.p12", config: c)) == ["keystore-file@certs/a.p12:1:1-1:1"])
        #expect(positions(try scanText(token, path: "app/.env", config: c)) == ["env-only@app/.env:1:1-1:28"])
        #expect(try scanText(token, path: "app/main.go", config: c).findings.isEmpty)
    }

    @Test mutating func fingerprintIgnoresLineNumbers() throws {
        let token = "tkn_" + gen.body(24)
        let c = try config(tokenRules)
        let a = try scanText("\(token)\n", config: c)
        let b = try scanText("\n\n\nmoved: \(token)\n", config: c)
        #expect(a.findings[0].fingerprint == b.findings[0].fingerprint)
        #expect(a.findings[0].fingerprint.count == 32)
        let other = try scanText("\(token)\n", path: "elsewhere.txt", config: c)
        #expect(other.findings[0].fingerprint != a.findings[0].fingerprint)
    }
}
