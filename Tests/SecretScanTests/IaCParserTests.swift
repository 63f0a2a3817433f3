import TestSupport
import Testing

@testable import SecretScan

@Suite struct IaCParserTests {
    private func hcl(_ text: String) -> (HCLBody, IaCSource) {
        let source = IaCSource(Array(text.utf8))
        return (HCLParser.parse(source.bytes), source)
    }

    @Test func hclBlocksAttributesAndExpressions() {
        let text = #"""
            resource "aws_x" "a" {
              count  = var.enabled ? 1 : 0
              name   = "a-${var.env}-${join(",", [for s in var.list : "${s}}"])}"
              list   = [
                "one", # comment
                "two",
              ]
              obj    = { "quoted key" = 1, bare = "v", nested = { deep = true } }
              expr   = local.a["k"].b[0]
              fn     = jsonencode({ a = [1, 2], b = null })
              dyn    = { for k, v in var.m : k => v }
              neg    = -1 + 2 * (3 - 4)
              single = "esc \"q\" \u00e9 $${literal}"
              dynamic "setting" {
                for_each = var.settings
                content {
                  value = setting.value
                }
              }
            }
            resource "aws_y" "b" { name = "one-line" }
            """#
        let (body, source) = hcl(text)
        #expect(body.blocks.map(\.type) == ["resource", "resource"])
        let a = body.blocks[0]
        #expect(a.labels == ["aws_x", "a"])
        #expect(a.body.attributes.map(\.name) == ["count", "name", "list", "obj", "expr", "fn", "dyn", "neg", "single"])
        #expect(a.body.blocks.map(\.type) == ["dynamic"])
        #expect(a.body.blocks.first?.body.blocks.first?.body.attribute("value")?.value.traversal == "setting.value")
        if case .string(_, let template, _) = a.body.attribute("name")?.value.kind { #expect(template) } else { Issue.record("name") }
        if case .tuple(let items) = a.body.attribute("list")?.value.kind {
            #expect(items.compactMap(\.literalString) == ["one", "two"])
            #expect(source.span(items[1].content) == IaCSpan(line: 6, column: 6, endLine: 6, endColumn: 8))
        } else {
            Issue.record("list")
        }
        if case .object(let items) = a.body.attribute("obj")?.value.kind {
            #expect(items.map(\.key) == ["quoted key", "bare", "nested"])
        } else {
            Issue.record("obj")
        }
        #expect(a.body.attribute("expr")?.value.traversal == "local.a[\"k\"].b[0]")
        if case .call("jsonencode", let args) = a.body.attribute("fn")?.value.kind {
            #expect(HCLNodeBridge.node(args[0], source)["a"]?.items.count == 2)
        } else {
            Issue.record("fn")
        }
        #expect(a.body.attribute("single")?.value.literalString == "esc \"q\" \u{e9} ${literal}")
        #expect(body.blocks[1].body.attribute("name")?.value.literalString == "one-line")
    }

    @Test func hclHeredocs() {
        let text = """
            locals {
              plain = <<EOT
            line one
            EOT
              indented = <<-EOT
                ${var.x}
                EOT
              after = "ok"
            }
            """
        let (body, source) = hcl(text)
        let locals = body.blocks[0].body
        #expect(locals.attributes.map(\.name) == ["plain", "indented", "after"])
        #expect(locals.attribute("plain")?.value.literalString == "line one\n")
        #expect(locals.attribute("plain").map { source.span($0.value.content).line } == 3)
        if case .string(_, let template, true) = locals.attribute("indented")?.value.kind {
            #expect(template)
        } else {
            Issue.record("heredoc")
        }
        #expect(locals.attribute("after")?.value.literalString == "ok")
    }

    @Test func hclRecoversFromGarbage() {
        let text = """
            resource "a" "b" {
              = = broken line
              ok = "yes"
              weird = [1, 2
            }
            resource "c" "d" {
              fine = 1
            }
            """
        let (body, _) = hcl(text)
        #expect(body.blocks.first?.body.attribute("ok")?.value.literalString == "yes")
        #expect(body.blocks.map(\.labels) == [["a", "b"], ["c", "d"]])
    }

    @Test func positionsCountCharactersNotBytes() {
        // Multi-byte characters before a position, on a long line and after checkpoints.
        let prefix = String(repeating: "é", count: 150)
        let text = "x\n\(prefix)abc€def\n"
        let source = IaCSource(Array(text.utf8))
        let a = 2 + 300  // after `x\n` and 150 two-byte characters
        #expect(source.span(a..<a + 3) == IaCSpan(line: 2, column: 151, endLine: 2, endColumn: 153))
        #expect(source.span(a + 3..<a + 6) == IaCSpan(line: 2, column: 154, endLine: 2, endColumn: 154))
        #expect(source.offset(line: 2, column: 151) == a)
        #expect(source.offset(line: 2, column: 155) == a + 6)
        #expect(source.offset(line: 2, column: 999) == source.lineRange(2).upperBound)
        #expect(source.offset(line: 1, column: 1) == 0)
        var s = FakeSecrets(seed: 62)
        let value = s.next()
        let json =
            """
            {\"family\": \"ünïcödé\", \"containerDefinitions\": [{\"name\": \"wéb\", \"environment\": [{\"name\": \"API_KEY\", \"value\": \
            \"\(value)\"}]}]}
            """
        let f = iacScan(json, path: "taskdef.json")
        #expect(f.map { "\($0.location.line):\($0.location.column)-\($0.location.endColumn)" } == ["1:110-129"])
        #expect(f.first?.resource == "ünïcödé/wéb")
    }

    @Test func jsonReaderPositionsAndTolerance() throws {
        let text = """
            {
              // comment
              "a": "x\\u00e9\\n",
              "b": [1, -2.5e3, true, null, ${var.x},],
              /* block */ "c": {"d": "e"},
            }
            """
        let source = IaCSource(Array(text.utf8))
        let node = try #require(JSONTreeReader.parse(source))
        #expect(node["a"]?.text == "x\u{e9}\n")
        #expect(node["a"]?.span == IaCSpan(line: 3, column: 9, endLine: 3, endColumn: 17))
        #expect(node["b"]?.items.map { $0.scalarKind } == [.number, .number, .bool, .null, .expression])
        #expect(node["c"]?["d"]?.text == "e")
        #expect(node.entries.first?.keySpan == IaCSpan(line: 3, column: 4, endLine: 3, endColumn: 4))
        #expect(JSONTreeReader.parse(IaCSource(Array("{\"a\": }".utf8))) == nil)
        #expect(JSONTreeReader.parse(IaCSource(Array("[1, 2".utf8))) == nil)
        #expect(JSONTreeReader.parse(IaCSource(Array("\"unterminated".utf8))) == nil)
    }

    @Test func yamlIntrinsicTagsAndPositions() throws {
        let text = """
            Resources:
              A:
                Ref: !Ref Other
                Sub: !Sub "arn:${AWS::Partition}:s3:::b"
                Join: !Join ["", [a, b]]
                Quoted: 'it''s'
                Block: |
                  first line
                  second line
            """
        let source = IaCSource(Array(text.utf8))
        let doc = try #require(YAMLTreeReader.documents(source).first)
        let a = try #require(doc["Resources"]?["A"])
        #expect(a["Ref"]?.tag == "!Ref" && a["Ref"]?.refTarget == "Other")
        #expect(a["Sub"]?.tag == "!Sub" && a["Sub"]?.substitutedText == "arn:${AWS::Partition}:s3:::b")
        #expect(a["Sub"]?.span.column == 16)
        #expect(a["Join"]?.tag == "!Join" && a["Join"]?.isList == true)
        #expect(a["Quoted"]?.text == "it's" && a["Quoted"]?.span == IaCSpan(line: 6, column: 14, endLine: 6, endColumn: 18))
        #expect(a["Block"]?.span == IaCSpan(line: 8, column: 7, endLine: 8, endColumn: 16))
        #expect(LiteralValue.secret(a["Ref"]!) == nil)
    }

    @Test func yamlMultipleDocumentsAndErrors() {
        let text = "a: 1\n---\nb: 2\n---\n[unclosed\n"
        let docs = YAMLTreeReader.documents(IaCSource(Array(text.utf8)))
        #expect(docs.count == 2)
        #expect(YAMLTreeReader.documents(IaCSource(Array(String(repeating: "[", count: 5000).utf8))).isEmpty)
        #expect(YAMLTreeReader.documents(IaCSource(Array(String(repeating: "- ", count: 5000).utf8))).isEmpty)
    }

    @Test func yamlAliasExpansionIsBounded() {
        // Nine levels of ten aliases each: a billion leaves if expanded naively.
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            text += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        text += "apiVersion: v1\nkind: ConfigMap\n"
        let start = ContinuousClock.now
        _ = iacScan(text, path: "bomb.yaml")
        #expect(ContinuousClock.now - start < .seconds(20))
    }

    /// Malformed and truncated inputs of every kind never crash the scanner.
    @Test func fuzzDoesNotCrash() {
        var s = FakeSecrets(seed: 60)
        let samples: [(String, String)] = [
            (
                "main.tf",
                """
                resource "aws_db_instance" "m" {
                  password = "\(s.next())"
                  policy = jsonencode({ Statement = [{ Action = "kms:*", Resource = "*" }] })
                  container_definitions = <<EOF
                [{"name": "x", "environment": [{"name": "API_KEY", "value": "\(s.next())"}]}]
                EOF
                  x = "${a("${b("c")}")}"
                }
                """
            ),
            (
                "stack.yaml",
                """
                AWSTemplateFormatVersion: "2010-09-09"
                Parameters: { DbPassword: { Type: String, Default: "\(s.next())" } }
                Resources:
                  S: { Type: "AWS::SecretsManager::Secret", Properties: { SecretString: !Sub "${X}" } }
                """
            ),
            (
                "stack.json",
                """
                {"Resources": {"T": {"Type": "AWS::ECS::TaskDefinition", "Properties": {"ContainerDefinitions": [{"Environment": [{"Name": "API_KEY", "Value": "\(s.next())"}]}]}}}}
                """
            ),
            ("Dockerfile", "FROM a\nENV A=\"\\\nB=\(s.next())\nCOPY [\"a\", \nADD\n"),
            ("docker-compose.yml", "services:\n  a:\n    environment:\n      - X=\n      - =Y\n      -\n"),
            (
                ".github/workflows/x.yml",
                "jobs:\n  a:\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with: [1]\n"
            ),
            ("lib/stack.ts", "new StringParameter(this, 'DbPassword', { stringValue: '\(s.next())' \nSecretValue.unsafePlainText(`${"),
            ("app.py", "SecretValue.unsafe_plain_text(f'''{x\n"),
        ]
        var generator = TestSecrets(seed: 61)
        for (path, text) in samples {
            let bytes = Array(text.utf8)
            for cut in stride(from: 0, through: bytes.count, by: max(1, bytes.count / 40)) {
                _ = Array(bytes[..<cut]).withUnsafeBytes { IaCScanner().scan($0, path: path) }
            }
            for _ in 0..<60 {
                var mutated = bytes
                for _ in 0..<4 where !mutated.isEmpty {
                    let at = Int(generator.next() % UInt64(mutated.count))
                    let pick = generator.next() % 4
                    let alphabet = Array("{}[]()\"'`$#/*\n\\:=,-<!".utf8)
                    let byte = alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    switch pick {
                    case 0: mutated[at] = byte
                    case 1: mutated.insert(byte, at: at)
                    case 2: mutated.remove(at: at)
                    default: mutated.insert(contentsOf: mutated[at..<min(mutated.count, at + 16)], at: at)
                    }
                }
                _ = mutated.withUnsafeBytes { IaCScanner().scan($0, path: path) }
            }
        }
        // Pathological nesting and unterminated constructs.
        for (path, text) in [
            ("deep.tf", "a = " + String(repeating: "[", count: 100_000)),
            ("deep.tf", "a = " + String(repeating: "{", count: 100_000)),
            ("deep.tf", String(repeating: "b {\n", count: 50_000)),
            ("deep.tf", "a = \"" + String(repeating: "${\"", count: 50_000)),
            ("deep.json", "{\"Statement\": " + String(repeating: "[", count: 100_000)),
            ("deep.yaml", "apiVersion: v1\nkind: X\na: " + String(repeating: "{", count: 100_000)),
            ("unterminated.tf", "a = <<EOT\nnever closed"),
            ("stack.ts", "new StringParameter(" + String(repeating: "(", count: 100_000)),
        ] {
            _ = iacScan(text, path: path)
        }
    }
}
