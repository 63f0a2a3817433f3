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
        var utf8 = path
        return utf8.withUTF8 { bytes in
            // ASCII paths (nearly all) are judged on their bytes; others through Unicode lowercasing,
            // which can turn a non-ASCII letter into an ASCII one (the Kelvin sign into `k`).
            bytes.allSatisfy { $0 < 0x80 } ? isTestOrDocs(ascii: UnsafeRawBufferPointer(bytes)) : isTestOrDocs(unicode: path)
        }
    }

    /// Byte strings of `lowDirectories`, `lowNameParts` (each also with an `s`) and `docExtensions`.
    private static let lowDirectoryBytes = lowDirectories.map { Array($0.utf8) }
    private static let lowNamePartBytes = lowNameParts.flatMap { [Array($0.utf8), Array(($0 + "s").utf8)] }
    private static let docExtensionBytes = docExtensions.map { Array($0.utf8) }

    /// `isTestOrDocs` of an ASCII path, on its bytes and without allocating: the same parts (empty ones
    /// skipped), folded the same way.
    static func isTestOrDocs(ascii path: UnsafeRawBufferPointer) -> Bool {
        @inline(__always) func fold(_ b: UInt8) -> UInt8 { (b >= 65 && b <= 90) ? b | 0x20 : b }
        func equals(_ r: Range<Int>, _ word: [UInt8]) -> Bool {
            r.count == word.count && !zip(r, word).contains { fold(path[$0.0]) != $0.1 }
        }
        // The non-empty segments: every one but the last is a directory; the last is the name.
        var name: Range<Int>?
        var k = 0
        while k < path.count {
            var end = k
            while end < path.count && path[end] != UInt8(ascii: "/") { end += 1 }
            if end > k {
                if let directory = name, lowDirectoryBytes.contains(where: { equals(directory, $0) }) { return true }
                name = k..<end
            }
            k = end + 1
        }
        guard let name else { return false }
        if docExtensionBytes.contains(where: { name.count >= $0.count && equals((name.upperBound - $0.count)..<name.upperBound, $0) }) {
            return true
        }
        // Whole parts of the name, split at `.`, `_` and `-`.
        var start = name.lowerBound
        for j in name.lowerBound...name.upperBound {
            if j == name.upperBound || path[j] == UInt8(ascii: ".") || path[j] == UInt8(ascii: "_") || path[j] == UInt8(ascii: "-") {
                if j > start, lowNamePartBytes.contains(where: { equals(start..<j, $0) }) { return true }
                start = j + 1
            }
        }
        return false
    }

    static func isTestOrDocs(unicode path: String) -> Bool {
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
