import TestSupport
import Testing

@testable import SecretScan

@Suite struct IaCCloudFormationTests {
    /// Secrets with a customer-managed key and a rotation schedule, so only secret material is reported.
    private static let hygienicSecret = """
          SecretKey:
            Type: AWS::KMS::Key
            Properties:
              EnableKeyRotation: true
          Rotation:
            Type: AWS::SecretsManager::RotationSchedule
            Properties:
              SecretId: !Ref DbSecret
        """

    @Test func yamlSecretMaterialBad() {
        var s = FakeSecrets(seed: 20)
        let text = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              DBPassword:
                Type: String
                Default: "\(s.next())"
              ApiToken:
                Type: String
                NoEcho: true
                Default: \(s.next())
              DBPasswordSecretArn:
                Type: String
            Resources:
              DbSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: !Ref SecretKey
                  SecretString: '\(s.next())'
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  MasterUsername: app
                  MasterUserPassword: \(s.next())
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      API_KEY: "\(s.next())"
                      LOG_LEVEL: info
            \(Self.hygienicSecret)
            """
        #expect(
            iacHits(text, path: "stack.yaml") == [
                "iac-cfn-parameter-no-echo@3",
                "iac-cfn-parameter-secret-default@5",
                "iac-cfn-parameter-secret-default@9",
                "iac-cfn-secret-string-literal@17",
                "iac-cfn-password-property-literal@22",
                "iac-cfn-password-property-literal@28",
            ])
        // Positions are those of the value itself, inside its quotes.
        let positions = iacPositions(text, path: "stack.yaml")
        #expect(positions.contains("iac-cfn-secret-string-literal@17:22-17:41"))
        #expect(positions.contains("iac-cfn-parameter-secret-default@5:15-5:34"))
        #expect(iacScan(text, path: "stack.yaml").first { $0.ruleID == "iac-cfn-password-property-literal" }?.resource == "Database")
    }

    @Test func yamlSecretMaterialGood() {
        let text = """
            AWSTemplateFormatVersion: "2010-09-09"
            Parameters:
              DBPassword:
                Type: String
                NoEcho: true
              DBPasswordSecretArn:
                Type: String
              DbPasswordParam:
                Type: AWS::SSM::Parameter::Value<String>
                Default: /prod/db/password
              PasswordLength:
                Type: Number
                Default: 32
            Resources:
              DbSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: !Ref SecretKey
                  GenerateSecretString:
                    SecretStringTemplate: '{"username":"app"}'
                    GenerateStringKey: password
                    PasswordLength: 32
              OtherSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: !Ref SecretKey
                  SecretString: !Sub '{"username":"app","password":"${DBPassword}"}'
              Database:
                Type: AWS::RDS::DBInstance
                Properties:
                  MasterUsername: app
                  MasterUserPassword: '{{resolve:secretsmanager:prod/db:SecretString:password}}'
              Replica:
                Type: AWS::RDS::DBInstance
                Properties:
                  MasterUserPassword: !Ref DBPassword
                  ManageMasterUserPassword: true
              Fn:
                Type: AWS::Lambda::Function
                Properties:
                  Environment:
                    Variables:
                      API_KEY: !GetAtt ApiKey.Value
                      DB_PASSWORD: '{{resolve:ssm-secure:/prod/db/password}}'
                      SECRET_ARN: !Ref DbSecret
            \(Self.hygienicSecret)
              OtherRotation:
                Type: AWS::SecretsManager::RotationSchedule
                Properties:
                  SecretId: !Ref OtherSecret
            """
        #expect(iacHits(text, path: "stack.yaml") == [])
        #expect(yamlDocuments(text) == 1)
    }

    @Test func jsonSecretStringHoldsJSON() {
        var s = FakeSecrets(seed: 21)
        let text = """
            Resources:
              DbSecret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: !Ref SecretKey
                  SecretString: '{"username":"app","password":"\(s.next())"}'
              Meta:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: !Ref SecretKey
                  SecretString: '{"username":"app"}'
              Rotation:
                Type: AWS::SecretsManager::RotationSchedule
                Properties:
                  SecretId: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db
            """
        #expect(iacHits(text, path: "stack.yml") == ["iac-cfn-secret-string-literal@6"])
    }

    @Test func jsonTemplateBad() {
        var s = FakeSecrets(seed: 22)
        let text = """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Parameters": {
                "AdminPassword": { "Type": "String" }
              },
              "Resources": {
                "Db": {
                  "Type": "AWS::RDS::DBCluster",
                  "Properties": {
                    "MasterUsername": "app",
                    "MasterUserPassword": "\(s.next())"
                  }
                },
                "Task": {
                  "Type": "AWS::ECS::TaskDefinition",
                  "Properties": {
                    "ContainerDefinitions": [
                      { "Name": "web", "Environment": [ { "Name": "DB_PASSWORD", "Value": "\(s.next())" } ] }
                    ]
                  }
                }
              }
            }
            """
        #expect(
            iacHits(text, path: "cfn/stack.json") == [
                "iac-cfn-parameter-no-echo@4",
                "iac-cfn-password-property-literal@11",
                "iac-ecs-environment-secret-literal@18",
            ])
        #expect(iacHits(text, path: "cfn/stack.template") == iacHits(text, path: "cfn/stack.json"))
        let positions = iacPositions(text, path: "cfn/stack.json")
        #expect(positions[0] == "iac-cfn-parameter-no-echo@4:6-4:18")
        #expect(positions[1] == "iac-cfn-password-property-literal@11:32-11:51")
        #expect(iacScan(text, path: "cfn/stack.json").last?.resource == "Task/web")
    }

    @Test func jsonTemplateGood() {
        let text = """
            {
              "AWSTemplateFormatVersion": "2010-09-09",
              "Parameters": {
                "AdminPassword": { "Type": "String", "NoEcho": "true" }
              },
              "Resources": {
                "Db": {
                  "Type": "AWS::RDS::DBCluster",
                  "Properties": {
                    "MasterUsername": "app",
                    "MasterUserPassword": "{{resolve:secretsmanager:prod/db:SecretString:password}}"
                  }
                },
                "Admin": {
                  "Type": "AWS::DirectoryService::SimpleAD",
                  "Properties": { "Password": { "Ref": "AdminPassword" } }
                },
                "Task": {
                  "Type": "AWS::ECS::TaskDefinition",
                  "Properties": {
                    "ContainerDefinitions": [
                      {
                        "Name": "web",
                        "Environment": [ { "Name": "LOG_LEVEL", "Value": "info" } ],
                        "Secrets": [ { "Name": "DB_PASSWORD", "ValueFrom": { "Ref": "DbSecret" } } ]
                      }
                    ]
                  }
                }
              }
            }
            """
        #expect(iacHits(text, path: "cfn/stack.json") == [])
        #expect(JSONTreeReader.parse(IaCSource(Array(text.utf8))) != nil)
    }

    @Test func standalonePolicyDocuments() {
        let bad = """
            {
              "Version": "2012-10-17",
              "Statement": [
                { "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": "*" },
                { "Effect": "Allow", "Action": ["ssm:GetParameters", "kms:Decrypt"], "Resource": ["arn:aws:kms:*:*:key/*"] }
              ]
            }
            """
        #expect(iacHits(bad, path: "iam/app-policy.json") == ["iac-iam-secret-read-wildcard@5"])
        #expect(iacScan(bad, path: "iam/app-policy.json").first?.explanation?.contains("kms:Decrypt on `arn:aws:kms:*:*:key/*`") == true)
        // A key policy names its principal; `*` there means "this key".
        let keyPolicy = """
            {
              "Statement": [
                { "Effect": "Allow", "Principal": { "AWS": "arn:aws:iam::123456789012:root" }, "Action": "kms:*", "Resource": "*" }
              ]
            }
            """
        #expect(iacHits(keyPolicy, path: "iam/key-policy.json") == [])
    }

    @Test func hygieneBad() {
        let text = """
            Resources:
              Secret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  GenerateSecretString:
                    PasswordLength: 32
              Key:
                Type: AWS::KMS::Key
                Properties:
                  KeyPolicy:
                    Statement:
                      - Effect: Allow
                        Principal: { AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root" }
                        Action: "kms:*"
                        Resource: "*"
              OffKey:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: false
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument:
                    Statement:
                      - Effect: Allow
                        Principal: { Service: lambda.amazonaws.com }
                        Action: sts:AssumeRole
                  Policies:
                    - PolicyName: read
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action:
                              - ssm:GetParametersByPath
                            Resource: "*"
              ReadPolicy:
                Type: AWS::IAM::ManagedPolicy
                Properties:
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: [secretsmanager:GetSecretValue]
                        Resource: !Sub "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:*"
            """
        #expect(
            iacHits(text, path: "stack.yaml", optIn: ["iac-secret-no-replica"]) == [
                "iac-secret-no-cmk@2",
                "iac-secret-no-replica@2",
                "iac-secret-no-rotation@2",
                "iac-kms-key-no-rotation@7",
                "iac-kms-key-no-rotation@19",
                "iac-iam-secret-read-wildcard@35",
                "iac-iam-secret-read-wildcard@43",
            ])
        let positions = iacPositions(text, path: "stack.yaml")
        #expect(positions.contains("iac-iam-secret-read-wildcard@35:28-35:28"))
        #expect(positions.contains("iac-iam-secret-read-wildcard@43:29-43:106"))
    }

    @Test func hygieneGood() {
        let text = """
            Resources:
              Secret:
                Type: AWS::SecretsManager::Secret
                Properties:
                  KmsKeyId: !GetAtt Key.Arn
                  ReplicaRegions:
                    - Region: us-west-2
                  GenerateSecretString:
                    PasswordLength: 32
              Rotation:
                Type: AWS::SecretsManager::RotationSchedule
                Properties:
                  SecretId: !Ref Secret
                  RotationRules:
                    AutomaticallyAfterDays: 30
              Key:
                Type: AWS::KMS::Key
                Properties:
                  EnableKeyRotation: true
              SigningKey:
                Type: AWS::KMS::Key
                Properties:
                  KeySpec: ECC_NIST_P256
                  KeyUsage: SIGN_VERIFY
              Role:
                Type: AWS::IAM::Role
                Properties:
                  Policies:
                    - PolicyName: read
                      PolicyDocument:
                        Statement:
                          - Effect: Allow
                            Action: secretsmanager:GetSecretValue
                            Resource: !Ref Secret
                          - Effect: Allow
                            Action: kms:Decrypt
                            Resource: "*"
                            Condition:
                              StringEquals:
                                kms:ViaService: secretsmanager.us-east-1.amazonaws.com
            """
        #expect(iacHits(text, path: "stack.yaml", optIn: ["iac-secret-no-replica"]) == [])
        #expect(yamlDocuments(text) == 1)
    }
}
