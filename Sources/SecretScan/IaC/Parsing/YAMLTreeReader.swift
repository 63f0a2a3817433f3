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
    /// Byte offset where each of YAML's lines starts, when YAML's lines are not the file's: libyaml
    /// also breaks lines at a lone CR, NEL, LS and PS, where positions count only LF. nil otherwise.
    private let yamlLineStarts: [Int]?

    private init(source: IaCSource) {
        self.source = source
        self.yamlLineStarts = YAMLTreeReader.yamlLineStarts(source.bytes)
    }

    /// Line starts as libyaml counts lines (CRLF, CR, LF, NEL, LS, PS each end one), or nil when the
    /// bytes hold no break but LF and CRLF.
    static func yamlLineStarts(_ bytes: [UInt8]) -> [Int]? {
        var starts = [0]
        var other = false
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var next = -1
            if b == 0x0A {
                next = i + 1
            } else if b == 0x0D {
                if i + 1 < n, bytes[i + 1] == 0x0A {
                    next = i + 2
                } else {
                    next = i + 1
                    other = true
                }
            } else if b == 0xC2, i + 1 < n, bytes[i + 1] == 0x85 {
                next = i + 2
                other = true
            } else if b == 0xE2, i + 2 < n, bytes[i + 1] == 0x80, bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9 {
                next = i + 3
                other = true
            }
            if next >= 0 {
                starts.append(next)
                i = next
            } else {
                i += 1
            }
        }
        return other ? starts : nil
    }

    /// The byte offset of a libyaml mark (1-based line and character column).
    private func offset(of mark: Mark) -> Int {
        guard let starts = yamlLineStarts else { return source.offset(line: mark.line, column: mark.column) }
        let bytes = source.bytes
        var i = starts[min(max(mark.line, 1), starts.count) - 1]
        var characters = max(mark.column - 1, 0)
        while i < bytes.count, characters > 0 {
            i += 1
            while i < bytes.count, bytes[i] & 0xC0 == 0x80 { i += 1 }
            characters -= 1
        }
        return min(i, bytes.count)
    }

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
        guard yamlLineStarts != nil else { return .point(line: mark.line, column: mark.column) }
        return source.span(offset(of: mark)..<offset(of: mark))
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
        var i = offset(of: mark)
        var lineEnd = source.lineRange(yamlLineStarts == nil ? mark.line : source.line(of: i)).upperBound
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
            // The mark may lie past the end of the line it was measured on (libyaml and this file
            // can disagree about invalid UTF-8 and lone line breaks): never an upside-down range.
            return source.span(start..<max(start, min(i, lineEnd)))
        case .literal, .folded:
            var line = source.line(of: i) + 1
            while line <= source.lineCount {
                let r = source.lineRange(line)
                var j = r.lowerBound
                while j < r.upperBound, bytes[j] == 0x20 || bytes[j] == 0x09 { j += 1 }
                if j < r.upperBound { return source.span(j..<r.upperBound) }
                line += 1
            }
            return point(mark)
        default:
            let length = s.string.utf8.count
            if !s.string.contains("\n"), i + length <= lineEnd {
                lineEnd = i + length
            }
            return source.span(i..<max(i, lineEnd))
        }
    }
}
