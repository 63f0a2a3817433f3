import Testing

@testable import SecretScan

/// `RequiredLiterals` reads the literals a pattern's matches must contain; `LiteralGate` skips a
/// path (or allowlist) pattern on subjects that hold none of them. The gate must never turn away a
/// subject the pattern matches.
@Suite struct RequiredLiteralsTests {
    private func literals(_ pattern: String) -> [String]? {
        RequiredLiterals.of(pattern).map { $0.map { String(decoding: $0, as: UTF8.self) } }
    }

    @Test func literalsOfPathShapes() {
        #expect(literals(#"(?i)\.(?:p12|pfx)$"#) == [".p12", ".pfx"])
        #expect(literals(#"(?i)\.(?:jks|keystore|bks|jceks)$"#) == [".bks", ".jceks", ".jks", ".keystore"])
        // The optional prefix and suffix widen the exact set; literals holding a shorter one are dropped.
        #expect(literals(#"(?s)^(?:.*/)?+\.?pgpass(?:\.conf)?$"#) == ["pgpass"])
        #expect(literals(#"(?:^|/)\.?htpasswd[^/]*$"#) == ["htpasswd"])
        // A small class is a set of bytes: `api[_-]?key` is three literals.
        #expect(
            literals(
                #"(?si)^(?:.*/)?+(?:[\w-]*[_.-])?(?:password|passphrase|secret|token|api[_-]?key|private[_-]?key)(?:\.txt)?$"#)
                == [
                    "api-key", "api_key", "apikey", "passphrase", "password", "private-key", "private_key", "privatekey", "secret",
                    "token",
                ])
        // Every branch of an alternation must give literals; they are folded to lowercase.
        #expect(
            literals(#"(?i)(?:^|/)\.?my\.(?:cnf|ini)$|(?:^|/)(?:client|mysql|mariadb)\.cnf$"#)
                == ["client.cnf", "mariadb.cnf", "my.cnf", "my.ini", "mysql.cnf"])
        #expect(literals(#"(?:^|/)Settings(?:/[^/]+|[._-][^/]*)?\.py$"#) == ["settings"])
        // Of two requirements in a row, the one with the longer shortest literal.
        #expect(literals(#"ab[0-9]+cdef"#) == ["cdef"])
        #expect(literals(#"abc{2}"#) == ["ab"])
        // A counted repeat of at least one keeps its atom's literals; lookarounds add none.
        #expect(literals(#"(?<=x)(?:tok)+(?!y)"#) == ["tok"])
        #expect(literals(#"(?<name>secret)_(?P<n2>v[12])"#) == ["secret_v1", "secret_v2"])
        // Escapes of punctuation and control bytes are literals.
        #expect(literals(#"\$\{env\}\t"#) == ["${env}\t"])
    }

    @Test func outsideTheSubsetOrWithoutARequirementGivesNothing() {
        for pattern in [
            #"(a+)x\1"#, #"\Qa.b\E"#, #"(?x) abc # comment"#, #"(*UTF)abc"#, #"(?(1)ab|cd)"#, #"abc|"#, #".*"#, #"[a-z]+"#,
            #"\x41bc"#, #"ab{,3}cd"#, #"ab{ 2}cd"#, #"a(?#note)bc"#, #"(?:abc)?"#, #"a*b*"#, #"\p{L}xyz"#, #"(?R)?abc"#,
        ] {
            #expect(literals(pattern) == nil, "\(pattern)")
        }
        // A requirement shorter than three bytes is known but too weak to gate on.
        #expect(literals("ab") == ["ab"])
        #expect(LiteralGate(pattern: "ab") == nil)
        #expect(LiteralGate(pattern: "abc") != nil)
    }

    @Test func gateIsCaseFoldedAndExact() throws {
        let gate = try #require(LiteralGate(pattern: #"(?i)\.(?:p12|pfx)$"#))
        func admits(_ s: String) -> Bool {
            var triples = [UInt64](repeating: 0, count: TrigramSet.words)
            var bytes = Array(s.utf8)
            return bytes.withUnsafeMutableBytes { b in
                triples.withUnsafeMutableBufferPointer { p in
                    TrigramSet.fill(p.baseAddress!, from: UnsafeRawBufferPointer(b))
                    return gate.admits(UnsafeRawBufferPointer(b), triples: p.baseAddress!)
                }
            }
        }
        #expect(admits("certs/SERVER.P12"))
        #expect(admits("a.pfx.bak"))  // holds the literal, though the pattern (anchored at the end) does not match
        #expect(!admits("certs/server.p1"))
        #expect(!admits("p12.txt"))
        #expect(!admits(""))
    }

