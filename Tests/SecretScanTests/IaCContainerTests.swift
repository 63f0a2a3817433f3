import Foundation
import TestSupport
import Testing

@testable import SecretScan

@Suite struct IaCContainerTests {
    // MARK: ECS

    @Test func ecsTaskDefinitionJSONBad() {
        var s = FakeSecrets(seed: 30)
        let text = """
            {
              "family": "api",
              "containerDefinitions": [
                {
                  "name": "web",
                  "environment": [
                    { "name": "DB_PASSWORD", "value": "\(s.next())" },
                    { "name": "LOG_LEVEL", "value": "info" },
                    { "name": "KEYCLOAK_URL", "value": "https://sso.internal/realms/main" },
                    { "name": "DATABASE_URL", "value": "postgres://app:\(s.next())@db.internal/app" }
                  ]
                }
              ]
            }
            """
        #expect(
            iacHits(text, path: "deploy/taskdef.json") == [
                "iac-ecs-environment-secret-literal@7",
                "iac-ecs-environment-secret-literal@10",
            ])
        let f = iacScan(text, path: "deploy/taskdef.json")
        #expect(f.first?.resource == "api/web")
        #expect(f.first.map { "\($0.location.column)-\($0.location.endColumn)" } == "44-63")
    }

    @Test func ecsTaskDefinitionJSONGood() {
        let text = """
            {
              "family": "api",
              "containerDefinitions": [
                {
                  "name": "web",
                  "environment": [
                    { "name": "LOG_LEVEL", "value": "info" },
                    { "name": "DB_PASSWORD_SECRET_ARN", "value": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db" },
                    { "name": "DATABASE_URL", "value": "postgres://db.internal:5432/app" }
                  ],
                  "secrets": [
                    { "name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:password::" }
                  ]
                }
              ]
            }
            """
        #expect(iacHits(text, path: "deploy/taskdef.json") == [])
        #expect(JSONTreeReader.parse(IaCSource(Array(text.utf8)))?["containerDefinitions"]?.items.count == 1)
    }

    @Test func ecsInTerraformBad() {
        var s = FakeSecrets(seed: 31)
        let text = """
            resource "aws_ecs_task_definition" "app" {
              family                = "app"
              container_definitions = <<DEFS
            [
              {
                "name": "web",
                "memory": ${var.memory},
                "environment": [
                  {"name": "API_KEY", "value": "\(s.next())"}
                ]
              }
            ]
            DEFS
            }
            resource "aws_ecs_task_definition" "encoded" {
              family = "encoded"
              container_definitions = jsonencode([{
                name = "worker"
                environment = [
                  { name = "SECRET_KEY_BASE", value = "\(s.next(64))" }
                ]
              }])
            }
            """
        #expect(
            iacHits(text, path: "ecs.tf") == [
                "iac-ecs-environment-secret-literal@9",
                "iac-ecs-environment-secret-literal@20",
            ])
        #expect(
            iacScan(text, path: "ecs.tf").map { $0.resource ?? "" } == [
                "aws_ecs_task_definition.app/web", "aws_ecs_task_definition.encoded/worker",
            ])
    }

    @Test func ecsInTerraformGood() {
        let text = """
            resource "aws_ecs_task_definition" "app" {
              family                = "app"
              container_definitions = jsonencode([{
                name = "web"
                environment = [
                  { name = "LOG_LEVEL", value = "info" },
                  { name = "DB_USER", value = "app" },
                  { name = "API_KEY", value = var.api_key_placeholder_free },
                ]
                secrets = [
                  { name = "API_KEY", valueFrom = aws_secretsmanager_secret.api.arn },
                ]
              }])
            }
            resource "aws_ecs_task_definition" "heredoc" {
              family                = "heredoc"
              container_definitions = <<DEFS
            [{"name": "web", "environment": [{"name": "DB_PASSWORD", "value": "${var.db_password}"}]}]
            DEFS
            }
            """
        #expect(iacHits(text, path: "ecs.tf") == [])
    }

    // MARK: Kubernetes

    @Test func kubernetesBad() {
        var s = FakeSecrets(seed: 32)
        let encoded = Data(s.next().utf8).base64EncodedString()
        let user = Data("deploy-user".utf8).base64EncodedString()
        let text = """
            apiVersion: v1
            kind: Secret
            metadata:
              name: db-credentials
            type: Opaque
            data:
              password: \(encoded)
              username: \(user)
            stringData:
              api-token: \(s.next())
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  initContainers:
                    - name: migrate
                      env:
                        - name: DATABASE_URL
                          value: postgres://app:\(s.next())@db/app
                  containers:
                    - name: app
                      env:
                        - name: DB_PASSWORD
                          value: "\(s.next())"
                        - name: PASSWORD_MIN_LENGTH
                          value: "12"
                        - name: DB_HOST
                          value: db
            """
        #expect(
            iacHits(text, path: "k8s/app.yaml") == [
                "iac-k8s-secret-manifest@7",
                "iac-k8s-secret-manifest@8",
                "iac-k8s-secret-manifest@10",
                "iac-k8s-env-secret-literal@23",
                "iac-k8s-env-secret-literal@28",
            ])
        let f = iacScan(text, path: "k8s/app.yaml")
        #expect(
            f.map { $0.resource ?? "" } == [
                "Secret/db-credentials", "Secret/db-credentials", "Secret/db-credentials", "Deployment/api/migrate", "Deployment/api/app",
            ])
        #expect(f[0].secret == encoded)
    }

    @Test func kubernetesGood() {
        let placeholder = Data("changeme".utf8).base64EncodedString()
        let text = """
            apiVersion: external-secrets.io/v1beta1
            kind: ExternalSecret
            metadata:
              name: db-credentials
            spec:
              secretStoreRef:
                name: aws-secrets-manager
                kind: ClusterSecretStore
              target:
                name: db-credentials
              data:
                - secretKey: password
                  remoteRef:
                    key: prod/db
                    property: password
            ---
            apiVersion: v1
            kind: Secret
            metadata:
              name: templated
            data:
              password: "{{ .Values.db.password | b64enc }}"
              empty: ""
              placeholder: \(placeholder)
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: report
                          env:
                            - name: DB_PASSWORD
                              valueFrom:
                                secretKeyRef:
                                  name: db-credentials
                                  key: password
                            - name: API_KEY_NAME
                              value: reporting
                            - name: SECRET_ARN
                              value: arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db
            """
        #expect(iacHits(text, path: "k8s/app.yaml") == [])
        #expect(yamlDocuments(text) == 3)
    }

    @Test func kubernetesTLSSecretReportsTheKeyOnly() {
        var s = FakeSecrets(seed: 37)
        let text = """
            apiVersion: v1
            kind: Secret
            type: kubernetes.io/tls
            metadata:
              name: tls
            data:
              tls.crt: \(Data(s.next(60).utf8).base64EncodedString())
              tls.key: \(Data(s.next(60).utf8).base64EncodedString())
            """
        #expect(iacHits(text, path: "tls.yaml") == ["iac-k8s-secret-manifest@8"])
    }

    // MARK: Dockerfile

    @Test func dockerfileBad() {
        var s = FakeSecrets(seed: 33)
        let token = s.next()
        let text = #"""
            # syntax=docker/dockerfile:1
            FROM node:20 AS build
            ARG NPM_TOKEN=\#(token)
            ENV DB_PASSWORD="\#(s.next())" \
                LOG_LEVEL=info
            ENV API_KEY \#(s.next())
            COPY .env /app/.env
            COPY --chown=node:node id_rsa /root/.ssh/id_rsa
            ADD ["config/credentials.json", "/app/"]
            COPY --from=build /app/.env /dist/
            RUN npm ci
            """#
        #expect(
            iacHits(text, path: "Dockerfile") == [
                "iac-docker-env-secret-literal@3",
                "iac-docker-env-secret-literal@4",
                "iac-docker-env-secret-literal@6",
                "iac-docker-copy-secret-file@7",
                "iac-docker-copy-secret-file@8",
                "iac-docker-copy-secret-file@9",
            ])
        #expect(
            iacPositions(text, path: "Dockerfile") == [
                "iac-docker-env-secret-literal@3:15-3:34",
                "iac-docker-env-secret-literal@4:18-4:37",
                "iac-docker-env-secret-literal@6:13-6:32",
                "iac-docker-copy-secret-file@7:6-7:9",
                "iac-docker-copy-secret-file@8:24-8:29",
                "iac-docker-copy-secret-file@9:7-9:29",
            ])
        let f = iacScan(text, path: "Dockerfile")
        #expect(f[0].secret == token && f[0].resource == "ARG NPM_TOKEN")
        #expect(f[3].secret == "" && f[3].resource == "COPY .env")
    }

    @Test func dockerfileContinuationAndEscapeDirective() {
        var s = FakeSecrets(seed: 34)
        let text = """
            # escape=`
            FROM mcr.microsoft.com/windows/servercore
            ENV LOG_LEVEL=info `
                CLIENT_SECRET=\(s.next())
            """
        #expect(iacPositions(text, path: "build/Dockerfile.windows") == ["iac-docker-env-secret-literal@4:19-4:38"])
    }

    @Test func dockerfileGood() {
        let text = #"""
            FROM node:20
            ARG NPM_TOKEN
            ARG API_KEY=""
            ENV DB_PASSWORD_FILE=/run/secrets/db_password
            ENV API_KEY=${API_KEY}
            ENV KEYCLOAK_URL=https://sso.internal/realms/main
            ENV PASSWORD_MIN_LENGTH=12
            # ENV DB_PASSWORD=not-here-because-comment
            RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci
            COPY .env.example /app/.env.example
            COPY package.json tsconfig.json /app/
            COPY certs/server.crt /etc/ssl/
            """#
        #expect(iacHits(text, path: "Dockerfile") == [])
    }

    // MARK: docker-compose

    @Test func composeBad() {
        var s = FakeSecrets(seed: 35)
        let text = """
            services:
              db:
                image: postgres:16
                environment:
                  POSTGRES_PASSWORD: \(s.next())
                  POSTGRES_USER: app
              api:
                build:
                  context: .
                  args:
                    - NPM_TOKEN=\(s.next())
                environment:
                  - DB_PASSWORD=\(s.next())
                  - "DATABASE_URL=postgres://app:\(s.next())@db/app"
                  - LOG_LEVEL=debug
            """
        #expect(
            iacPositions(text, path: "docker-compose.yml") == [
                "iac-compose-environment-secret-literal@5:26-5:45",
                "iac-compose-environment-secret-literal@11:21-11:40",
                "iac-compose-environment-secret-literal@13:21-13:40",
                "iac-compose-environment-secret-literal@14:23-14:64",
            ])
        #expect(
            iacScan(text, path: "docker-compose.yml").map { $0.resource ?? "" } == [
                "services.db", "services.api", "services.api", "services.api",
            ])
    }

    @Test func composeGood() {
        let text = """
            x-common-env: &common
              LOG_LEVEL: info
            services:
              db:
                image: postgres:16
                environment:
                  POSTGRES_PASSWORD_FILE: /run/secrets/db_password
                  POSTGRES_USER: app
                secrets: [db_password]
              api:
                environment:
                  - DB_PASSWORD=${DB_PASSWORD}
                  - API_KEY
                  - KEYCLOAK_URL=https://sso.internal/realms/main
                  - DATABASE_URL=postgres://app:${DB_PASSWORD}@db/app
                  - SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db
              local:
                environment:
                  <<: *common
                  POSTGRES_PASSWORD: postgres
                  REDIS_PASSWORD: ""
            secrets:
              db_password:
                environment: DB_PASSWORD
            """
        #expect(iacHits(text, path: "compose.yaml") == [])
        #expect(yamlDocuments(text) == 1)
    }

    @Test func composeMergeKeysAreFollowed() {
        var s = FakeSecrets(seed: 36)
        let text = """
            x-secrets: &secrets
              API_TOKEN: \(s.next())
            services:
              api:
                environment:
                  <<: *secrets
                  LOG_LEVEL: info
            """
        #expect(iacHits(text, path: "compose.yml") == ["iac-compose-environment-secret-literal@2"])
    }
}
