import Foundation
import TestSupport
import Testing

@testable import SecretScan

@Suite struct CompositeAndEncodingTests {
    var gen = TestSecrets(seed: 1234)

    /// A neutral key pair: an id (`KID` + 16 upper-case) and a secret (40 base64 characters).
    let pairRules = """
        [[rules]]
        id = "key-id"
        regex = '''\\b(KID[A-Z2-7]{16})\\b'''
        keywords = ["kid"]
        severity = "medium"

        [[rules]]
        id = "key-pair"
        description = "key id and secret"
        regex = '''(?i)secret[\\w.-]{0,20}\\s*[:=]\\s*"?([A-Za-z0-9/+]{40})'''
        keywords = ["secret"]
        severity = "critical"
        confidence = "high"
          [[rules.required]]
          id = "key-id"
          withinLines = 3
        """

    @Test mutating func compositeNamesBothAndAbsorbsTheComponent() throws {
        let id = "KID" + gen.body(16, from: TestSecrets.upperBase32)
        let secret = gen.body(40, from: TestSecrets.base64)
        let text = "key_id = \(id)\nkey_secret = \"\(secret)\"\n"
        let r = try scanText(text, config: config(pairRules))
        #expect(positions(r) == ["key-pair@file.txt:2:15-2:54"])
        let f = try #require(r.findings.first)
        #expect(f.related.map(\.ruleID) == ["key-id"])
        #expect(f.related.first?.location.line == 1)
        #expect(f.related.first?.secret == id)
        #expect(f.severity == .critical)
    }

    @Test mutating func loneComponentIsStillReportedAndLonePrimaryIsNot() throws {
        let id = "KID" + gen.body(16, from: TestSecrets.upperBase32)
        let secret = gen.body(40, from: TestSecrets.base64)
        // Too far apart: 5 lines between them.
        let text = "key_id = \(id)\n\n\n\n\nkey_secret = \"\(secret)\"\n"
        let r = try scanText(text, config: config(pairRules))
        #expect(positions(r) == ["key-id@file.txt:1:10-1:28"])
        #expect(r.findings.first?.severity == .medium)
    }

    @Test mutating func skipReportComponentsNeverStandAlone() throws {
        let toml = pairRules.replacingOccurrences(of: "severity = \"medium\"", with: "severity = \"medium\"\nskipReport = true")
        let id = "KID" + gen.body(16, from: TestSecrets.upperBase32)
        #expect(try scanText("key_id = \(id)\n", config: config(toml)).findings.isEmpty)
    }

