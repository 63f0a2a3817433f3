/// `rootkey.csv`: the file the AWS console gave for a root user access key
/// (`AWSAccessKeyId=…` and `AWSSecretKey=…` lines). Its presence is the finding; the key id is its
/// value.
enum RootKeyFileCheck {
    static func run(_ report: inout IaCReport) {
        let source = report.source
        var line = 1
        var keyID = ""
        for l in 1...source.lineCount {
            let text = source.text(source.lineRange(l))
            if let eq = text.firstIndex(of: "="), text.hasPrefix("AWSAccessKeyId") {
                line = l
                keyID = String(text[text.index(after: eq)...]).trimmingCharacters(in: .whitespacesAndNewlines)
                break
            }
        }
        let range = source.lineRange(line)
        guard !range.isEmpty else { return }
        report.add(
            .rootCredentials, at: source.span(range), secret: keyID, resource: report.path,
            explanation: "\(report.path) is a root user access key file as the AWS console downloads it.", detail: "rootkey.csv")
    }
}
