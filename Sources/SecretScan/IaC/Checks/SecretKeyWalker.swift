/// Finds literal values under secret-ish keys in a structured value (an environment map, a
/// `jsonencode({...})` payload, a Lambda `Environment.Variables`, a variable's object default).
enum SecretKeyWalker {
    static let maxDepth = 32

    /// A literal under a secret-ish key: the key, the value node and the literal.
    struct Hit {
        var key: String
        var node: IaCNode
        var secret: String
    }

    /// Every hit in `node`, through nested maps and lists. `strict` judges keys by their last word
    /// only (resource properties); `skip` names keys not to look under.
    static func hits(in node: IaCNode, strict: Bool = false, skip: Set<String> = []) -> [Hit] {
        var out: [Hit] = []
        collect(node, strict: strict, skip: skip, depth: 0, into: &out)
        return out
    }

    private static func collect(_ node: IaCNode, strict: Bool, skip: Set<String>, depth: Int, into out: inout [Hit]) {
        guard depth < maxDepth else { return }
        switch node.value {
        case .map(let entries):
            for e in entries where !skip.contains(e.key) {
                let kind = SecretName.classify(e.key, strict: strict)
                if kind != .none {
                    for v in e.value.isList ? e.value.items : [e.value] {
                        if let s = LiteralValue.secret(v, kind: kind, name: e.key) { out.append(Hit(key: e.key, node: v, secret: s)) }
                    }
                }
                if e.value.isMap || e.value.isList {
                    // Environment maps hold variable names, judged leniently.
                    let lenient = !strict || ["variables", "environment", "environmentvariables", "env"].contains(e.key.lowercased())
                    collect(e.value, strict: !lenient, skip: skip, depth: depth + 1, into: &out)
                }
            }
        case .list(let items):
            for item in items where item.isMap || item.isList {
                collect(item, strict: strict, skip: skip, depth: depth + 1, into: &out)
            }
        case .scalar:
            break
        }
    }
}
