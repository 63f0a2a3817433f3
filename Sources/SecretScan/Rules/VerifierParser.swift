import Foundation

/// Parses `[[verifiers]]` entries and the `[verify]` table of rule files.
enum VerifierParser {
    static let keys: Set<String> = [
        "name", "kind", "endpoint", "path", "method", "headers", "body", "basicAuth", "validStatus", "invalidStatus",
        "successField", "identity",
    ]

    static func verifier(_ value: TOMLNode, file: String, line: Int) throws(RuleError) -> VerifierSpec {
        func fail(_ message: String) -> RuleError {
            .invalidRule(file: file, line: line, ruleID: nil, message: "[[verifiers]]: " + message)
        }
        guard let t = value.table else { throw fail("entries must be tables") }
        for key in t.keys where !keys.contains(key) {
            throw fail("unknown key '\(key)'; expected one of \(keys.sorted().joined(separator: ", "))")
        }
        guard let name = t["name"]?.string, !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw fail("needs a `name` of letters, digits and dashes (e.g. \"github\")")
        }
        func text(_ key: String) throws(RuleError) -> String? {
            guard let v = t[key] else { return nil }
            guard let s = v.string else { throw fail("verifier '\(name)': `\(key)` must be a string") }
            return s
        }
        func codes(_ key: String, _ fallback: [Int]) throws(RuleError) -> [Int] {
            guard let v = t[key] else { return fallback }
            guard let a = v.array, let list = Optional(a.compactMap(\.int)), list.count == a.count, !list.isEmpty,
                list.allSatisfy({ (100...599).contains($0) })
            else { throw fail("verifier '\(name)': `\(key)` must be a list of HTTP status codes") }
            return list
        }
        var kind = VerifierSpec.Kind.http
        if let k = try text("kind") {
            guard let parsed = VerifierSpec.Kind(rawValue: k) else {
                throw fail(
                    "verifier '\(name)': `kind` is '\(k)'; use \(VerifierSpec.Kind.allCases.map(\.rawValue).joined(separator: " or "))")
            }
            kind = parsed
        }
        guard let endpoint = try text("endpoint") else { throw fail("verifier '\(name)' needs an `endpoint` (base URL)") }
        if let problem = VerifyEndpoint.problem(with: endpoint) { throw fail("verifier '\(name)': `endpoint` \(problem)") }
        let method = (try text("method") ?? "GET").uppercased()
        guard method == "GET" || method == "POST" else {
            throw fail("verifier '\(name)': `method` must be GET or POST (verification never changes state)")
        }
        var headers: [[String]] = []
        if let h = t["headers"] {
            guard let table = h.table else { throw fail("verifier '\(name)': `headers` must be a table of name = value") }
            for key in table.keys.sorted() {
                guard let value = table[key]?.string else { throw fail("verifier '\(name)': header '\(key)' must be a string") }
                headers.append([key, value])
            }
        }
        var identity: [String] = []
        if let i = t["identity"] {
            guard let a = i.array, let list = Optional(a.compactMap(\.string)), list.count == a.count else {
                throw fail("verifier '\(name)': `identity` must be a list of JSON field paths")
            }
            identity = list
        }
        return VerifierSpec(
            name: name, kind: kind, endpoint: endpoint, path: try text("path") ?? "", method: method, headers: headers,
            body: try text("body"), basicAuth: try text("basicAuth"), validStatus: try codes("validStatus", [200]),
            invalidStatus: try codes("invalidStatus", [401, 403]), successField: try text("successField"), identity: identity,
            origin: RuleOrigin(file: file, line: line))
    }

    /// `[verify] endpoints = { NAME = "URL", … }`.
    static func endpoints(_ value: TOMLNode, file: String, line: Int) throws(RuleError) -> [String: String] {
        func fail(_ message: String) -> RuleError { .invalidRule(file: file, line: line, ruleID: nil, message: "[verify]: " + message) }
        guard let t = value.table else { throw fail("must be a table") }
        for key in t.keys where key != "endpoints" { throw fail("unknown key '\(key)'; expected endpoints") }
        guard let e = t["endpoints"] else { return [:] }
        guard let table = e.table else { throw fail("`endpoints` must be a table of verifier name = base URL") }
        var result: [String: String] = [:]
        for key in table.keys {
            guard let url = table[key]?.string else { throw fail("endpoint '\(key)' must be a string (a base URL)") }
            if let problem = VerifyEndpoint.problem(with: url) { throw fail("endpoint '\(key)' \(problem)") }
            result[key] = url
        }
        return result
    }
}
