/// Confidence for literals found by what they are given to (`contextConfidence` rules): the same
/// `password = "…"` is a likely leak in application code and a likely fixture under `test/`.
enum ContextConfidence {
    /// Directory names that hold tests, fixtures, examples and documentation.
    static let lowDirectories: Set<String> = [
        "test", "tests", "testing", "spec", "specs", "__tests__", "__mocks__", "fixture", "fixtures", "testdata", "test-data",
        "example", "examples", "sample", "samples", "demo", "demos", "doc", "docs", "documentation", "mock", "mocks", "e2e",
    ]
    /// File-name parts that mark the same.
    static let lowNameParts = ["test", "spec", "example", "sample", "fixture", "mock", "demo"]
    static let docExtensions = [".md", ".mdx", ".rst", ".adoc", ".txt", ".html", ".ipynb"]

    /// A value this long and this varied looks generated, not typed.
    static let randomLength = 16
    static let randomEntropy = 3.5

    static func grade(secret: UnsafeRawBufferPointer, entropy: Double, path: String) -> Confidence {
        if isTestOrDocs(path) { return .low }
        if secret.count >= randomLength && entropy >= randomEntropy { return .high }
        return .medium
    }

    static func isTestOrDocs(_ path: String) -> Bool {
        let lower = path.lowercased()
        let parts = lower.split(separator: "/")
        if parts.dropLast().contains(where: { lowDirectories.contains(String($0)) }) { return true }
        guard let name = parts.last else { return false }
        if docExtensions.contains(where: { name.hasSuffix($0) }) { return true }
        let stem = name.split(separator: ".").first.map(String.init) ?? String(name)
        return lowNameParts.contains { stem.contains($0) }
    }
}
