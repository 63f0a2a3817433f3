import Foundation

/// One line of `.secretscanignore`:
///
///     <fingerprint|*> [rule:<rule-id>] [path:<glob>] [expires:YYYY-MM-DD] [# reason]
///
/// A fingerprint (32 hex digits, as in reports) suppresses that finding; `*` with a `rule:` and/or
/// `path:` scope suppresses every finding in that scope. Past its expiry date an entry stops
/// suppressing and is reported.
public struct IgnoreEntry: Sendable, Hashable {
    public var file: String
    public var line: Int
    /// nil for `*`.
    public var fingerprint: String?
    public var ruleID: String?
    public var pathGlob: String?
    /// `YYYY-MM-DD`, inclusive.
    public var expires: String?
    public var reason: String?

    public func matches(_ f: Finding) -> Bool {
        if let fingerprint, fingerprint != f.fingerprint { return false }
        if let ruleID, ruleID != f.ruleID { return false }
        if let pathGlob, fnmatch(pathGlob, f.location.path, 0) != 0 { return false }
        return true
    }

    public func isExpired(today: String) -> Bool { expires.map { $0 < today } ?? false }

    /// `file:line`, for messages.
    public var origin: String { "\(file):\(line)" }

    static func parse(_ text: String, file: String) throws(SuppressionError) -> [IgnoreEntry] {
        var out: [IgnoreEntry] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            var reason: String?
            if let hash = line.firstIndex(of: "#") {
                let r = line[line.index(after: hash)...].trimmingCharacters(in: .whitespaces)
                reason = r.isEmpty ? nil : r
                line = line[..<hash]
            }
            let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let first = words.first else { continue }
            var e = IgnoreEntry(file: file, line: i + 1, reason: reason)
            if first != "*" {
                let hex = first.lowercased()
                guard hex.count == 32, hex.allSatisfy(\.isHexDigit) else {
                    throw .invalidEntry(
                        file: file, line: i + 1, message: "'\(first)' is not a finding fingerprint (32 hex digits, as in reports) or `*`")
                }
                e.fingerprint = hex
            }
            for w in words.dropFirst() {
                if w.hasPrefix("rule:") {
                    e.ruleID = String(w.dropFirst(5))
                } else if w.hasPrefix("path:") {
                    e.pathGlob = String(w.dropFirst(5))
                } else if w.hasPrefix("expires:") {
                    let d = String(w.dropFirst(8))
                    guard d.count == 10, d.split(separator: "-").map(\.count) == [4, 2, 2],
                        d.replacingOccurrences(of: "-", with: "").allSatisfy(\.isNumber)
                    else {
                        throw .invalidEntry(file: file, line: i + 1, message: "expiry '\(d)' must be a date written YYYY-MM-DD")
                    }
                    e.expires = d
                } else {
                    throw .invalidEntry(
                        file: file, line: i + 1, message: "unknown field '\(w)'; use rule:ID, path:GLOB, expires:YYYY-MM-DD and a # reason")
                }
            }
            if e.fingerprint == nil && e.ruleID == nil && e.pathGlob == nil {
                throw .invalidEntry(file: file, line: i + 1, message: "`*` needs a rule: or path: scope, or it would suppress everything")
            }
            out.append(e)
        }
        return out
    }
}

/// One line of a gitleaks ignore file: `[commit:]path:rule-id:line` (gitleaks' finding fingerprint).
public struct GitleaksIgnoreEntry: Sendable, Hashable {
    public var file: String
    public var line: Int
    public var commit: String?
    public var path: String
    public var ruleID: String
    public var findingLine: Int

    /// gitleaks rule ids differ from ours; an entry matches on path and line, and on the rule id when
    /// the ids agree.
    public func matches(_ f: Finding) -> Bool {
        guard f.location.path == path, f.location.line == findingLine else { return false }
        if let commit, let c = f.commit?.id.hex, !c.hasPrefix(commit.lowercased()) { return false }
        return true
    }

    static func parse(_ text: String, file: String) -> [GitleaksIgnoreEntry] {
        var out: [GitleaksIgnoreEntry] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            var parts = line.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard parts.count >= 3, let n = Int(parts.removeLast()) else { continue }
            let rule = parts.removeLast()
            var commit: String?
            if parts.count >= 2, parts[0].count >= 7, parts[0].allSatisfy(\.isHexDigit) {
                commit = parts.removeFirst()
            }
            out.append(
                GitleaksIgnoreEntry(
                    file: file, line: i + 1, commit: commit, path: parts.joined(separator: ":"), ruleID: rule, findingLine: n))
        }
        return out
    }
}
