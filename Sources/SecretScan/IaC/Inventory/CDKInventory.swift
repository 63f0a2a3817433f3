/// What an AWS CDK app file (TypeScript/JavaScript or Python) defines, read at the token level:
/// `Secret` constructs and their properties, rotation schedules, `Trail`s and secret-store
/// references.
enum CDKInventory {
    static let references: Set<String> = [
        "fromSecretNameV2", "fromSecretCompleteArn", "fromSecretPartialArn", "fromSecretAttributes", "fromSecretsManager",
        "fromSsmParameter", "secretsManager", "ssmSecure", "from_secret_name_v2", "from_secret_complete_arn",
        "from_secret_partial_arn", "from_secret_attributes", "from_secrets_manager", "from_ssm_parameter", "secrets_manager",
        "ssm_secure",
    ]

    static func isCDKApp(_ source: IaCSource) -> Bool {
        source.bytes.withUnsafeBytes { ByteSearch.containsAny($0, ["aws-cdk-lib", "@aws-cdk/", "aws_cdk"]) }
    }

    static func collect(_ source: IaCSource, path: String, python: Bool, into inventory: inout IaCInventory) {
        guard isCDKApp(source) else { return }
        inventory.awsFiles.append((path, .cdk))
        let toks = CodeLexer.tokenize(source.bytes, python: python)
        func text(_ k: Int) -> String { source.text(toks[k].kind == .string ? toks[k].content : toks[k].range) }
        func isOpen(_ k: Int) -> Bool {
            k < toks.count && toks[k].kind == .punct && source.bytes[toks[k].range.lowerBound] == UInt8(ascii: "(")
        }
        /// The tokens of the value of the property at `k`: up to the next `,`, `}` or `)` at the
        /// same nesting level (`removalPolicy: cdk.RemovalPolicy.RETAIN`).
        func value(after k: Int, end: Int) -> Range<Int> {
            var level = 0
            var j = k + 1
            while j < end {
                if toks[j].kind == .punct {
                    let c = source.bytes[toks[j].range.lowerBound]
                    if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
                        level += 1
                    } else if c == UInt8(ascii: ")") || c == UInt8(ascii: "]") || c == UInt8(ascii: "}") {
                        if level == 0 { break }
                        level -= 1
                    } else if c == UInt8(ascii: ","), level == 0 {
                        break
                    }
                }
                j += 1
            }
            return (k + 1)..<j
        }
        var rotation = false
        var replicaAdded = false
        var first = inventory.secrets.count
        for k in toks.indices where toks[k].kind == .ident {
            let word = text(k)
            let line = source.span(toks[k].range).line
            if references.contains(word) {
                inventory.secretReferences.append(.init(path: path, line: line, detail: "`\(word)` reads the secret store"))
                continue
            }
            if ["addRotationSchedule", "add_rotation_schedule", "RotationSchedule"].contains(word) { rotation = true }
            if word == "addReplicaRegion" || word == "add_replica_region" { replicaAdded = true }
            guard word == "Secret" || word == "Trail", isOpen(k + 1), k > 0, toks[k - 1].kind == .punct || text(k - 1) == "new" else {
                continue
            }
            let end = CDKIdentityChecks.closing(toks, open: k + 1, source: source)
            let words = toks[(k + 1)...end].indices.filter { toks[$0].kind == .ident }
            func has(_ names: String...) -> Int? { words.first { names.contains(text($0)) } }
            let id = toks[(k + 1)...end].first { $0.kind == .string }.map { source.text($0.content) } ?? word
            if word == "Trail" {
                let single =
                    has("isMultiRegionTrail", "is_multi_region_trail").map { k in
                        k + 2 <= end && ["false", "False"].contains(text(k + 2))
                    } ?? false
                inventory.trails.append(
                    CloudTrailFact(name: id, path: path, line: line, loggingOff: false, multiRegion: !single, scope: path))
                continue
            }
            let key = has("encryptionKey", "encryption_key")
            let removal = has("removalPolicy", "removal_policy")
            let retained =
                removal.map { r in value(after: r, end: end).contains { toks[$0].kind == .ident && text($0) == "RETAIN" } } ?? false
            inventory.secrets.append(
                ManagedSecret(
                    kind: .secretsManager, name: id, language: .cdk, path: path, line: line, customerKey: key != nil,
                    keyLine: key.map { source.span(toks[$0].range).line } ?? line,
                    replicated: has("replicaRegions", "replica_regions") != nil, recovery: retained ? .retained : .stackManaged,
                    recoveryLine: removal.map { source.span(toks[$0].range).line } ?? line, scope: path, label: id))
        }
        if rotation { inventory.rotations.append(RotationFact(scope: path, target: nil)) }
        if replicaAdded {
            while first < inventory.secrets.count {
                inventory.secrets[first].replicated = true
                first += 1
            }
        }
    }
}
