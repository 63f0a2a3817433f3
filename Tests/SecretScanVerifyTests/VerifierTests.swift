import Foundation
import SecretScan
import Testing

@testable import SecretScanVerify

/// Requests built from verifier entries, answers judged, and the built-in verifiers.
struct VerifierTests {
    static let token = "tok" + "en-" + String(repeating: "q7", count: 12)

    func credential(_ spec: VerifierSpec, related: [String: String] = [:]) -> Credential {
        Credential(verifier: spec, secret: Self.token, related: related, ruleID: "some-rule")
    }

    func request(_ c: Credential) -> VerifierRequest? {
        if case .request(let r) = VerifierRequest.make(for: c, date: Date()) { return r }
        return nil
    }

    @Test func headersPathAndBasicAuthAreFilled() throws {
        let spec = VerifierSpec(
            name: "x", endpoint: "https://api.example.com/", path: "/bot{secret}/me", headers: [["Authorization", "Bearer {secret}"]],
            basicAuth: "api:{secret}")
        let r = try #require(request(credential(spec)))
        #expect(r.url == "https://api.example.com/bot\(Self.token)/me")
        #expect(r.method == "GET")
        #expect(r.body == nil)
        #expect(r.host == "api.example.com")
        #expect(r.headers[0] == ("Authorization", "Bearer \(Self.token)"))
        #expect(r.headers[1] == ("Authorization", "Basic " + Data("api:\(Self.token)".utf8).base64EncodedString()))
    }

    @Test func aMissingRelatedSecretIsUnsupported() {
        let spec = VerifierSpec(name: "pair", endpoint: "https://api.example.com", basicAuth: "{related:pair-id}:{secret}")
        guard case .outcome(let v) = VerifierRequest.make(for: credential(spec), date: Date()) else {
            Issue.record("expected an outcome")
            return
        }
        #expect(v == Verification(status: .unsupported, detail: "pair needs the pair-id found near this secret, and none was"))
        #expect(request(credential(spec, related: ["pair-id": "AC1"])) != nil)
    }

