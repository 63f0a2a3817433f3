import Foundation
import SecretScan

/// What a provider's answer means for the credential.
enum VerifierAnswer {
    static func judge(status: Int, body: [UInt8], credential: Credential, host: String) -> Verification {
        let spec = credential.verifier
        if spec.kind == .awsSTS { return judgeSTS(status: status, body: body, host: host) }
        let json = try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        if spec.validStatus.contains(status) {
            if let field = spec.successField {
                let value = lookup(field, in: json)
                if (value as? Bool) != true {
                    let reason = (lookup("error", in: json) as? String).map { ": \($0)" } ?? ""
                    return Verification(status: .invalid, detail: "\(host) answered \(field)=false\(reason)")
                }
            }
            let parts = spec.identity.compactMap { path -> String? in
                guard let value = lookup(path, in: json), let text = describe(value), !text.isEmpty else { return nil }
                return "\(path)=\(text)"
            }
            return Verification(status: .valid, detail: parts.isEmpty ? "accepted by \(host)" : parts.joined(separator: ", "))
        }
        if spec.invalidStatus.contains(status) {
            return Verification(status: .invalid, detail: "rejected by \(host) (HTTP \(status))")
        }
        return Verification(status: .error, detail: "unexpected answer from \(host): HTTP \(status)")
    }

    /// `GetCallerIdentity`'s XML: account, ARN and user id; an error code otherwise.
    static func judgeSTS(status: Int, body: [UInt8], host: String) -> Verification {
        let text = String(decoding: body, as: UTF8.self)
        func element(_ name: String) -> String? {
            guard let open = text.range(of: "<\(name)>"), let close = text.range(of: "</\(name)>", range: open.upperBound..<text.endIndex)
            else { return nil }
            return String(text[open.upperBound..<close.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if status == 200, let account = element("Account") {
            let arn = element("Arn") ?? "?"
            let user = element("UserId") ?? "?"
            return Verification(status: .valid, detail: "account \(account), arn \(arn), user id \(user)")
        }
        let code = element("Code") ?? ""
        let rejected: Set<String> = [
            "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "AccessDenied", "UnrecognizedClientException",
            "InvalidAccessKeyId",
        ]
        // A signature refused for its date or scope (clock skew, a region the endpoint does not
        // serve) says nothing about the key.
        let message = (element("Message") ?? "").lowercased()
        if code == "SignatureDoesNotMatch" && (message.contains("expired") || message.contains("scoped")) {
            return Verification(status: .error, detail: "\(host) refused the signature's date or region: \(element("Message") ?? code)")
        }
        if (status == 403 || status == 400) && rejected.contains(code) {
            return Verification(status: .invalid, detail: "rejected by \(host): \(code)")
        }
        return Verification(status: .error, detail: "unexpected answer from \(host): HTTP \(status)\(code.isEmpty ? "" : " \(code)")")
    }

    /// A dotted path (`user.login`) into decoded JSON.
    static func lookup(_ path: String, in json: Any?) -> Any? {
        var current = json
        for key in path.split(separator: ".") {
            guard let object = current as? [String: Any] else { return nil }
            current = object[String(key)]
        }
        return current
    }

    static func describe(_ value: Any) -> String? {
        switch value {
        case let s as String: return s
        case let n as NSNumber: return n.stringValue
        case let a as [Any]: return a.compactMap(describe).joined(separator: " ")
        default: return nil
        }
    }
}
