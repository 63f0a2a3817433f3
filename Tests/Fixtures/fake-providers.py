#!/usr/bin/env python3
"""Loopback fakes of the providers SecretScan's verifiers call, for its end-to-end tests.

Usage: fake-providers.py CONFIG.json LOG.jsonl
CONFIG: {"sts": {"KEY_ID": "SECRET", ...}, "github": [TOKEN...], "slack": [...], "stripe": [...],
         "openai": [...]}: the credentials each fake accepts.
Listens on 127.0.0.1 (a free port, printed on the first line of stdout) and appends one JSON line
per request to LOG: method, path, user agent, and the sha256 of the credential it carried (never
the credential itself).

The STS fake checks the SigV4 signature itself, from AWS's documented algorithm (independent of
SecretScan's code): a known key id with a wrong secret gets SignatureDoesNotMatch, an unknown key
id InvalidClientTokenId, as STS answers.
"""
import base64, datetime, hashlib, hmac, json, sys, urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

config = json.load(open(sys.argv[1]))
log_path = sys.argv[2]


def sha(s):
    return hashlib.sha256(s.encode()).hexdigest()


def h(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def uri_encode(s, keep_slash):
    safe = "-_.~" + ("/" if keep_slash else "")
    return urllib.parse.quote(s, safe=safe)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type="application/json"):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def record(self, credential):
        with open(log_path, "a") as f:
            f.write(json.dumps({"method": self.command, "path": self.path.split("?")[0],
                                "agent": self.headers.get("User-Agent", ""),
                                "credential": sha(credential)}) + "\n")

    def bearer(self):
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else ""

    def do_GET(self):
        self.route(b"")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        self.route(self.rfile.read(length))

    def route(self, body):
        path = self.path.split("?")[0]
        if path == "/" and self.command == "POST":
            return self.sts(body)
        if path == "/user" and self.command == "GET":
            token = self.bearer()
            self.record(token)
            if token in config.get("github", []):
                return self.answer(200, json.dumps({"login": "fake-octocat", "id": 4242}))
            return self.answer(401, json.dumps({"message": "Bad credentials"}))
        if path == "/api/auth.test" and self.command == "POST":
            token = self.bearer()
            self.record(token)
            if token in config.get("slack", []):
                return self.answer(200, json.dumps({"ok": True, "team": "Fake Team", "user": "deploy-bot", "url": "https://fake.example/"}))
            return self.answer(200, json.dumps({"ok": False, "error": "invalid_auth"}))
        if path == "/v1/balance" and self.command == "GET":
            auth = self.headers.get("Authorization", "")
            user = base64.b64decode(auth[6:]).decode().split(":")[0] if auth.startswith("Basic ") else ""
            self.record(user)
            if user in config.get("stripe", []):
                return self.answer(200, json.dumps({"object": "balance", "livemode": False}))
            return self.answer(401, json.dumps({"error": {"type": "invalid_request_error"}}))
        if path == "/v1/models" and self.command == "GET":
            token = self.bearer()
            self.record(token)
            if token in config.get("openai", []):
                return self.answer(200, json.dumps({"object": "list", "data": []}))
            return self.answer(401, json.dumps({"error": {"code": "invalid_api_key"}}))
        self.record("")
        self.answer(404, json.dumps({"message": "not found"}))

    def sts(self, body):
        def error(code):
            xml = ("<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
                   f"<Code>{code}</Code><Message>fake</Message></Error><RequestId>0</RequestId></ErrorResponse>")
            return self.answer(403, xml, "text/xml")

        auth = self.headers.get("Authorization", "")
        fields = {}
        if auth.startswith("AWS4-HMAC-SHA256 "):
            for part in auth[len("AWS4-HMAC-SHA256 "):].split(","):
                k, _, v = part.strip().partition("=")
                fields[k] = v
        credential = fields.get("Credential", "")
        key_id, _, scope = credential.partition("/")
        self.record(key_id)
        if body != b"Action=GetCallerIdentity&Version=2011-06-15":
            return self.answer(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>", "text/xml")
        secret = config.get("sts", {}).get(key_id)
        if secret is None:
            return error("InvalidClientTokenId")
        amz_date = self.headers.get("X-Amz-Date", "")
        day, region, service, terminal = (scope.split("/") + ["", "", "", ""])[:4]
        try:
            stamp = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            return error("IncompleteSignature")
        if region != "us-east-1":  # this fake stands for the global endpoint
            return error("SignatureDoesNotMatch")
        if abs((datetime.datetime.now(datetime.timezone.utc) - stamp).total_seconds()) > 900 or day != amz_date[:8] \
                or service != "sts" or terminal != "aws4_request":
            return error("SignatureDoesNotMatch")
        signed = fields.get("SignedHeaders", "").split(";")
        if "host" not in signed or "x-amz-date" not in signed:
            return error("SignatureDoesNotMatch")
        canonical_headers = "".join(f"{name}:{' '.join(self.headers.get(name, '').split())}\n" for name in signed)
        parsed = urllib.parse.urlsplit(self.path)
        query = "&".join(sorted(f"{uri_encode(k, False)}={uri_encode(v, False)}"
                                for k, v in urllib.parse.parse_qsl(parsed.query, keep_blank_values=True)))
        canonical = "\n".join([self.command, uri_encode(parsed.path or "/", True), query, canonical_headers,
                               ";".join(signed), hashlib.sha256(body).hexdigest()])
        to_sign = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()])
        key = h(("AWS4" + secret).encode(), day)
        for part in (region, service, "aws4_request"):
            key = h(key, part)
        expected = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, fields.get("Signature", "")):
            return error("SignatureDoesNotMatch")
        xml = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>"
               "<Arn>arn:aws:iam::111122223333:user/ci-deployer</Arn><UserId>AIDAFAKEUSERID0000000</UserId>"
               "<Account>111122223333</Account></GetCallerIdentityResult>"
               "<ResponseMetadata><RequestId>0</RequestId></ResponseMetadata></GetCallerIdentityResponse>")
        return self.answer(200, xml, "text/xml")


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
