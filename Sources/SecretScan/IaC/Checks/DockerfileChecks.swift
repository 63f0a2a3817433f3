/// Dockerfiles: `ENV`/`ARG` with secret-ish names and literal values, and `COPY`/`ADD` of `.env`
/// files, private keys and credential files from the build context. Instructions are joined
/// across continuation lines (`\`, or the character set by `# escape=`); positions stay exact.
enum DockerfileChecks {
    /// One instruction: its characters with the file offset of each.
    struct Instruction {
        var bytes: [UInt8] = []
        var offsets: [Int] = []
    }

    static func run(_ report: inout IaCReport) {
        let source = report.source
        for instruction in instructions(source) {
            let words = split(instruction)
            guard let first = words.first else { continue }
            let keyword = String(decoding: first.bytes, as: UTF8.self).uppercased()
            let args = Array(words.dropFirst())
            switch keyword {
            case "ENV", "ARG": variables(keyword, args, instruction, source, &report)
            case "COPY", "ADD": copies(keyword, args, instruction, source, &report)
            default: break
            }
        }
    }

    /// The instructions of the file, without comment lines and continuation characters.
    static func instructions(_ source: IaCSource) -> [Instruction] {
        let b = source.bytes
        var escape = UInt8(ascii: "\\")
        var out: [Instruction] = []
        var current = Instruction()
        var continuing = false
        var sawInstruction = false
        for line in 1...source.lineCount {
            let r = source.lineRange(line)
            var s = r.lowerBound
            while s < r.upperBound, b[s] == 0x20 || b[s] == 0x09 { s += 1 }
            if s < r.upperBound, b[s] == UInt8(ascii: "#") {
                // Parser directives come before any instruction: `# escape=``.
                if !sawInstruction {
                    let text = source.text(s..<r.upperBound).lowercased().replacingOccurrences(of: " ", with: "")
                    if text.hasPrefix("#escape="), let c = text.dropFirst(8).utf8.first { escape = c }
                }
                continue
            }
            if s == r.upperBound && !continuing { continue }
            sawInstruction = true
            var e = r.upperBound
            while e > s, b[e - 1] == 0x20 || b[e - 1] == 0x09 { e -= 1 }
            let continues = e > s && b[e - 1] == escape
            if continues { e -= 1 }
            for i in s..<e {
                current.bytes.append(b[i])
                current.offsets.append(i)
            }
            if continues {
                continuing = true
                current.bytes.append(0x20)
                current.offsets.append(e)
            } else {
                continuing = false
                if !current.bytes.isEmpty { out.append(current) }
                current = Instruction()
            }
        }
        if !current.bytes.isEmpty { out.append(current) }
        return out
    }

    /// A word of an instruction: its bytes (quotes kept) and its range in the instruction.
    struct Word {
        var bytes: [UInt8]
        var range: Range<Int>
    }

