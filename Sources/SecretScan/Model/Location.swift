/// Where a finding is: a path relative to the scanned root (`/`-separated) and a 1-based range.
/// Columns count characters (UTF-8 sequences; each invalid byte counts as one); `endColumn` is the
/// column of the secret's last character (inclusive).
public struct Location: Sendable, Hashable, Codable {
    public var path: String
    public var line: Int
    public var column: Int
    public var endLine: Int
    public var endColumn: Int

    public init(path: String, line: Int, column: Int, endLine: Int, endColumn: Int) {
        self.path = path
        self.line = line
        self.column = column
        self.endLine = endLine
        self.endColumn = endColumn
    }
}
