/// Who made a commit and why, as reported with history findings.
public struct CommitInfo: Sendable, Hashable {
    public var id: ObjectID
    public var author: String
    public var email: String
    /// ISO 8601 with the author's UTC offset, e.g. `2024-05-01T12:00:00+02:00`.
    public var date: String
    /// First line of the message.
    public var message: String
}