    @Test func undefinedRequiredRuleIsAnError() throws {
        let c = try config("[[rules]]\nid = \"a\"\nregex = 'x'\n[[rules.required]]\nid = \"nope\"\n")
        #expect(
            throws: RuleError.invalidRule(
                file: "test.toml", line: 1, ruleID: "a",
                message: "[[rules.required]] names rule 'nope', which is not defined; define it or remove the requirement")
        ) {
            try Detector(config: c)
        }
    }

    @Test mutating func crc32Base62Checksum() throws {
        let body = gen.body(30)
        let check = ChecksumValidator.encode(CRC32.checksum(Array(body.utf8)), width: 6)
        let valid = "tok_" + body + String(decoding: check, as: UTF8.self)
        var broken = Array(valid.utf8)
        broken[broken.count - 1] = broken[broken.count - 1] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let c = try config(
            """
            [[rules]]
            id = "tok"
            regex = '''\\btok_[A-Za-z0-9]{36}\\b'''
            keywords = ["tok_"]
            confidence = "medium"
            checksum = "crc32-base62"
            """)
        let good = try scanText(valid, config: c).findings.first
        #expect(good?.checksum == .valid)
        #expect(good?.confidence == .high)
        let bad = try scanText(String(decoding: broken, as: UTF8.self), config: c).findings.first
        #expect(bad?.checksum == .invalid)
        #expect(bad?.confidence == .low)
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
    }

    /// BIP-173's own test vectors: valid strings, then a changed character, a mixed case and a
    /// character outside the charset.
    @Test func bech32Checksum() {
        for valid in [
            "A12UEL5L", "a12uel5l", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
            "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        ] {
            #expect(Bech32.isValid(Array(valid.utf8)), "\(valid)")
        }
        for invalid in [
            "a12uel5m", "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxx", "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3b",
            "a1b2c3d4", "1qzzfhee",
        ] {
            #expect(!Bech32.isValid(Array(invalid.utf8)), "\(invalid)")
        }
    }

    /// A PEM body must be base64 of whole groups decoding to a DER SEQUENCE (or openssh-key-v1),
    /// however it is written: plain lines, `\n` escapes in a JSON string, or `+` concatenation.
    @Test func pemStructure() {
        var der: [UInt8] = [0x30, 0x82, 0x01, 0x22]
        for i in 0..<120 { der.append(UInt8((i * 37 + 11) & 0xFF)) }
        let b64 = Data(der).base64EncodedString()
        let lines = stride(from: 0, to: b64.count, by: 64).map { i -> String in
            let start = b64.index(b64.startIndex, offsetBy: i)
            return String(b64[start..<(b64.index(start, offsetBy: min(64, b64.count - i)))])
        }
        let kind = "PRIVATE" + " KEY"
        let plain = "-----BEGIN \(kind)-----\n" + lines.joined(separator: "\n") + "\n-----END \(kind)-----"
        let escaped = "\"-----BEGIN \(kind)-----\\n" + lines.joined(separator: "\\n") + "\\n-----END \(kind)-----\""
        let concatenated =
            "'-----BEGIN \(kind)-----\\n' +\n" + lines.map { "  '\($0)\\n' +\n" }.joined() + "  '-----END \(kind)-----'"
        for text in [plain, escaped, concatenated] {
            #expect(PEMStructure.isValid(Array(text.utf8)), "\(text)")
        }
        let cut = "-----BEGIN \(kind)-----\n" + String(b64.dropLast(3)) + "\n-----END \(kind)-----"
        let notDER = "-----BEGIN \(kind)-----\n" + Data(der.map { $0 ^ 0x55 }).base64EncodedString() + "\n-----END \(kind)-----"
        let stray = "-----BEGIN \(kind)-----\n" + b64 + "$\n-----END \(kind)-----"
        for text in [cut, notDER, stray] {
            #expect(!PEMStructure.isValid(Array(text.utf8)), "\(text)")
        }
        let sshKind = "OPENSSH PRIVATE" + " KEY"
        let ssh = Data(Array("openssh-key-v1".utf8) + [0] + der).base64EncodedString()
        #expect(PEMStructure.isValid(Array("-----BEGIN \(sshKind)-----\n\(ssh)\n-----END \(sshKind)-----".utf8)))
        #expect(!PEMStructure.isValid(Array("-----BEGIN \(sshKind)-----\n\(b64)\n-----END \(sshKind)-----".utf8)))
    }

    @Test mutating func base64EncodedSecretIsFoundAndMarked() throws {
        let token = "tkn_" + gen.body(24)
        let encoded = Data("{\"auth\": \"\(token)\", \"user\": \"ci\"}".utf8).base64EncodedString()
        let c = try config("[[rules]]\nid = \"test-token\"\nregex = '''tkn_[A-Za-z0-9]{24}'''\nkeywords = [\"tkn_\"]\n")
        let r = try scanText("payload:\n  data: \(encoded)\n", config: c)
        #expect(positions(r) == ["test-token@file.txt:2:9-2:\(8 + encoded.count)"])
        #expect(r.findings.first?.decoded == ["base64"])
        #expect(r.findings.first?.secret == token)
    }

    @Test mutating func percentEncodedSecretIsFound() throws {
        let token = "tkn_" + gen.body(24)
        let url = "https://ci.local/hook?cfg=%7B%22t%22%3A%22\(token)%22%7D"
        let c = try config("[[rules]]\nid = \"test-token\"\nregex = '''\"(tkn_[A-Za-z0-9]{24})\"'''\nkeywords = [\"tkn_\"]\n")
        let r = try scanText("curl \(url)\n", config: c)
        #expect(r.findings.map(\.ruleID) == ["test-token"])
        #expect(r.findings.first?.decoded == ["percent"])
        #expect(r.findings.first?.location.column == 6)
    }

    @Test mutating func randomBase64IsNotDecodedIntoNoise() throws {
        let blob = Data((0..<300).map { _ in UInt8(truncatingIfNeeded: gen.next()) }).base64EncodedString()
        var budget = 1 << 20
        let segments = Array(blob.utf8).withUnsafeBytes { EncodedSegments.find(in: $0, budget: &budget) }
        #expect(segments.isEmpty)
    }

    @Test func gitleaksExtendMergesRulesOfTheSameID() throws {
        let defaults = try RuleLoader.defaultConfig()
        let target = try #require(defaults.rules.first { $0.id == "github-pat-classic" })
        let c = try config(
            """
            [extend]
            useDefault = true

            [[rules]]
            id = "github-pat-classic"
            regex = '''ghp_[A-Za-z0-9]{36}'''
            keywords = ["github"]
              [rules.allowlist]
              condition = "&&"
              stopwords = ["fixture"]
              paths = ['''^test/''']
            """)
        let merged = try #require(c.rules.first { $0.id == "github-pat-classic" })
        #expect(merged.regex == "ghp_[A-Za-z0-9]{36}")
        #expect(merged.keywords.contains("github") && merged.keywords.contains("ghp_"))
        #expect(merged.allowlists.count == target.allowlists.count + 1)
        #expect(merged.allowlists.last?.condition == .and)
    }

    @Test func dollarMatchesOnlyAtTheEndAsInRE2() throws {
        let c = try config("[[rules]]\nid = \"end\"\nregex = '''QZ[0-9]{4}$'''\n")
        #expect(try scanText("QZ4821\n", config: c).findings.isEmpty)
        #expect(try scanText("QZ4821", config: c).findings.count == 1)
    }
}
