/// Confidence for literals found by what they are given to (`contextConfidence` rules): the same
/// `password = "…"` is a likely leak in application code and a likely fixture under `test/`.
enum ContextConfidence {
    /// Directory names that hold tests, fixtures, examples and documentation.
    static let lowDirectories: Set<String> = [
        "test", "tests", "testing", "spec", "specs", "__tests__", "__mocks__", "fixture", "fixtures", "testdata", "test-data",
        "example", "examples", "sample", "samples", "demo", "demos", "doc", "docs", "documentation", "mock", "mocks", "e2e",
        "t",  // git's, Perl's and many C projects' test directory
    ]
    /// File-name parts that mark the same.
    static let lowNameParts = ["test", "spec", "example", "sample", "fixture", "mock", "demo", "readme", "changelog"]
    static let docExtensions = [".md", ".mdx", ".rst", ".adoc", ".rdoc", ".textile", ".ipynb"]

    /// A value this long and this varied looks generated, not typed.
    static let randomLength = 16
    static let randomEntropy = 4.0

    static func grade(secret: UnsafeRawBufferPointer, entropy: Double, path: String) -> Confidence {
        if isTestOrDocs(path) { return .low }
        if secret.count >= randomLength && entropy >= randomEntropy && !isWordShaped(secret) { return .high }
        return .medium
    }

    static func isTestOrDocs(_ path: String) -> Bool {
        let lower = path.lowercased()
        let parts = lower.split(separator: "/")
        if parts.dropLast().contains(where: { lowDirectories.contains(String($0)) }) { return true }
        guard let name = parts.last else { return false }
        if docExtensions.contains(where: { name.hasSuffix($0) }) { return true }
        // Whole parts of the name (`app.test.js`, `test_login.py`, `.env.example`), not substrings (`latest.py`).
        let parts2 = name.split(whereSeparator: { $0 == "." || $0 == "_" || $0 == "-" }).map(String.init)
        return parts2.contains { part in lowNameParts.contains { part == $0 || part == $0 + "s" } }
    }

    /// Letters in words joined by `_ . / -` (`auth/wrong-password`): an identifier, not a generated value.
    static func isWordShaped(_ secret: UnsafeRawBufferPointer) -> Bool {
        var sawLetter = false
        for b in secret {
            let isLetter = (b | 0x20) >= 97 && (b | 0x20) <= 122
            if isLetter {
                sawLetter = true
                continue
            }
            if b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: "/") || b == UInt8(ascii: "-") { continue }
            return false
        }
        return sawLetter
    }
}
