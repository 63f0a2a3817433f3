/// Builds fake secrets at run time so that no realistic secret literal is ever committed.
/// Bodies come from a seeded generator: the same seed gives the same secret on every run.
public struct TestSecrets {
    public static let alphanumeric = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    public static let upperBase32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    public static let hex = Array("0123456789abcdef")
    public static let base64 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// SplitMix64.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` characters from `alphabet`, avoiding runs that the placeholder filter rejects.
    public mutating func body(_ count: Int, from alphabet: [Character] = alphanumeric) -> String {
        var out: [Character] = []
        while out.count < count {
            let c = alphabet[Int(next() % UInt64(alphabet.count))]
            if let last = out.last, last == c { continue }
            if out.count >= 1, let a = out.last?.asciiValue, let b = c.asciiValue, b == a &+ 1 || a == b &+ 1 { continue }
            out.append(c)
        }
        return String(out)
    }

    /// A GitHub classic personal access token shape: prefix + 36 alphanumerics.
    public mutating func githubPAT() -> String { "gh" + "p_" + body(36) }

    /// An AWS access key id shape: `AKIA` + 16 base-32 characters.
    public mutating func awsKeyID() -> String { "AK" + "IA" + body(16, from: TestSecrets.upperBase32) }
}
