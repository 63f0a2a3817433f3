/// Comments that suppress a finding where it stands: SecretScan's own and those of the scanners
/// teams migrate from.
enum InlineMarkers {
    /// A marker on the finding's own line.
    static let sameLine: [String] = [
        "secretscan:allow", "gitleaks:allow", "betterleaks:allow", "kingfisher:ignore", "trufflehog:ignore",
        "pragma: allowlist secret",
    ]
    /// A marker on the line before the finding, for files that cannot carry trailing comments.
    static let nextLine: [String] = ["secretscan:allow-next-line", "pragma: allowlist nextline secret"]

    /// Lower-case substrings whose presence in a file means markers must be looked for (they ride
    /// along in the keyword prefilter pass).
    static let keywords: [String] = [
        "secretscan:allow", "gitleaks:allow", "betterleaks:allow", "kingfisher:ignore", "trufflehog:ignore", "pragma: allowlist",
    ]

    private static let sameBytes = sameLine.map { Array($0.utf8) }
    private static let nextBytes = nextLine.map { Array($0.utf8) }
    private static let nextLineSuffix = Array("-next-line".utf8)

    /// The marker that suppresses a finding on `line` (with `previous` the line before it), if any.
    static func marker(line: UnsafeRawBufferPointer, previous: UnsafeRawBufferPointer?) -> String? {
        for (i, m) in sameBytes.enumerated() {
            var from = 0
            while let at = find(m, in: line, from: from) {
                // `secretscan:allow-next-line` speaks about the next line, not this one.
                if !startsWith(nextLineSuffix, in: line, at: at + m.count) { return sameLine[i] }
                from = at + 1
            }
        }
        if let previous {
            for (i, m) in nextBytes.enumerated() where find(m, in: previous, from: 0) != nil { return nextLine[i] }
        }
        return nil
    }

    /// Case-insensitive search for lower-case `needle`.
    static func find(_ needle: [UInt8], in hay: UnsafeRawBufferPointer, from: Int) -> Int? {
        let n = hay.count
        let m = needle.count
        guard m > 0, n >= m, from <= n - m else { return nil }
        outer: for i in from...(n - m) {
            for j in 0..<m where KeywordPrefilter.fold(hay[i + j]) != needle[j] { continue outer }
            return i
        }
        return nil
    }

    private static func startsWith(_ prefix: [UInt8], in hay: UnsafeRawBufferPointer, at: Int) -> Bool {
        guard at + prefix.count <= hay.count else { return false }
        for j in 0..<prefix.count where KeywordPrefilter.fold(hay[at + j]) != prefix[j] { return false }
        return true
    }
}
