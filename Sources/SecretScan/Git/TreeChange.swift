/// A file entry that a commit's tree has and its first parent's tree does not (added or changed).
struct TreeChange: Sendable {
    enum Kind: Sendable { case file, symlink, submodule }
    var path: String
    /// nil when the path was deleted.
    var blob: ObjectID?
    var kind: Kind
    /// What the path held in the base tree when it was not a directory (nil: nothing, or a directory).
    var previous: Previous? = nil

    /// A base tree's entry: its id and normalized mode.
    struct Previous: Sendable {
        var id: ObjectID
        var mode: UInt32
    }
}

/// A file whose content a diff changes, with the 1-based line numbers it adds in the new version.
struct AddedLines: Sendable {
    var path: String
    var blob: ObjectID
    var kind: TreeChange.Kind
    var lines: Set<Int>
}