    /// Every path and allowlist pattern of the built-in rules, and some awkward ones, on subjects
    /// built from their own pieces: whenever PCRE2 finds a match, the gate admits the subject.
    @Test func gateNeverTurnsAwayAMatch() throws {
        let config = try RuleLoader.defaultConfig()
        var patterns = config.rules.compactMap(\.path)
        for rule in config.rules { for a in rule.allowlists { patterns += a.paths + a.regexes } }
        for a in config.allowlists { patterns += a.paths + a.regexes }
        patterns += [
            #"(?i)(?:^|/)\.?(?:aws|azure)/(?:credentials|config)$"#, #"x(?:ab|cd)?y"#, #"(?:ab|cd){2}ef"#, #"[Kk]ey[-_.]?file"#,
            #"(?=.*secret)conf"#, #"^(?>a|ab)c"#, #"tok(?i:EN)s?"#, #"\d{2}-\w+\.pem$"#, #"[]x]yz"#, #"[^a]bc"#,
            #"(?:foo|fo)o"#, #"{x}abc"#, #"a{2}bc"#, #"ab{1}c"#,
        ]
        var rng = SplitMix64(seed: 41)
        var matched = 0
        var turnedAway = 0
        let scratch = MatchScratch()
        for pattern in patterns {
            let plain = try CompiledRegex(pattern)
            guard let gate = LiteralGate(pattern: pattern) else { continue }
            let gated = try CompiledRegex(pattern, gated: true)
            // Pieces: the literals, slices of the pattern's own text, and path-like filler.
            var pieces = gate.literals.map { String(decoding: $0, as: UTF8.self) }
            pieces += pieces.map { $0.uppercased() }
            let text = Array(pattern.utf8)
            for _ in 0..<8 {
                let a = Int(rng.next() % UInt64(text.count))
                let b = min(text.count, a + 1 + Int(rng.next() % 6))
                pieces.append(String(decoding: text[a..<b], as: UTF8.self))
            }
            pieces += ["/", ".", "src", "a", "x", "12", "-", "_", "config", "yml", ".txt", "Te"]
            for _ in 0..<300 {
                var subject = ""
                for _ in 0..<(1 + Int(rng.next() % 5)) { subject += pieces[Int(rng.next() % UInt64(pieces.count))] }
                var bytes = Array(subject.utf8)
                let (direct, throughGate) = bytes.withUnsafeMutableBytes { b in
                    let s = UnsafeRawBufferPointer(b)
                    return (scratch.matches(plain, in: s), scratch.withPath(s) { scratch.matches(gated, in: s) })
                }
                #expect(direct == throughGate, "\(pattern) on \(subject)")
                var triples = [UInt64](repeating: 0, count: TrigramSet.words)
                let admitted = bytes.withUnsafeMutableBytes { b in
                    triples.withUnsafeMutableBufferPointer { p in
                        TrigramSet.fill(p.baseAddress!, from: UnsafeRawBufferPointer(b))
                        return gate.admits(UnsafeRawBufferPointer(b), triples: p.baseAddress!)
                    }
                }
                #expect(admitted || !direct, "\(pattern) on \(subject)")
                if direct { matched += 1 }
                if !admitted { turnedAway += 1 }
            }
        }
        // Not vacuous: many subjects matched, and many were turned away without a search.
        #expect(matched > 1000)
        #expect(turnedAway > 1000)
    }

    /// A path-only rule behind its gate still reports the file, and only that file.
    @Test func gatedPathRuleFindsItsFile() throws {
        let c = try config(
            """
            [[rules]]
            id = "keystore-name"
            description = "keystore by name"
            path = '''(?i)\\.(?:jks|keystore)$'''
            """)
        let detector = try Detector(config: c)
        // The gate is read at the pattern's first use.
        #expect(detector.rules[0].pathRegex?.gate == nil)
        #expect(
            positions(scanBytes(Array("x".utf8), path: "app/Release.KEYSTORE", detector: detector)) == [
                "keystore-name@app/Release.KEYSTORE:1:1-1:1"
            ])
        #expect(positions(scanBytes(Array("x".utf8), path: "app/keystore.md", detector: detector)) == [])
        #expect(detector.makeWorker().scanPathOnly(path: "ssl/server.jks").map(\.ruleID) == ["keystore-name"])
        #expect(detector.rules[0].pathRegex?.gate?.literals.map { String(decoding: $0, as: UTF8.self) } == [".jks", ".keystore"])

    }
}
