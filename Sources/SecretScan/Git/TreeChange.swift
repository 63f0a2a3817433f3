/// A file entry that a commit's tree has and its first parent's tree does not (added or changed).
struct TreeChange: Sendable {
    enum Kind: Sendable { case file, symlink, submodule }
    var path: String
    /// nil when the path was deleted.
    var blob: ObjectID?
    var kind: Kind
}

/// A file whose content a diff changes, with the 1-based line numbers it adds in the new version.
struct AddedLines: Sendable {
    var path: String
    var blob: ObjectID
    var kind: TreeChange.Kind
    var lines: Set<Int>
}
