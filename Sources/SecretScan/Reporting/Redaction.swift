/// Hides secrets in reports: a short prefix stays so a person can recognise which secret it is.
public enum Redaction {
    /// `ghp_…` style: the first 4 characters of a secret of 16 or more characters, 2 of 8 to 15,
    /// none of a shorter one, then `…`.
    public static func redact(_ secret: String) -> String {
        if secret.isEmpty { return "" }
        let n = secret.count
        let keep = n >= 16 ? 4 : (n >= 8 ? 2 : 0)
        return String(secret.prefix(keep)) + "…"
    }
}
