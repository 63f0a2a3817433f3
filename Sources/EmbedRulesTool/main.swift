import Foundation

// Usage: EmbedRulesTool OUTPUT.swift RULEFILE.toml...
// Writes a Swift source file holding each rule file's name and base64-encoded bytes, twice: as
// written, and with the `examples` and `negative_examples` keys and values taken out (their newlines
// kept, so every line number stays), which scans load: examples are two fifths of the rule text and
// only `rules test` needs them, while every scan, a pre-commit hook's included, parses the rules.
// Base64 keeps any byte sequence (quotes, backslashes, raw-string delimiters) safe in a literal.

/// `text` without the example keys and their values (newlines kept); nil when the
/// file's structure is not understood (then it is embedded as it is for scans too).
func withoutExamples(_ text: String) -> String? {
    guard !text.utf8.contains(0) else { return nil }
    var bytes = Array(text.utf8)
    let n = bytes.count
    var i = 0
    func at(_ k: Int, _ s: String) -> Bool {
        Array(s.utf8).enumerated().allSatisfy { k + $0.offset < n && bytes[k + $0.offset] == $0.element }
    }
    while i < n {
        // A line that starts (after indentation) with one of the keys and `=`.
        var j = i
        while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
        var keyEnd = -1
        for key in ["negative_examples", "examples"] where at(j, key) {
            var k = j + key.utf8.count
            while k < n && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
            if k < n && bytes[k] == UInt8(ascii: "=") { keyEnd = k + 1 }
            break
        }
        guard keyEnd >= 0 else {
            while i < n && bytes[i] != 0x0A { i += 1 }
            i += 1
            continue
        }
        // The value: an array, to its closing bracket, past strings and comments.
        var k = keyEnd
        while k < n && (bytes[k] == 0x20 || bytes[k] == 0x09) { k += 1 }
        guard k < n && bytes[k] == UInt8(ascii: "[") else { return nil }
        var depth = 0
        repeat {
            let b = bytes[k]
            if at(k, "\'\'\'") || at(k, "\"\"\"") {
                let quote = Array(bytes[k..<(k + 3)])
                k += 3
                while k < n && !(bytes[k] == quote[0] && at(k, String(decoding: quote, as: UTF8.self))) {
                    if quote[0] == UInt8(ascii: "\"") && bytes[k] == UInt8(ascii: "\\") { k += 1 }
                    k += 1
                }
                guard k < n else { return nil }
                // A closing delimiter may be followed by up to two more quotes that belong to the string.
                k += 3
                while k < n && bytes[k] == quote[0] { k += 1 }
                continue
            }
            if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                k += 1
                while k < n && bytes[k] != b && bytes[k] != 0x0A {
                    if b == UInt8(ascii: "\"") && bytes[k] == UInt8(ascii: "\\") { k += 1 }
                    k += 1
                }
                guard k < n && bytes[k] == b else { return nil }
                k += 1
                continue
            }
            if b == UInt8(ascii: "#") {
                while k < n && bytes[k] != 0x0A { k += 1 }
                continue
            }
            if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") { depth += 1 }
            if b == UInt8(ascii: "]") || b == UInt8(ascii: "}") { depth -= 1 }
            k += 1
        } while k < n && depth > 0
        guard depth == 0 else { return nil }
        for m in j..<k where bytes[m] != 0x0A { bytes[m] = 0 }
        i = k
    }
    // Blanked bytes dropped, newlines kept.
    return String(decoding: bytes.filter { $0 != 0 }, as: UTF8.self)
}
let args = CommandLine.arguments.dropFirst()
guard let output = args.first else {
    FileHandle.standardError.write(Data("usage: EmbedRulesTool OUTPUT.swift RULEFILE...\n".utf8))
    exit(2)
}
var source = """
    // Generated at build time by EmbedRulesTool from rules/*.toml. Do not edit.

    enum EmbeddedRules {
        /// (file name, base64 of the file's bytes, base64 of the bytes without examples), sorted by
        /// file name.
        static let files: [(name: String, base64: String, withoutExamples: String)] = [

    """
for path in args.dropFirst().sorted() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("EmbedRulesTool: cannot read \(path)\n".utf8))
        exit(1)
    }
    let name = URL(fileURLWithPath: path).lastPathComponent
    let lean = String(data: data, encoding: .utf8).flatMap(withoutExamples).map { Data($0.utf8) } ?? data
    source += "        (\"\(name)\", \"\(data.base64EncodedString())\", \"\(lean.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("EmbedRulesTool: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
