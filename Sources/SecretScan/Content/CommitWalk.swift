/// All commits reachable from the tips, numbered so that parents come before children.
struct CommitWalk {
    var ids: [ObjectID] = []
    var trees: [ObjectID] = []
    /// Commit times (seconds since the epoch), to order introductions on unrelated branches.
    var times: [Int64] = []
    /// Index of each commit's first parent, -1 for roots (and shallow or missing parents).
    var firstParent: [Int32] = []
    var issues: [ScanIssue] = []

    /// Walks from `tips` through parents, never past the shallow boundary nor into `stop`.
    init(repo: GitRepository, tips: [ObjectID], shallow: Set<ObjectID>, stop: Set<ObjectID> = []) {
        var indexOf: [ObjectID: Int32] = [:]
        var pending: [ObjectID: (parents: [ObjectID], tree: ObjectID, time: Int64)] = [:]
        var missing = Set<ObjectID>()
        var stack: [(ObjectID, Bool)] = tips.reversed().map { ($0, false) }
        while let (id, expanded) = stack.popLast() {
            if indexOf[id] != nil || missing.contains(id) || stop.contains(id) { continue }
            if expanded {
                guard let node = pending.removeValue(forKey: id) else { continue }
                indexOf[id] = Int32(ids.count)
                ids.append(id)
                trees.append(node.tree)
                times.append(node.time)
                let parent = shallow.contains(id) ? nil : node.parents.first
                firstParent.append(parent.flatMap { indexOf[$0] } ?? -1)
                continue
            }
            if pending[id] != nil { continue }
            guard let node = repo.commitNode(id) else {
                missing.insert(id)
                issues.append(
                    ScanIssue(
                        kind: .missingObject, object: id.hex,
                        message:
                            """
                            commit \(id.hex) is missing or corrupt; history behind it was not scanned (run `git fsck`, or fetch the full \
                            history)
                            """
                    ))
                continue
            }
            pending[id] = node
            stack.append((id, true))
            if !shallow.contains(id) {
                for p in node.parents.reversed() where indexOf[p] == nil { stack.append((p, false)) }
            }
        }
    }
}
