/// What the Terraform checks need to know about the whole file before judging one block: which
/// secrets have a rotation resource, which users are named root, and which policy documents
/// are resource or trust policies (where `*` means "this resource").
struct TerraformContext {
    let source: IaCSource
    var rotatedSecrets: Set<String> = []
    /// A rotation resource whose `secret_id` is not a reference to a secret in this file: it may
    /// rotate any of them, so none is reported.
    var rotationUnresolved = false
    var rootUsers: Set<String> = []
    var nonIdentityPolicyDocuments: Set<String> = []
    /// Buckets (resource names) whose default encryption is SSE-KMS.
    var kmsBuckets: Set<String> = []
    /// The literal `url` of each OIDC provider, by address (`aws_iam_openid_connect_provider.github`,
    /// `data.aws_iam_openid_connect_provider.github`).
    var oidcProviders: [String: String] = [:]

    init(body: HCLBody, source: IaCSource) {
        self.source = source
        for block in body.blocks where block.labels.count >= 2 && block.labels[0] == "aws_iam_openid_connect_provider" {
            guard block.type == "resource" || block.type == "data", let url = block.body.attribute("url")?.value.literalString
            else { continue }
            oidcProviders[Self.address(block)] = url
        }
        for block in body.blocks where block.type == "resource" && block.labels.count >= 2 {
            let type = block.labels[0]
            switch type {
            case "aws_secretsmanager_secret_rotation":
                if let t = block.body.attribute("secret_id")?.value.traversal,
                    let name = Self.component(t, after: "aws_secretsmanager_secret")
                {
                    rotatedSecrets.insert(name)
                } else {
                    rotationUnresolved = true
                }
            case "aws_s3_bucket_server_side_encryption_configuration":
                if TerraformIdentityChecks.defaultsToKMS(block.body),
                    let t = block.body.attribute("bucket")?.value.traversal, let name = Self.component(t, after: "aws_s3_bucket")
                {
                    kmsBuckets.insert(name)
                }
            case "aws_s3_bucket":
                if let sse = block.body.blocks("server_side_encryption_configuration").first,
                    TerraformIdentityChecks.defaultsToKMS(sse.body)
                {
                    kmsBuckets.insert(block.labels[1])
                }
            case "aws_iam_user":
                if block.body.attribute("name")?.value.literalString?.lowercased() == "root" { rootUsers.insert(block.labels[1]) }
            default:
                break
            }
            let identityPolicy = ["aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy"].contains(type)
            guard !identityPolicy else { continue }
            for attr in block.body.attributes where attr.name == "policy" || attr.name == "assume_role_policy" {
                if let t = attr.value.traversal, let name = Self.component(t, after: "data.aws_iam_policy_document") {
                    nonIdentityPolicyDocuments.insert(name)
                }
            }
        }
    }

    /// The URL of the OIDC provider a reference names (`aws_iam_openid_connect_provider.github.arn`,
    /// `"${data.aws_iam_openid_connect_provider.github.arn}"`), when it is defined in this file.
    func oidcProviderURL(_ expression: String) -> String? {
        var t = expression.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("${"), t.hasSuffix("}") { t = String(t.dropFirst(2).dropLast()) }
        for prefix in ["aws_iam_openid_connect_provider", "data.aws_iam_openid_connect_provider"] {
            if let name = Self.component(t, after: prefix) { return oidcProviders[prefix + "." + name] }
        }
        return nil
    }

    /// `aws_iam_user.admin.name` after `aws_iam_user` → `admin` (an index `[0]` or `["k"]` dropped).
    static func component(_ traversal: String, after prefix: String) -> String? {
        guard traversal.hasPrefix(prefix + ".") else { return nil }
        let name = traversal.dropFirst(prefix.count + 1).prefix { $0 != "." && $0 != "[" }
        return name.isEmpty ? nil : String(name)
    }

    /// `resource "aws_db_instance" "main"` → `aws_db_instance.main`; `data` → `data.…`;
    /// `module "db"` → `module.db`; `variable "x"` → `var.x`.
    static func address(_ block: HCLBlock) -> String {
        switch block.type {
        case "resource": return block.labels.joined(separator: ".")
        case "data": return (["data"] + block.labels).joined(separator: ".")
        case "variable": return "var." + (block.labels.first ?? "")
        case "locals": return "locals"
        default: return ([block.type] + block.labels).joined(separator: ".")
        }
    }
}
