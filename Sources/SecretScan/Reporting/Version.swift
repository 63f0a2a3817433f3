/// SecretScan's version, reported by `--version` and in JSON/SARIF output.
public enum SecretScanVersion {
    public static let current = "0.1.0"
}
