import TestSupport
import Testing

@testable import SecretScan

@Suite struct InlineMarkerTests {
    let rules = "[[rules]]\nid = \"tok\"\nregex = '''tkn_[A-Za-z0-9]{24}'''\nkeywords = [\"tkn_\"]\n"

    @Test(arguments: [
        "a = %@  # secretscan:allow", "a = %@  // gitleaks:allow", "a = %@  # betterleaks:allow", "a = %@  # kingfisher:ignore",
        "a = %@  # trufflehog:ignore", "a = %@  # pragma: allowlist secret", "a = %@  # SECRETSCAN:ALLOW",
    ])
    func sameLineMarkersSuppress(_ template: String) throws {
        var gen = TestSecrets(seed: 3)
        let text = template.replacingOccurrences(of: "%@", with: "tkn_" + gen.body(24)) + "\n"
        let r = try scanText(text, config: config(rules))
        #expect(r.findings.isEmpty, "\(template)")
        #expect(r.suppressed.count == 1)
        #expect(r.suppressed.first?.suppression?.hasPrefix("inline marker") == true)
    }

    @Test(arguments: ["# secretscan:allow-next-line", "# pragma: allowlist nextline secret"])
    func nextLineMarkersSuppressOnlyTheNextLine(_ marker: String) throws {
        var gen = TestSecrets(seed: 4)
        let t1 = "tkn_" + gen.body(24)
        let t2 = "tkn_" + gen.body(24)
        let text = "\(marker)\na = \(t1)\nb = \(t2)\n"
        let r = try scanText(text, config: config(rules))
        #expect(positions(r) == ["tok@file.txt:3:5-3:32"])
        #expect(r.suppressed.map(\.location.line) == [2])
    }

    @Test func nextLineMarkerDoesNotSuppressItsOwnLine() throws {
        var gen = TestSecrets(seed: 5)
        let text = "a = tkn_\(gen.body(24))  # secretscan:allow-next-line\n"
        #expect(try scanText(text, config: config(rules)).findings.count == 1)
    }
}
