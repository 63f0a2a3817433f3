@testable import SecretScan
import Testing
import TestSupport

@Suite struct IaCZZPerfTests {
    @Test func perf() {
        var tf = ""
        for i in 0..<20000 {
            tf += "resource \"aws_db_instance\" \"db\(i)\" {\n  password = var.p\n  tags = { a = \"b\" }\n  policy = jsonencode({ Statement = [{ Action = \"s3:GetObject\", Resource = \"*\" }] })\n}\n"
        }
        var yaml = "apiVersion: v1\nkind: List\nitems:\n"
        for i in 0..<20000 { yaml += "  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p\(i)}\n    spec:\n      containers:\n        - name: c\n          env:\n            - name: X\n              value: y\n" }
        var json = "{\"Resources\": {"
        for i in 0..<20000 { json += "\"R\(i)\": {\"Type\": \"AWS::S3::Bucket\", \"Properties\": {\"BucketName\": \"b\(i)\", \"Password\": {\"Ref\": \"P\"}}}," }
        json += "\"Z\": {\"Type\": \"AWS::S3::Bucket\"}}}"
        var ts = ""
        for _ in 0..<50000 { ts += "const x = SecretValue.secretsManager('a'); // comment\n" }
        for (name, text) in [("big.tf", tf), ("big.yaml", yaml), ("big.json", json), ("big.ts", ts), ("big.txt", tf)] {
            let start = ContinuousClock.now
            let n = iacScan(text, path: name).count
            print("PERF", name, text.utf8.count / 1024, "KiB", ContinuousClock.now - start, n)
        }
    }
}
