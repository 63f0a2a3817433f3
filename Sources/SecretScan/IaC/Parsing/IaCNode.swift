/// A structured value read from YAML, JSON or an HCL expression, with exact positions.
struct IaCNode {
    enum ScalarKind: Sendable {
        /// A string written as one (quoted, a YAML plain scalar, a heredoc without interpolation).
        case string
        case number
        case bool
        case null
        /// Something computed: an HCL reference, call or interpolated template, a JSON `${…}`.
        case expression
    }

    enum Value {
        case map([IaCEntry])
        case list([IaCNode])
        case scalar(ScalarKind, String)
    }

    var value: Value
    /// For scalars, the characters of the value itself (inside quotes).
    var span: IaCSpan
    /// A YAML local tag such as `!Ref` or `!Sub` (CloudFormation short-form intrinsics).
    var tag: String?

    init(_ value: Value, span: IaCSpan, tag: String? = nil) {
        self.value = value
        self.span = span
        self.tag = tag
    }

    var entries: [IaCEntry] {
        if case .map(let e) = value { return e }
        return []
    }

    var items: [IaCNode] {
        if case .list(let l) = value { return l }
        return []
    }

    var isMap: Bool { if case .map = value { return true } else { return false } }
    var isList: Bool { if case .list = value { return true } else { return false } }

    /// The text of a scalar, whatever its kind.
    var text: String? {
        if case .scalar(_, let t) = value { return t }
        return nil
    }

    var scalarKind: ScalarKind? {
        if case .scalar(let k, _) = value { return k }
        return nil
    }

    /// The entry for `key` in a map (case-sensitive).
    subscript(key: String) -> IaCNode? {
        entry(key)?.value
    }

    func entry(_ key: String) -> IaCEntry? {
        entries.first { $0.key == key }
    }

    /// The entry for `key` ignoring ASCII case (ECS `name`/`Name`, `environment`/`Environment`).
    func entry(ignoringCase key: String) -> IaCEntry? {
        let k = key.lowercased()
        return entries.first { $0.key.lowercased() == k }
    }

    func child(ignoringCase key: String) -> IaCNode? { entry(ignoringCase: key)?.value }

    /// Items of a list, or the node itself for a scalar or map (policy `Action: x` vs `Action: [x]`).
    var asList: [IaCNode] {
        if case .list(let l) = value { return l }
        return [self]
    }

    /// Whether the value is `true` (YAML/JSON boolean or the string "true").
    var isTrue: Bool {
        guard tag == nil, let t = text else { return false }
        return t.lowercased() == "true"
    }

    /// The string of `!Sub "…"` or `{"Fn::Sub": "…"}` (the first element of the list form), else the
    /// scalar text. Used where a wildcard in a substituted ARN matters.
    var substitutedText: String? {
        if let t = text { return t }
        if tag == "!Sub", let first = items.first?.text { return first }
        if entries.count == 1, let e = entries.first, e.key == "Fn::Sub" {
            return e.value.text ?? e.value.items.first?.text
        }
        return nil
    }

    /// The logical id of `!Ref X` or `{"Ref": "X"}`.
    var refTarget: String? {
        if tag == "!Ref" { return text }
        if entries.count == 1, let e = entries.first, e.key == "Ref" { return e.value.text }
        return nil
    }

    /// The logical id of `!GetAtt X.Arn`, `!GetAtt [X, Arn]` or `{"Fn::GetAtt": …}`.
    var getAttTarget: String? {
        func target(_ n: IaCNode) -> String? {
            guard let t = n.text ?? n.items.first?.text else { return nil }
            let id = t.prefix { $0 != "." }
            return id.isEmpty ? nil : String(id)
        }
        if tag == "!GetAtt" { return target(self) }
        if entries.count == 1, let e = entries.first, e.key == "Fn::GetAtt" { return target(e.value) }
        return nil
    }

    /// A copy with every span replaced by `span` (for JSON parsed out of an escaped string, whose
    /// inner positions are not those of the file).
    func relocated(to span: IaCSpan) -> IaCNode {
        var copy = self
        copy.span = span
        switch value {
        case .map(let e):
            copy.value = .map(e.map { IaCEntry(key: $0.key, keySpan: span, value: $0.value.relocated(to: span)) })
        case .list(let l):
            copy.value = .list(l.map { $0.relocated(to: span) })
        case .scalar:
            break
        }
        return copy
    }
}

/// One key and value of a map.
struct IaCEntry {
    var key: String
    var keySpan: IaCSpan
    var value: IaCNode
}
