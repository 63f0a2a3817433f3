/// How CI files log in to AWS: OIDC role assumption (`role-to-assume`, GitLab `id_tokens`) or
/// stored keys (GitLab variables that pass CI/CD variables on as AWS keys).
enum CIInventory {
    static func collect(_ docs: [IaCNode], path: String, gitlab: Bool, into inventory: inout IaCInventory) {
        inventory.ciFiles.append(path)
        for doc in docs { walk(doc, path: path, gitlab: gitlab, depth: 0, into: &inventory) }
    }

    private static func walk(_ node: IaCNode, path: String, gitlab: Bool, depth: Int, into inventory: inout IaCInventory) {
        guard depth < 32 else { return }
        for item in node.items { walk(item, path: path, gitlab: gitlab, depth: depth + 1, into: &inventory) }
        for e in node.entries {
            if e.key == "role-to-assume" || (gitlab && e.key == "id_tokens") {
                inventory.oidcLogins.append(.init(path: path, line: e.keySpan.line, detail: "`\(e.key)`: OIDC role assumption"))
            } else if gitlab, e.key == "variables" {
                for v in e.value.entries where GitLabCIChecks.names.contains(v.key) {
                    let value = v.value.isMap ? v.value["value"] : v.value
                    if let text = value?.text, text.hasPrefix("$") {
                        inventory.storedCIKeys.append(
                            .init(path: path, line: v.keySpan.line, detail: "`\(v.key)` comes from a stored CI/CD variable"))
                    }
                }
            }
            walk(e.value, path: path, gitlab: gitlab, depth: depth + 1, into: &inventory)
        }
    }
}

extension IaCInventory {
    /// Adds what the file at `path` (relative, `/`-separated) defines.
    mutating func collect(_ content: [UInt8], path: String) {
        guard let kind = IaCFileKind.of(path: path), content.count <= IaCScanner.maxFileSize, !content.isEmpty else { return }
        let applies = content.withUnsafeBytes { raw in !BinaryContent.isBinary(raw) && kind.mayApply(to: raw) }
        let source = IaCSource(content)
        switch kind {
        case .terraform:
            infrastructureFiles.insert(path)
            TerraformInventory.collect(source, path: path, into: &self)
        case .githubActions, .gitlabCI:
            infrastructureFiles.insert(path)
            CIInventory.collect(YAMLTreeReader.documents(source), path: path, gitlab: kind == .gitlabCI, into: &self)
        case .compose, .dockerfile:
            infrastructureFiles.insert(path)
        case .yaml, .json, .cloudFormationTemplate:
            guard applies else { return }
            let first = content.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            let docs =
                kind == .json || (kind == .cloudFormationTemplate && first == UInt8(ascii: "{"))
                ? (JSONTreeReader.parse(source).map { [$0] } ?? []) : YAMLTreeReader.documents(source)
            let before = awsFiles.count
            StructuredInventory.collect(docs, path: path, into: &self)
            if awsFiles.count > before || docs.contains(where: { $0["apiVersion"] != nil && $0["kind"] != nil }) {
                infrastructureFiles.insert(path)
            }
        case .cdkTypeScript, .cdkPython:
            let before = awsFiles.count
            CDKInventory.collect(source, path: path, python: kind == .cdkPython, into: &self)
            if awsFiles.count > before { infrastructureFiles.insert(path) }
        case .rootKeyFile:
            break
        }
    }
}
