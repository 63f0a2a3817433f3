import Yams

/// Reads YAML documents with Yams into `IaCNode`s with exact positions. CloudFormation's short-form
/// intrinsics (`!Ref`, `!Sub`, `!GetAtt`…) are local tags, which libyaml keeps as they are: they
/// become the node's `tag`. Merge keys (`<<: *defaults`) are folded into their map.
struct YAMLTreeReader {
    /// Bounds on what is handed to Yams, whose composer recurses once per nesting level.
    static let maxNesting = 200
    /// Bounds the nodes built per file, so alias expansion (`*a` repeated) cannot blow up.
    static let maxNodes = 200_000

    private let source: IaCSource
    private var budget = maxNodes

    /// Every document of `source`; those after a syntax error are lost, those before it are kept.
    static func documents(_ source: IaCSource) -> [IaCNode] {
        guard isShallow(source.bytes) else { return [] }
        let text = String(decoding: source.bytes, as: UTF8.self)
        guard var sequence = try? Yams.compose_all(yaml: text) else { return [] }
        var reader = YAMLTreeReader(source: source)
        var out: [IaCNode] = []
        while let node = sequence.next() {
            guard reader.budget > 0 else { break }
            out.append(reader.convert(node))
        }
        return out
    }

    /// Whether flow nesting (`[[[…`) and block-sequence nesting on one line (`- - - …`) stay within
    /// `maxNesting`, so composing cannot exhaust the stack.
    static func isShallow(_ bytes: [UInt8]) -> Bool {
        var flow = 0
        var dashes = 0
        var lineStart = true
        for b in bytes {
            switch b {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flow += 1
                if flow > maxNesting { return false }
                lineStart = false
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flow = max(0, flow - 1)
                lineStart = false
            case 0x0A:
                lineStart = true
                dashes = 0
            case UInt8(ascii: "-") where lineStart:
                dashes += 1
                if dashes > maxNesting { return false }
            case 0x20, 0x09:
                break
            default:
                lineStart = false
            }
        }
        return true
    }

    private mutating func convert(_ node: Node) -> IaCNode {
        budget -= 1
        guard budget > 0 else { return IaCNode(.scalar(.null, ""), span: .start) }
        switch node {
        case .scalar(let s):
            return scalar(s)
        case .mapping(let m):
            let span = point(m.mark)
            var entries: [IaCEntry] = []
            var merged: [IaCEntry] = []
            for (k, v) in m {
                let key = k.scalar?.string ?? ""
                let keySpan = k.scalar.map { contentSpan($0) } ?? point(k.mark)
                if key == "<<", k.scalar?.style == .plain {
                    for source in (v.sequence.map(Array.init) ?? [v]) where source.mapping != nil {
                        merged.append(contentsOf: convert(source).entries)
                    }
                    continue
                }
                entries.append(IaCEntry(key: key, keySpan: keySpan, value: convert(v)))
            }
            let own = Set(entries.map(\.key))
            var seen = Set<String>()
            for e in merged where !own.contains(e.key) && seen.insert(e.key).inserted { entries.append(e) }
            return IaCNode(.map(entries), span: span, tag: localTag(m.tag))
        case .sequence(let s):
            var items: [IaCNode] = []
            for item in s { items.append(convert(item)) }
            return IaCNode(.list(items), span: point(s.mark), tag: localTag(s.tag))
        }
    }

    private func localTag(_ tag: Tag) -> String? {
        let name = tag.description
        return name.hasPrefix("!") ? name : nil
    }

    private func point(_ mark: Mark?) -> IaCSpan {
        guard let mark else { return .start }
        return .point(line: mark.line, column: mark.column)
    }

    private func scalar(_ s: Node.Scalar) -> IaCNode {
        let kind: IaCNode.ScalarKind
        switch s.style {
        case .singleQuoted, .doubleQuoted, .literal, .folded: kind = .string
        default: kind = ["", "~", "null", "Null", "NULL"].contains(s.string) ? .null : .string
        }
        return IaCNode(.scalar(kind, s.string), span: contentSpan(s), tag: localTag(s.tag))
    }

    /// The span of a scalar's characters: after its tag and opening quote, through the closing
    /// quote's predecessor (or the end of the line for multi-line values); for block scalars
    /// (`|`, `>`), the first line of content.
    private func contentSpan(_ s: Node.Scalar) -> IaCSpan {
        guard let mark = s.mark else { return .start }
        let bytes = source.bytes
        var i = source.offset(line: mark.line, column: mark.column)
        var lineEnd = source.lineRange(mark.line).upperBound
        if localTag(s.tag) != nil || (i < lineEnd && bytes[i] == UInt8(ascii: "!")) {
            while i < lineEnd, bytes[i] != 0x20, bytes[i] != 0x09 { i += 1 }
            while i < lineEnd, bytes[i] == 0x20 || bytes[i] == 0x09 { i += 1 }
        }
        switch s.style {
        case .singleQuoted, .doubleQuoted:
            let quote = s.style == .singleQuoted ? UInt8(ascii: "'") : UInt8(ascii: "\"")
            if i < lineEnd, bytes[i] == quote { i += 1 }
            let start = i
            while i < lineEnd {
                if bytes[i] == quote {
                    if quote == UInt8(ascii: "'"), i + 1 < lineEnd, bytes[i + 1] == quote {
                        i += 2
                        continue
                    }
                    break
                }
                if quote == UInt8(ascii: "\""), bytes[i] == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                i += 1
            }
            return source.span(start..<min(i, lineEnd))
        case .literal, .folded:
            var line = source.line(of: i) + 1
            while line <= source.lineCount {
                let r = source.lineRange(line)
                var j = r.lowerBound
                while j < r.upperBound, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < r.upperBound { return source.span(j..<r.upperBound) }
                line += 1
            }
            return .point(line: mark.line, column: mark.column)
        default:
            let length = s.string.utf8.count
            if !s.string.contains("\n"), i + length <= lineEnd {
                lineEnd = i + length
            }
            return source.span(i..<max(i, lineEnd))
        }
    }
}
