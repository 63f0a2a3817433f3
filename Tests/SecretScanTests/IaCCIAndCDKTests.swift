import TestSupport
import Testing

@testable import SecretScan

@Suite struct IaCCIAndCDKTests {
    // MARK: GitHub Actions

    @Test func githubActionsBad() {
        var s = FakeSecrets(seed: 40)
        let keyID = s.keyID()
        let text = """
            name: deploy
            on: push
            env:
              AWS_ACCESS_KEY_ID: \(keyID)
              AWS_SECRET_ACCESS_KEY: \(s.secretKey())
            jobs:
              deploy:
                runs-on: ubuntu-latest
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
                      aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
                      aws-region: us-east-1
                  - name: sync
                    run: aws s3 sync . s3://bucket
                    env:
                      AWS_SECRET_ACCESS_KEY: ${{ secrets.KEY }}
            """
        #expect(
            iacPositions(text, path: ".github/workflows/deploy.yml") == [
                "iac-gha-aws-keys-literal@4:22-4:41",
                "iac-gha-aws-keys-literal@5:26-5:65",
                "iac-gha-aws-long-lived-keys@12:11-12:27",
                "iac-gha-aws-long-lived-keys@18:11-18:31",
            ])
        let f = iacScan(text, path: ".github/workflows/deploy.yml")
        #expect(f[0].secret == keyID && f[0].resource == "env")
        #expect(f[2].resource == "jobs.deploy.steps[0]" && f[2].secret == "")
        #expect(f[3].resource == "jobs.deploy.steps[sync]")
    }

    @Test func githubActionsGood() {
        let text = """
            name: deploy
            on: [push]
            permissions:
              id-token: write
              contents: read
            jobs:
              deploy:
                runs-on: ubuntu-latest
                env:
                  AWS_REGION: us-east-1
                steps:
                  - uses: aws-actions/configure-aws-credentials@v4
                    with:
                      role-to-assume: arn:aws:iam::123456789012:role/deploy
                      aws-region: us-east-1
                  - run: aws s3 ls
            """
        #expect(iacHits(text, path: ".github/workflows/deploy.yaml") == [])
        #expect(yamlDocuments(text) == 1)
    }

    // MARK: GitLab CI

    @Test func gitlabBad() {
        var s = FakeSecrets(seed: 41)
        let text = """
            variables:
              AWS_ACCESS_KEY_ID: "\(s.keyID())"
              AWS_DEFAULT_REGION: us-east-1
            deploy:
              stage: deploy
              variables:
                AWS_SECRET_ACCESS_KEY:
                  value: "\(s.secretKey())"
                  description: deploy key
              script:
                - aws s3 ls
            """
        #expect(
            iacHits(text, path: ".gitlab-ci.yml") == [
                "iac-gitlab-aws-keys-literal@2",
                "iac-gitlab-aws-keys-literal@8",
            ])
        #expect(iacScan(text, path: ".gitlab-ci.yml").map { $0.resource ?? "" } == ["variables", "deploy.variables"])
    }

    @Test func gitlabGood() {
        let text = """
            variables:
              AWS_DEFAULT_REGION: us-east-1
              AWS_ACCESS_KEY_ID: $CI_AWS_ACCESS_KEY_ID
            deploy:
              id_tokens:
                AWS_ID_TOKEN:
                  aud: https://gitlab.com
              variables:
                ROLE_ARN: arn:aws:iam::123456789012:role/deploy
                AWS_SECRET_ACCESS_KEY: ""
              script:
                - aws sts assume-role-with-web-identity --role-arn "$ROLE_ARN" --web-identity-token "$AWS_ID_TOKEN"
            """
        #expect(iacHits(text, path: ".gitlab-ci.yml") == [])
        #expect(yamlDocuments(text) == 1)
    }

    // MARK: AWS CDK

    @Test func cdkTypeScriptBad() {
        var s = FakeSecrets(seed: 42)
        let text = """
            import * as cdk from 'aws-cdk-lib';
            import { SecretValue, aws_ssm as ssm } from 'aws-cdk-lib';
            // SecretValue.unsafePlainText('\(s.next())') is not code
            const a = SecretValue.unsafePlainText('\(s.next())');
            const b = cdk.SecretValue.plainText("\(s.next())");
            new ssm.StringParameter(this, 'DbPassword', {
              parameterName: '/prod/db/password',
              stringValue: '\(s.next())',
            });
            new ssm.StringParameter(this, 'Param', { parameterName: '/prod/api/token', stringValue: `\(s.next())` });
            new ssm.StringParameter(this, 'Endpoint', { parameterName: '/prod/api/url', stringValue: 'https://api.internal' });
            """
        #expect(
            iacPositions(text, path: "lib/stack.ts") == [
                "iac-cdk-secret-value-plaintext@4:40-4:59",
                "iac-cdk-secret-value-plaintext@5:38-5:57",
                "iac-cdk-string-parameter-literal@8:17-8:36",
                "iac-cdk-string-parameter-literal@10:90-10:109",
            ])
        let f = iacScan(text, path: "lib/stack.ts")
        #expect(f[2].resource == "/prod/db/password")
    }

    @Test func cdkTypeScriptGood() {
        let text = """
            import { SecretValue, aws_ssm as ssm, aws_secretsmanager as sm } from 'aws-cdk-lib';
            const a = SecretValue.secretsManager('prod/db', { jsonField: 'password' });
            const b = SecretValue.unsafePlainText(process.env.DB_PASSWORD!);
            const c = SecretValue.unsafePlainText(`${prefix}-suffix`);
            const d = SecretValue.ssmSecure('/prod/db/password');
            const e = SecretValue.unsafePlainText('');
            new ssm.StringParameter(this, 'DbPassword', { parameterName: '/prod/db/password', stringValue: generated.value });
            new sm.Secret(this, 'Db', { generateSecretString: { passwordLength: 32 } });
            const name = ssm.StringParameter.valueForStringParameter(this, '/prod/db/password');
            """
        #expect(iacHits(text, path: "lib/stack.ts") == [])
    }

    @Test func cdkPythonBad() {
        var s = FakeSecrets(seed: 43)
        let text = """
            from aws_cdk import SecretValue, aws_ssm as ssm
            secret = SecretValue.unsafe_plain_text("\(s.next())")
            # SecretValue.unsafe_plain_text("\(s.next())")
            ssm.StringParameter(self, "ApiToken", string_value='\(s.next())')
            raw = SecretValue.plain_text(r'\(s.next())')
            """
        #expect(
            iacHits(text, path: "app/stack.py") == [
                "iac-cdk-secret-value-plaintext@2",
                "iac-cdk-string-parameter-literal@4",
                "iac-cdk-secret-value-plaintext@5",
            ])
        #expect(iacPositions(text, path: "app/stack.py").last == "iac-cdk-secret-value-plaintext@5:32-5:51")
    }

    @Test func cdkPythonGood() {
        let text = """
            from aws_cdk import SecretValue, aws_ssm as ssm
            import os
            a = SecretValue.secrets_manager("prod/db", json_field="password")
            b = SecretValue.unsafe_plain_text(os.environ["DB_PASSWORD"])
            c = SecretValue.unsafe_plain_text(f"{prefix}-suffix")
            ssm.StringParameter(self, "Endpoint", string_value="https://api.internal")
            ssm.StringParameter(self, "ApiToken", string_value=token.value_as_string)
            \"\"\"
            SecretValue.unsafe_plain_text("in a docstring, not a call")
            \"\"\"
            """
        #expect(iacHits(text, path: "app/stack.py") == [])
    }
}
