/// Names that SARIF reports carry and baselines read back.
public enum SARIFKeys {
    /// Key of the content fingerprint in `partialFingerprints`.
    public static let fingerprint = "secretscanFingerprint/v1"
}
