import Foundation
import SecretScan

/// A request to make, or the outcome already known without one.
enum Prepared {
    case request(VerifierRequest)
    case outcome(Verification)
}

/// The HTTP request a verifier makes for one credential.
struct VerifierRequest {
    var method: String
    var url: String
    var host: String
    var headers: [(String, String)]
    var body: [UInt8]?

    /// The request, or why the credential cannot be checked (`.unsupported`).
    static func make(for credential: Credential, date: Date) -> Prepared {
        let spec = credential.verifier
        switch spec.kind {
        case .awsSTS: return stsRequest(credential, date: date)
        case .http: break
        }
        var missing: String?
        func fill(_ template: String) -> String {
            var out = template.replacingOccurrences(of: "{secret}", with: credential.secret)
            while let open = out.range(of: "{related:"), let close = out[open.upperBound...].firstIndex(of: "}") {
                let rule = String(out[open.upperBound..<close])
                guard let value = credential.related[rule] else {
                    missing = rule
                    out.replaceSubrange(open.lowerBound...close, with: "")
                    continue
                }
                out.replaceSubrange(open.lowerBound...close, with: value)
            }
            return out
        }
        let base = spec.endpoint.hasSuffix("/") ? String(spec.endpoint.dropLast()) : spec.endpoint
        let url = base + fill(spec.path)
        var headers = spec.headers.map { ($0[0], fill($0[1])) }
        if let basic = spec.basicAuth {
            headers.append(("Authorization", "Basic " + Data(fill(basic).utf8).base64EncodedString()))
        }
        let body = spec.body.map { Array(fill($0).utf8) } ?? (spec.method == "POST" ? [] : nil)
        if let missing {
            return .outcome(
                Verification(status: .unsupported, detail: "\(spec.name) needs the \(missing) found near this secret, and none was"))
        }
        return .request(
            VerifierRequest(method: spec.method, url: url, host: URLComponents(string: url)?.host ?? base, headers: headers, body: body))
    }

    /// The region an STS endpoint signs for: `sts.REGION.amazonaws.com`, `sts-fips.REGION.…`,
    /// `….sts.REGION.vpce.amazonaws.com`; the global endpoint (and any other host) us-east-1.
    static func stsRegion(host: String) -> String {
        let labels = host.lowercased().split(separator: ".").map(String.init)
        let isRegion = { (s: String) in s.split(separator: "-").count >= 3 && s.last?.isNumber == true }
        if labels.count >= 3, labels[0] == "sts" || labels[0] == "sts-fips", isRegion(labels[1]) { return labels[1] }
        if let i = labels.firstIndex(of: "sts"), i + 2 < labels.count, labels[i + 2] == "vpce", isRegion(labels[i + 1]) {
            return labels[i + 1]
        }
        return "us-east-1"
    }

    /// STS `GetCallerIdentity`, SigV4-signed with the key pair (and session token, if any).
    static func stsRequest(_ credential: Credential, date: Date) -> Prepared {
        let isKeyID = { (s: String) in s.count == 20 && (s.hasPrefix("AKIA") || s.hasPrefix("ASIA")) }
        guard !isKeyID(credential.secret) else {
            return .outcome(
                Verification(
                    status: .unsupported,
                    detail: "an access key id alone cannot be checked: its secret access key was not found near it"))
        }
        guard let keyID = credential.related.values.sorted().first(where: isKeyID) else {
            return .outcome(
                Verification(
                    status: .unsupported,
                    detail: "a secret access key alone cannot be checked: no access key id (AKIA…/ASIA…) was found near it"))
        }
        let spec = credential.verifier
        let base = spec.endpoint.hasSuffix("/") ? String(spec.endpoint.dropLast()) : spec.endpoint
        guard let components = URLComponents(string: base), let host = components.host else {
            return .outcome(Verification(status: .error, detail: "aws-sts endpoint '\(base)' has no host"))
        }
        let hostHeader = components.port.map { "\(host):\($0)" } ?? host
        let region = stsRegion(host: host)
        let sessionToken = credential.related["aws-session-token"]
        if keyID.hasPrefix("ASIA") && sessionToken == nil {
            return .outcome(
                Verification(
                    status: .unsupported,
                    detail: "a temporary key (ASIA…) cannot be checked without its session token, which was not found near it"))
        }
        let body = Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)
        let path = components.path.isEmpty ? "/" : components.path
        let headers = [("Host", hostHeader), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        let signer = SigV4(
            accessKeyID: keyID, secretAccessKey: credential.secret, sessionToken: sessionToken, region: region,
            service: "sts")
        let signed = signer.sign(method: "POST", path: path, query: "", headers: headers, body: body, date: date)
        return .request(
            VerifierRequest(
                method: "POST", url: base + (components.path.isEmpty ? "/" : ""), host: host, headers: headers + signed, body: body))
    }
}
