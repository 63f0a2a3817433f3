/// A file to scan: the path reported to users (relative to the scanned root, `/`-separated) and
/// where to read it.
public struct FileEntry: Sendable, Hashable {
    public var path: String
    public var absolutePath: String

    public init(path: String, absolutePath: String) {
        self.path = path
        self.absolutePath = absolutePath
    }
}