    @Test func answersAreJudgedBySpec() {
        let slack = VerifierSpec(name: "slack", endpoint: "https://slack.com", successField: "ok", identity: ["team", "user"])
        let c = credential(slack)
        #expect(
            VerifierAnswer.judge(status: 200, body: Array(#"{"ok":true,"team":"T","user":"u"}"#.utf8), credential: c, host: "h")
                == Verification(status: .valid, detail: "team=T, user=u"))
        #expect(
            VerifierAnswer.judge(status: 200, body: Array(#"{"ok":false,"error":"invalid_auth"}"#.utf8), credential: c, host: "h")
                == Verification(status: .invalid, detail: "h answered ok=false: invalid_auth"))
        #expect(
            VerifierAnswer.judge(status: 401, body: [], credential: c, host: "h")
                == Verification(status: .invalid, detail: "rejected by h (HTTP 401)"))
        #expect(
            VerifierAnswer.judge(status: 503, body: [], credential: c, host: "h")
                == Verification(status: .error, detail: "unexpected answer from h: HTTP 503"))
        let nested = VerifierSpec(name: "n", endpoint: "https://x.example", identity: ["user.login", "scopes"])
        #expect(
            VerifierAnswer.judge(
                status: 200, body: Array(#"{"user":{"login":"me"},"scopes":["a","b"]}"#.utf8), credential: credential(nested), host: "h")
                == Verification(status: .valid, detail: "user.login=me, scopes=a b"))
    }

    @Test func stsAnswers() {
        let ok = Array(
            "<GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::111122223333:user/u</Arn><UserId>AIDX</UserId><Account>111122223333</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
                .utf8)
        #expect(
            VerifierAnswer.judgeSTS(status: 200, body: ok, host: "sts")
                == Verification(status: .valid, detail: "account 111122223333, arn arn:aws:iam::111122223333:user/u, user id AIDX"))
        let bad = Array("<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>".utf8)
        #expect(
            VerifierAnswer.judgeSTS(status: 403, body: bad, host: "sts")
                == Verification(status: .invalid, detail: "rejected by sts: SignatureDoesNotMatch"))
        #expect(VerifierAnswer.judgeSTS(status: 500, body: [], host: "sts").status == .error)
    }

    @Test func stsNeedsBothHalves() throws {
        let sts = VerifierSpec(name: "aws-sts", kind: .awsSTS, endpoint: "https://sts.eu-west-1.amazonaws.com")
        let keyID = "AK" + "IA" + String(repeating: "Q", count: 16)
        var lone = credential(sts)
        lone.secret = keyID
        guard case .outcome(let v) = VerifierRequest.make(for: lone, date: Date()) else {
            Issue.record("a lone key id must not be sent")
            return
        }
        #expect(v.status == .unsupported)
        #expect(v.detail.contains("secret access key was not found near it"))
        let pair = try #require(request(credential(sts, related: ["aws-access-key-id": keyID])))
        #expect(pair.method == "POST")
        #expect(pair.url == "https://sts.eu-west-1.amazonaws.com/")
        let auth = pair.headers.first { $0.0 == "Authorization" }?.1 ?? ""
        #expect(auth.hasPrefix("AWS4-HMAC-SHA256 Credential=\(keyID)/"))
        #expect(auth.contains("/eu-west-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature="))
    }

    @Test func stsRegions() {
        #expect(VerifierRequest.stsRegion(host: "sts.amazonaws.com") == "us-east-1")
        #expect(VerifierRequest.stsRegion(host: "sts.eu-west-1.amazonaws.com") == "eu-west-1")
        #expect(VerifierRequest.stsRegion(host: "sts-fips.us-east-2.amazonaws.com") == "us-east-2")
        #expect(VerifierRequest.stsRegion(host: "vpce-0abc-1234.sts.ap-southeast-2.vpce.amazonaws.com") == "ap-southeast-2")
        #expect(VerifierRequest.stsRegion(host: "127.0.0.1") == "us-east-1")
    }

    @Test func temporaryKeysNeedTheirSessionToken() throws {
        let sts = VerifierSpec(name: "aws-sts", kind: .awsSTS, endpoint: "https://sts.amazonaws.com")
        let keyID = "AS" + "IA" + String(repeating: "R", count: 16)
        guard
            case .outcome(let v) = VerifierRequest.make(for: credential(sts, related: ["aws-temporary-access-key-id": keyID]), date: Date())
        else {
            Issue.record("a temporary key without its token must not be sent")
            return
        }
        #expect(v.status == .unsupported)
        #expect(v.detail.contains("session token"))
        let token = String(repeating: "Tk9", count: 40)
        let r = try #require(request(credential(sts, related: ["aws-temporary-access-key-id": keyID, "aws-session-token": token])))
        #expect(r.headers.contains { $0.0 == "X-Amz-Security-Token" && $0.1 == token })
        #expect(r.headers.first { $0.0 == "Authorization" }?.1.contains("x-amz-security-token") == true)
    }

    @Test func refusedSignatureDatesAreErrorsNotRevocations() {
        let skew = Array(
            "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>Signature expired: 20261203T000000Z is now earlier than 20261203T001500Z</Message></Error></ErrorResponse>"
                .utf8)
        #expect(VerifierAnswer.judgeSTS(status: 403, body: skew, host: "sts").status == .error)
    }

    @Test func relatedRulesAreReadFromTemplates() {
        let spec = VerifierSpec(name: "t", endpoint: "https://x.example", path: "/a/{related:sid}", basicAuth: "{related:sid}:{secret}")
        #expect(spec.relatedRules == ["sid"])
        #expect(
            VerifierSpec(name: "g", endpoint: "https://x.example", headers: [["Authorization", "Bearer {secret}"]]).relatedRules.isEmpty)
    }

    @Test func builtInVerifiers() throws {
        let config = try RuleLoader.defaultConfig(examples: false)
        let http = config.verifiers.values.filter { $0.kind == .http }
        #expect(http.count >= 15)
        #expect(config.verifiers["aws-sts"]?.kind == .awsSTS)
        for name in [
            "github", "gitlab", "npm", "huggingface", "slack", "openai", "anthropic", "mistral", "groq", "stripe", "sendgrid",
            "mailgun", "datadog", "heroku", "digitalocean",
        ] {
            #expect(config.verifiers[name] != nil, "\(name)")
        }
        // Every verifier is used by a rule, speaks https, and never changes state.
        let used = Set(config.rules.compactMap(\.verify))
        #expect(used == Set(config.verifiers.keys))
        #expect(config.verifiers.values.allSatisfy { $0.endpoint.hasPrefix("https://") && ["GET", "POST"].contains($0.method) })
        #expect(config.rules.first { $0.id == "github-pat-classic" }?.verify == "github")
    }

    @Test func ruleFileErrorsNameTheLine() {
        let unknown = """
            [[rules]]
            id = "mine"
            regex = '''mine_[a-z]{8}'''
            verify = "nowhere"
            """
        #expect(throws: RuleError.self) { try RuleLoader.parse(unknown, file: "x.toml") }
        do {
            _ = try RuleLoader.parse(unknown, file: "x.toml")
        } catch {
            #expect(error.description.contains("x.toml:1"))
            #expect(error.description.contains("`verify` names 'nowhere', which no [[verifiers]] entry defines"))
        }
        let writes = """
            [[rules]]
            id = "mine"
            regex = '''mine_[a-z]{8}'''
            verify = "mine"

            [[verifiers]]
            name = "mine"
            endpoint = "https://api.example.com"
            method = "DELETE"
            """
        do {
            _ = try RuleLoader.parse(writes, file: "y.toml")
            Issue.record("DELETE must be refused")
        } catch {
            #expect(error.description.contains("y.toml:6"))
            #expect(error.description.contains("`method` must be GET or POST"))
        }
        let plain = """
            [verify]
            endpoints = { github = "http://ghe.example.com" }
            """
        do {
            _ = try RuleLoader.parse("[extend]\nuseDefault = true\n" + plain, file: "z.toml")
            Issue.record("plain http off loopback must be refused")
        } catch {
            #expect(error.description.contains("allowed only for loopback addresses"))
        }
    }

    @Test func loopbackOnlyForPlainHTTP() {
        #expect(VerifyEndpoint.problem(with: "https://ghe.example.com/api/v3") == nil)
        #expect(VerifyEndpoint.problem(with: "http://127.0.0.1:8080") == nil)
        #expect(VerifyEndpoint.problem(with: "http://[::1]:8080") == nil)
        #expect(VerifyEndpoint.problem(with: "http://localhost") == nil)
        #expect(VerifyEndpoint.problem(with: "http://10.0.0.1") != nil)
        #expect(VerifyEndpoint.problem(with: "ftp://127.0.0.1") != nil)
        #expect(VerifyEndpoint.problem(with: "github.com") != nil)
    }
}
