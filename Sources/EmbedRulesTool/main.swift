import Foundation

// Usage: EmbedRulesTool OUTPUT.swift RULEFILE.toml...
// Writes a Swift source file holding each rule file's name and base64-encoded bytes.
// Base64 keeps any byte sequence (quotes, backslashes, raw-string delimiters) safe in a literal.
let args = CommandLine.arguments.dropFirst()
guard let output = args.first else {
    FileHandle.standardError.write(Data("usage: EmbedRulesTool OUTPUT.swift RULEFILE...\n".utf8))
    exit(2)
}
var source = """
    // Generated at build time by EmbedRulesTool from rules/*.toml. Do not edit.

    enum EmbeddedRules {
        /// (file name, base64 of the file's bytes), sorted by file name.
        static let files: [(name: String, base64: String)] = [

    """
for path in args.dropFirst().sorted() {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("EmbedRulesTool: cannot read \(path)\n".utf8))
        exit(1)
    }
    let name = URL(fileURLWithPath: path).lastPathComponent
    source += "        (\"\(name)\", \"\(data.base64EncodedString())\"),\n"
}
source += "    ]\n}\n"
do {
    try Data(source.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
} catch {
    FileHandle.standardError.write(Data("EmbedRulesTool: cannot write \(output): \(error)\n".utf8))
    exit(1)
}
