extension HCLParser {
    /// Decodes the escapes of a quoted HCL string without interpolation.
    static func unescape(_ raw: String) -> String {
        guard raw.contains("\\") || raw.contains("$${") || raw.contains("%%{") else { return raw }
        var out = ""
        var it = Array(raw.unicodeScalars)[...]
        while let c = it.popFirst() {
            if c == "\\", let e = it.popFirst() {
                switch e {
                case "n": out.append("\n")
                case "t": out.append("\t")
                case "r": out.append("\r")
                case "u", "U":
                    let count = e == "u" ? 4 : 8
                    let digits = String(String.UnicodeScalarView(it.prefix(count)))
                    if digits.count == count, let v = UInt32(digits, radix: 16), let s = Unicode.Scalar(v) {
                        out.unicodeScalars.append(s)
                        it = it.dropFirst(count)
                    } else {
                        out.unicodeScalars.append(e)
                    }
                default: out.unicodeScalars.append(e)
                }
            } else if c == "$" || c == "%", it.first == c, it.dropFirst().first == "{" {
                out.unicodeScalars.append(c)
                it = it.dropFirst()
            } else {
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
