/// ECS container definitions, wherever they are written (Terraform `container_definitions`, a
/// JSON task definition, CloudFormation `ContainerDefinitions`): secret-named `environment`
/// entries with literal values. Keys are matched ignoring case (`name`/`Name`).
enum ECSContainerAnalyzer {
    static func check(_ containers: IaCNode, resource: String, report: inout IaCReport) {
        for (index, container) in containers.asList.enumerated() where container.isMap {
            let name = container.child(ignoringCase: "name")?.text ?? "container \(index + 1)"
            for env in container.child(ignoringCase: "environment")?.items ?? [] {
                guard let variable = env.child(ignoringCase: "name")?.text, let value = env.child(ignoringCase: "value") else { continue }
                let kind = SecretName.classify(variable)
                guard let secret = LiteralValue.secret(value, kind: kind, name: variable) else { continue }
                report.add(
                    .ecsEnvironmentSecretLiteral, at: value.span, secret: secret, resource: "\(resource)/\(name)",
                    explanation:
                        """
                        Container `\(name)` of \(resource) sets \(variable) to a literal in `environment` instead of `secrets` with \
                        `valueFrom`.
                        """,
                    detail: variable)
            }
        }
    }
}