    /// Splits at unquoted whitespace.
    static func split(_ ins: Instruction) -> [Word] {
        var words: [Word] = []
        var i = 0
        let b = ins.bytes
        while i < b.count {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
            guard i < b.count else { break }
            let start = i
            var quote: UInt8?
            while i < b.count {
                let c = b[i]
                if let q = quote {
                    if c == UInt8(ascii: "\\"), q == UInt8(ascii: "\""), i + 1 < b.count {
                        i += 2
                        continue
                    }
                    if c == q { quote = nil }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == 0x20 || c == 0x09 {
                    break
                }
                i += 1
            }
            words.append(Word(bytes: Array(b[start..<i]), range: start..<i))
        }
        return words
    }

    private static func unquote(_ bytes: ArraySlice<UInt8>) -> (String, Int) {
        guard let f = bytes.first, f == UInt8(ascii: "\"") || f == UInt8(ascii: "'") else {
            return (String(decoding: bytes, as: UTF8.self), 0)
        }
        var inner = bytes.dropFirst()
        if inner.last == f { inner = inner.dropLast() }
        var out: [UInt8] = []
        var it = inner.makeIterator()
        while let c = it.next() {
            if c == UInt8(ascii: "\\"), f == UInt8(ascii: "\""), let n = it.next() { out.append(n) } else { out.append(c) }
        }
        return (String(decoding: out, as: UTF8.self), 1)
    }

    private static func variables(
        _ keyword: String, _ args: [Word], _ ins: Instruction, _ source: IaCSource,
        _ report: inout IaCReport
    ) {
        guard let first = args.first else { return }
        var pairs: [(key: String, value: String, at: Int)] = []
        if keyword == "ENV", !first.bytes.contains(UInt8(ascii: "=")) {
            // Legacy `ENV KEY value with spaces`.
            guard args.count >= 2 else { return }
            let valueStart = args[1].range.lowerBound
            let (value, skip) =
                args.count == 2 ? unquote(args[1].bytes[...]) : (String(decoding: ins.bytes[valueStart...], as: UTF8.self), 0)
            pairs.append((String(decoding: first.bytes, as: UTF8.self), value, valueStart + skip))
        } else {
            for w in args {
                guard let eq = w.bytes.firstIndex(of: UInt8(ascii: "=")) else { continue }
                let key = String(decoding: w.bytes[..<eq], as: UTF8.self)
                let (value, skip) = unquote(w.bytes[(eq + 1)...])
                pairs.append((key, value, w.range.lowerBound + eq + 1 + skip))
            }
        }
        for pair in pairs {
            let kind = SecretName.classify(pair.key)
            let node = IaCNode(.scalar(.string, pair.value), span: .start)
            guard let secret = LiteralValue.secret(node, kind: kind, name: pair.key) else { continue }
            let start = ins.offsets[min(pair.at, ins.offsets.count - 1)]
            let endIndex = min(pair.at + max(pair.value.utf8.count, 1), ins.offsets.count) - 1
            let end = ins.offsets[max(min(endIndex, ins.offsets.count - 1), 0)] + 1
            report.add(
                .dockerEnvSecretLiteral, at: source.span(start..<max(start + 1, end)), secret: secret,
                resource: "\(keyword) \(pair.key)",
                explanation: "`\(keyword) \(pair.key)` bakes a literal secret into the image.", detail: pair.key)
        }
    }

    private static func copies(
        _ keyword: String, _ args: [Word], _ ins: Instruction, _ source: IaCSource,
        _ report: inout IaCReport
    ) {
        var operands: [Word] = []
        for w in args {
            let text = String(decoding: w.bytes, as: UTF8.self)
            if operands.isEmpty, text.hasPrefix("--") {
                if text.hasPrefix("--from") { return }  // from another stage or image, not the build context
                continue
            }
            if text.hasPrefix("<<") { return }  // heredoc
            operands.append(w)
        }
        // Each path with its range in the instruction (inside quotes, if quoted).
        var paths: [(text: String, range: Range<Int>)] = []
        if let first = operands.first, first.bytes.first == UInt8(ascii: "[") {
            // JSON form: `COPY ["src", "dest"]`.
            let b = ins.bytes
            var i = first.range.lowerBound
            while i < b.count {
                guard b[i] == UInt8(ascii: "\"") else {
                    i += 1
                    continue
                }
                let start = i + 1
                var j = start
                while j < b.count, b[j] != UInt8(ascii: "\"") { j += b[j] == UInt8(ascii: "\\") ? 2 : 1 }
                let end = min(j, b.count)
                paths.append((String(decoding: b[start..<end], as: UTF8.self), start..<end))
                i = end + 1
            }
        } else {
            for w in operands {
                let (text, skip) = unquote(w.bytes[...])
                let start = w.range.lowerBound + skip
                paths.append((text, start..<max(start, start + text.utf8.count)))
            }
        }
        guard paths.count >= 2 else { return }
        for path in paths.dropLast() where isCredentialFile(path.text) && !path.range.isEmpty {
            let start = ins.offsets[min(path.range.lowerBound, ins.offsets.count - 1)]
            let end = ins.offsets[min(path.range.upperBound, ins.offsets.count) - 1] + 1
            report.add(
                .dockerCopySecretFile, at: source.span(start..<max(start + 1, end)), resource: "\(keyword) \(path.text)",
                explanation: "`\(keyword)` copies `\(path.text)` from the build context into an image layer.",
                detail: path.text)
        }
    }

    /// `.env` (not `.env.example`), private keys, keystores and credential files.
    static func isCredentialFile(_ path: String) -> Bool {
        let lower = path.lowercased()
        let name = lower.split(separator: "/").last.map(String.init) ?? lower
        if lower.contains(".aws/") || name == ".aws" || lower.contains(".ssh/") || name == ".ssh" || name == ".gnupg" { return true }
        if name == ".env" || name.hasSuffix(".env") && !name.hasPrefix(".") && name != "env" { return true }
        if name.hasPrefix(".env.") {
            let variant = name.dropFirst(5)
            return !["example", "sample", "template", "dist", "defaults", "default", "tmpl", "tpl", "schema", "test", "ci"].contains(
                String(variant))
        }
        let exact: Set<String> = [
            "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "credentials", "credentials.json", ".netrc", "_netrc", ".npmrc",
            ".pypirc", ".git-credentials", ".htpasswd", "htpasswd", ".dockercfg", "kubeconfig", "terraform.tfstate",
            "secrets.json", "secrets.yml", "secrets.yaml", "secret.json", "secret.yml", "secret.yaml", "client_secret.json",
        ]
        if exact.contains(name) { return true }
        for ext in [".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".ppk", ".tfstate"] where name.hasSuffix(ext) { return true }
        if name.hasPrefix("service-account") && name.hasSuffix(".json") { return true }
        return false
    }
}
