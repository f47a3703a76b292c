/**
 * Path verification (policy/paths): the prod stack's export verifies every path, and breaking
 * any one path in a copy (a pull permission, a KMS grant, a port, a writable mount, a publisher)
 * fails that path, naming it, the missing permission or rule, and the resource to change.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";

import { describeFailure, PathResult, verifyPaths } from "../../policy/paths";
import { pathResourcesOfExport } from "../../policy/paths/fromExport";
import { viaServiceRegions } from "../../policy/paths/keyRegions";
import { StackIndex } from "../../policy/paths/model";
import { originsOf } from "../../policy/paths/origin";
import { parsePolicy, NormalPolicy } from "../../policy/lib/iam";

const FIXTURE = path.join(__dirname, "..", "fixtures", "paths", "prod-export.json");

interface Exported { urn: string; type: string; outputs: Record<string, any> }
type Export = { deployment: { resources: Exported[] } };

const load = (): Export => JSON.parse(fs.readFileSync(FIXTURE, "utf8"));

/** The resource of `type` whose logical name is `name`. */
function find(exp: Export, type: string, name: string): Exported {
    const r = exp.deployment.resources.find((x) => x.type === type && x.urn.endsWith(`::${name}`));
    if (!r) throw new Error(`fixture has no ${type} ${name}`);
    return r;
}

/** Edits a policy document's statements in place. */
function editStatements(r: Exported, edit: (statements: any[]) => any[]): void {
    const doc = JSON.parse(r.outputs.policy);
    doc.Statement = edit(doc.Statement);
    r.outputs.policy = JSON.stringify(doc);
}
const withoutSid = (sid: string) => (statements: any[]) => statements.filter((s) => s.Sid !== sid);
const withoutService = (service: string) => (statements: any[]) => statements.filter((s) => ![s.Principal?.Service].flat().includes(service));

async function run(exp: Export): Promise<PathResult[]> {
    return verifyPaths(pathResourcesOfExport(exp));
}

/** Breaks the fixture with `change`, and expects exactly the paths matching `path` to fail, with `missing` and `change` named. */
async function expectBroken(change: (exp: Export) => void, expected: { path: RegExp; missing: RegExp; resource: RegExp }): Promise<void> {
    const exp = load();
    change(exp);
    const failing = (await run(exp)).filter((r) => !r.ok);
    expect(failing, "a path fails").to.not.be.empty;
    for (const f of failing) {
        expect(f.path, describeFailure(f)).to.match(expected.path);
        expect(f.missing, describeFailure(f)).to.match(expected.missing);
        expect(f.change, describeFailure(f)).to.match(expected.resource);
    }
}

const T = {
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    key: "aws:kms/key:Key",
    task: "aws:ecs/taskDefinition:TaskDefinition",
    ingress: "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    egress: "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
};

describe("path verification over the prod export", function () {
    this.timeout(120_000);

    it("verifies every path of the intact stack, each kind present", async () => {
        const results = await run(load());
        expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        const kinds = [/pulls .*expertconnect-backend/, /pulls GuardDuty agent/, /pulls public\.ecr\.aws\/xray/, /reads DJANGO_SECRET_KEY/,
            /writes its logs/, /ECS Exec .* writable SSM agent paths/, /ECS Exec .* reaps the exec agent's processes/, /opens the SSM channels/, /reaches PostgreSQL/, /reaches Redis/,
            /load balancer .* reaches/, /rotation function reaches PostgreSQL/, /rotation function reaches secretsmanager/, /service expertconnect-prod-backend reaches s3/,
            /MetricAlarm .* publishes/, /EventTarget .* publishes/, /Budget .* publishes/, /replication of/, /trail .* delivers/, /encrypts its log files/,
            /task expertconnect-prod-backend uses bucket expertconnect-prod-static \(STATIC_BUCKET\)/, /uses bucket expertconnect-backup \(BACKUP_BUCKET\)/,
            /ECS Exec into expertconnect-prod-backend: operators reach container backend/];
        for (const k of kinds) expect(results.some((r) => k.test(r.path)), String(k)).to.equal(true);
    });

    it("fails the image pull when the execution role loses the pull permission on its repository", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-execution-policy"), withoutSid("PullImage")),
        { path: /task expertconnect-prod-backend pulls .*expertconnect-backend/, missing: /ecr:BatchGetImage on arn:aws:ecr:us-east-1:\d+:repository\/expertconnect-backend/, resource: /aws:iam\/role:Role backend-roles-execution/ }));

    it("fails GuardDuty's agent pull when its repository is not allowed", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "frontend-roles-execution-policy"), withoutSid("PullGuardDutyAgent")),
        { path: /task expertconnect-prod-frontend pulls GuardDuty agent/, missing: /593207742271:repository\/aws-guardduty-agent-fargate/, resource: /frontend-roles-execution/ }));

    it("fails the X-Ray sidecar pulled from Docker Hub, untagged", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "backend-task");
            t.outputs.containerDefinitions = t.outputs.containerDefinitions.replace("public.ecr.aws/xray/aws-xray-daemon:3.3.15", "amazon/aws-xray-daemon");
        },
        { path: /pulls amazon\/aws-xray-daemon/, missing: /pinned image from ECR or ECR Public/, resource: /aws:ecs\/taskDefinition:TaskDefinition backend-task/ }));

    it("fails the backend image deployed by the moving tag latest", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "backend-task");
            t.outputs.containerDefinitions = t.outputs.containerDefinitions.replace("expertconnect-backend:v1.0.0", "expertconnect-backend:latest");
        },
        { path: /task expertconnect-prod-backend pulls .*expertconnect-backend:latest/, missing: /a pinned release \(.*names the moving tag latest: deploy a version tag or a digest\)/, resource: /aws:ecs\/taskDefinition:TaskDefinition backend-task/ }));

    it("fails the backend image named without a tag (Docker pulls latest)", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "backend-task");
            t.outputs.containerDefinitions = t.outputs.containerDefinitions.replace("expertconnect-backend:v1.0.0", "expertconnect-backend");
        },
        { path: /task expertconnect-prod-backend pulls .*expertconnect-backend"?$/, missing: /moving tag latest \(no tag given\)/, resource: /backend-task/ }));

    it("fails a version tag its repository lets a later push move (MUTABLE)", () => expectBroken(
        (e) => e.deployment.resources.push({ urn: "urn:pulumi:prod::expertconnect-infra::aws:ecr/repository:Repository::backend-repo", type: "aws:ecr/repository:Repository",
            outputs: { name: "expertconnect-backend", arn: "arn:aws:ecr:us-east-1:123456789012:repository/expertconnect-backend", imageTagMutability: "MUTABLE" } }),
        { path: /pulls .*expertconnect-backend:v1\.0\.0/, missing: /tags are MUTABLE, so v1\.0\.0 can be pushed again/, resource: /backend-task/ }));

    it("fails a secret the execution role may not read", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-execution-policy"), withoutSid("ReadSecrets")),
        { path: /task expertconnect-prod-backend reads (DJANGO_SECRET_KEY|JWT_SIGNING_KEY|VIDEO_PROVIDER_API_KEY|REDIS_AUTH_TOKEN)/, missing: /secretsmanager:GetSecretValue/, resource: /backend-roles-execution/ }));

    it("fails a secret whose KMS key the execution role may not use (identity side)", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-execution-policy"), withoutSid("DecryptSecrets")),
        { path: /reads (DJANGO_SECRET_KEY|JWT_SIGNING_KEY|VIDEO_PROVIDER_API_KEY|REDIS_AUTH_TOKEN)/, missing: /kms:Decrypt on arn:aws:kms/, resource: /backend-roles-execution/ }));

    it("fails a secret whose key policy no longer delegates to the account (key side)", () => expectBroken(
        (e) => editStatements(find(e, T.key, "app-settings-key"), withoutSid("AccountAdministersKeyThroughIam")),
        { path: /reads (DJANGO_SECRET_KEY|JWT_SIGNING_KEY|VIDEO_PROVIDER_API_KEY)/, missing: /kms:Decrypt for arn:aws:iam::\d+:role\/.* in the key policy/, resource: /aws:kms\/key:Key app-settings-key/ }));

    it("fails log delivery when the execution role may not write its log group", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "frontend-roles-execution-policy"), withoutSid("WriteLogs")),
        { path: /task expertconnect-prod-frontend container .* writes its logs/, missing: /logs:CreateLogStream/, resource: /frontend-roles-execution/ }));

    it("fails log delivery when CloudWatch Logs loses its grant on the log groups' key", () => expectBroken(
        (e) => editStatements(find(e, T.key, "logs-key"), withoutService("logs.us-east-1.amazonaws.com")),
        { path: /writes its logs|session output reaches|is written under its key/, missing: /kms:GenerateDataKey for logs\.us-east-1\.amazonaws\.com in the key policy/, resource: /aws:kms\/key:Key logs-key/ }));

    const withEnvironmentFile = (object: string) => (e: Export) => {
        const t = find(e, T.task, "frontend-task");
        const containers = JSON.parse(t.outputs.containerDefinitions);
        containers[0].environmentFiles = [{ type: "s3", value: object }];
        t.outputs.containerDefinitions = JSON.stringify(containers);
    };
    it("fails the frontend's start when its execution role may not download its environment file", () => expectBroken(
        withEnvironmentFile("arn:aws:s3:::expertconnect-prod-static/config/frontend.env"),
        { path: /task expertconnect-prod-frontend starts with environment file arn:aws:s3:::expertconnect-prod-static\/config\/frontend\.env/, missing: /s3:GetObject on arn:aws:s3:::expertconnect-prod-static\/config\/frontend\.env in execution role .*frontend-roles-execution/, resource: /frontend-roles-execution/ }));
    it("verifies the environment file's download when the execution role may read it under the bucket's key", async () => {
        const exp = load();
        withEnvironmentFile("arn:aws:s3:::expertconnect-prod-static/config/frontend.env")(exp);
        editStatements(find(exp, T.rolePolicy, "frontend-roles-execution-policy"), (st) => [...st,
            { Sid: "EnvironmentFile", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/config/frontend.env" },
            { Sid: "EnvironmentFileBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "arn:aws:s3:::expertconnect-prod-static" },
            { Sid: "EnvironmentFileKey", Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } } }]);
        // The file's own path holds (the static bucket being a data bucket, the purposes path still refuses the read).
        const file = (await run(exp)).filter((r) => r.path.includes("starts with environment file"));
        expect(file.map((r) => [r.path, r.ok])).to.deep.equal([["task expertconnect-prod-frontend starts with environment file arn:aws:s3:::expertconnect-prod-static/config/frontend.env", true]]);
    });

    it("fails ECS Exec when a container loses a writable SSM agent mount", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "backend-task");
            const containers = JSON.parse(t.outputs.containerDefinitions);
            containers[0].mountPoints = containers[0].mountPoints.filter((m: any) => m.containerPath !== "/var/lib/amazon/ssm");
            t.outputs.containerDefinitions = JSON.stringify(containers);
        },
        { path: /ECS Exec into expertconnect-prod-backend: container backend has writable SSM agent paths/, missing: /\/var\/lib\/amazon\/ssm/, resource: /backend-task/ }));

    it("fails ECS Exec sessions when the task role may not find the encrypted audit log group (logs:DescribeLogGroups)", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), withoutSid("EcsExecFindLogGroup")),
        { path: /ECS Exec into expertconnect-prod-backend: session output reaches \/ecs\/expertconnect-prod-cluster\/execute-command/, missing: /logs:DescribeLogGroups on \*/, resource: /backend-roles-task/ }));
    it("fails ECS Exec sessions sent to a bucket with S3 encryption when the task role may not read the bucket's encryption", () => expectBroken(
        (e) => {
            const c = find(e, "aws:ecs/cluster:Cluster", "cluster");
            Object.assign(c.outputs.configuration.executeCommandConfiguration.logConfiguration, { s3BucketName: "expertconnect-prod-exec-audit", s3KeyPrefix: "exec", s3EncryptionEnabled: true });
            editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), (st) => [...st, { Sid: "ExecToS3", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-prod-exec-audit/exec/*" }]);
            editStatements(find(e, T.rolePolicy, "frontend-roles-task-policy"), (st) => [...st, { Sid: "ExecToS3", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-prod-exec-audit/exec/*" }]);
        },
        { path: /ECS Exec into expertconnect-prod-(backend|frontend): session output reaches bucket expertconnect-prod-exec-audit/, missing: /s3:GetEncryptionConfiguration on arn:aws:s3:::expertconnect-prod-exec-audit/, resource: /(backend|frontend)-roles-task/ }));
    it("fails ECS Exec when the task role loses the SSM channels", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), withoutSid("EcsExecChannels")),
        { path: /ECS Exec into expertconnect-prod-backend: task role opens the SSM channels/, missing: /ssmmessages:CreateControlChannel/, resource: /backend-roles-task/ }));

    it("fails ECS Exec sessions when the cluster's exec configuration is removed (no customer-managed key, DEFAULT logging)", () => expectBroken(
        (e) => { delete find(e, "aws:ecs/cluster:Cluster", "cluster").outputs.configuration; },
        {
            path: /ECS Exec into expertconnect-prod-(backend|frontend): (sessions encrypted with a customer-managed key|session output reaches the cluster's audit log group)/,
            missing: /kmsKeyId in the cluster's configuration\.executeCommandConfiguration|logging OVERRIDE .*logging is unset, so DEFAULT/, resource: /aws:ecs\/cluster:Cluster cluster/,
        }));

    it("fails ECS Exec session logging when the cluster logs sessions DEFAULT (through each app's awslogs group)", () => expectBroken(
        (e) => { const c = find(e, "aws:ecs/cluster:Cluster", "cluster"); c.outputs.configuration.executeCommandConfiguration = { kmsKeyId: c.outputs.configuration.executeCommandConfiguration.kmsKeyId, logging: "DEFAULT" }; },
        { path: /ECS Exec into expertconnect-prod-(backend|frontend): session output reaches the cluster's audit log group/, missing: /logging OVERRIDE with logConfiguration\.cloudWatchLogGroupName .*\(logging is DEFAULT\)/, resource: /aws:ecs\/cluster:Cluster cluster/ }));

    it("fails ECS Exec when a container of an exec-enabled service runs without an init process", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "frontend-task");
            const containers = JSON.parse(t.outputs.containerDefinitions);
            containers[1].linuxParameters = { initProcessEnabled: false };
            t.outputs.containerDefinitions = JSON.stringify(containers);
        },
        { path: /ECS Exec into expertconnect-prod-frontend: container xray-daemon reaps the exec agent's processes/, missing: /linuxParameters\.initProcessEnabled true/, resource: /frontend-task/ }));

    it("fails ECS Exec without an init process in a container whose root is writable too (the agent's mounts aside)", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "backend-task");
            const containers = JSON.parse(t.outputs.containerDefinitions);
            containers[0].readonlyRootFilesystem = false;
            delete containers[0].linuxParameters;
            t.outputs.containerDefinitions = JSON.stringify(containers);
        },
        { path: /ECS Exec into expertconnect-prod-backend: container backend reaps the exec agent's processes/, missing: /initProcessEnabled/, resource: /backend-task/ }));

    it("fails the backend's PostgreSQL path when the database no longer admits it on 5432", () => expectBroken(
        (e) => { e.deployment.resources = e.deployment.resources.filter((r) => !r.urn.endsWith("::database-from-backend")); },
        { path: /service expertconnect-prod-backend reaches PostgreSQL .* on 5432/, missing: /ingress rule for TCP 5432/, resource: /aws:ec2\/securityGroup:SecurityGroup database/ }));

    // A service scaled to zero: a fenced prod closes its stores to it on purpose; dr's pilot light
    // (a stack with a drPhase output) must already reach them, since promotion only scales it up.
    const scaledToZero = (e: Export) => {
        for (const r of e.deployment.resources.filter((x) => x.type === "aws:ecs/service:Service")) r.outputs.desiredCount = 0;
        e.deployment.resources = e.deployment.resources.filter((r) => !r.urn.endsWith("::database-from-backend"));
    };
    it("leaves a fenced stack's scaled-to-zero services' store paths to the preview that scales them up", async () => {
        const exp = load();
        scaledToZero(exp);
        expect((await run(exp)).filter((r) => !r.ok && /reaches PostgreSQL/.test(r.path)).map(describeFailure)).to.deep.equal([]);
    });
    it("fails the dr pilot light's PostgreSQL path while it waits at zero tasks", () => expectBroken(
        (e) => { scaledToZero(e); e.deployment.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.outputs.drPhase = "standby"; },
        { path: /service expertconnect-prod-backend reaches PostgreSQL .* on 5432/, missing: /ingress rule for TCP 5432/, resource: /aws:ec2\/securityGroup:SecurityGroup database/ }));

    it("fails the backend's Redis path when its egress to the cache's subnets goes", () => expectBroken(
        (e) => { e.deployment.resources = e.deployment.resources.filter((r) => !/::backend-tasks-out-6379-1$/.test(r.urn)); },
        { path: /service expertconnect-prod-backend reaches Redis .* on 6379/, missing: /egress rule for TCP 6379/, resource: /SecurityGroup backend-tasks/ }));

    it("fails the load balancer's path to a target whose port it may not reach", () => expectBroken(
        (e) => { find(e, T.ingress, "frontend-from-alb").outputs.fromPort = 3001; find(e, T.ingress, "frontend-from-alb").outputs.toPort = 3001; },
        { path: /load balancer .* reaches expertconnect-prod-frontend on 3000/, missing: /ingress rule for TCP 3000/, resource: /SecurityGroup frontend-tasks/ }));

    it("fails the rotation function's path to the database", () => expectBroken(
        (e) => { e.deployment.resources = e.deployment.resources.filter((r) => !r.urn.endsWith("::database-from-rotation")); },
        { path: /rotation function reaches PostgreSQL/, missing: /ingress rule for TCP 5432/, resource: /SecurityGroup database/ }));

    it("fails the rotation function's path to Secrets Manager when its HTTPS egress goes", () => expectBroken(
        (e) => { e.deployment.resources = e.deployment.resources.filter((r) => !/::database-rotation-function-out-443-0$/.test(r.urn)); },
        { path: /rotation function reaches secretsmanager/, missing: /egress rule for TCP 443 to its interface endpoint/, resource: /SecurityGroup database-rotation-function/ }));

    it("fails alarms when the topic policy no longer admits CloudWatch", () => expectBroken(
        (e) => editStatements(find(e, T.topicPolicy, "alarms-policy"), (s) => s.map((st: any) => st.Sid === "AlarmsAndEventsOfThisAccountPublish"
            ? { ...st, Principal: { Service: st.Principal.Service.filter((x: string) => x !== "cloudwatch.amazonaws.com") } } : st)),
        { path: /MetricAlarm .* publishes to expertconnect-alarms/, missing: /sns:Publish for cloudwatch\.amazonaws\.com \(source arn:aws:cloudwatch:us-east-1:123456789012:alarm:[^)]+\) in the topic policy/, resource: /aws:sns\/topicPolicy:TopicPolicy alarms-policy/ }));

    it("fails EventBridge rules when the topic's key loses EventBridge's grant", () => expectBroken(
        (e) => editStatements(find(e, T.key, "alarms-key"), withoutService("events.amazonaws.com")),
        { path: /EventTarget .* publishes to expertconnect-alarms/, missing: /for events\.amazonaws\.com in the key policy/, resource: /aws:kms\/key:Key alarms-key/ }));

    it("fails budget alerts when the topic's key loses AWS Budgets' grant", () => expectBroken(
        (e) => editStatements(find(e, T.key, "alarms-key"), withoutService("budgets.amazonaws.com")),
        { path: /Budget .* publishes/, missing: /budgets\.amazonaws\.com in the key policy/, resource: /alarms-key/ }));

    // The context each publisher and caller carries, as AWS sends it: a condition on it that the
    // real request meets must keep the path; one naming another account must break it.
    const publishersFrom = (account: string) => (e: Export) => editStatements(find(e, T.topicPolicy, "alarms-policy"), (s) => s.map((st: any) => st.Sid === "AlarmsAndEventsOfThisAccountPublish"
        ? { ...st, Condition: { ...st.Condition, ArnLike: { "aws:SourceArn": [`arn:aws:cloudwatch:us-east-1:${account}:alarm:*`, `arn:aws:events:us-east-1:${account}:rule/*`, `arn:aws:budgets::${account}:*`, `arn:aws:ce::${account}:*`] } } } : st));
    const decryptFrom = (account: string) => (e: Export) => editStatements(find(e, T.rolePolicy, "backend-roles-execution-policy"),
        (st) => st.map((x) => (x.Sid === "DecryptSecrets" ? { ...x, Condition: { ...x.Condition, StringEquals: { ...x.Condition?.StringEquals, "kms:CallerAccount": account } } } : x)));
    const decryptOfSecrets = (pattern: string) => (e: Export) => editStatements(find(e, T.rolePolicy, "backend-roles-execution-policy"),
        (st) => st.map((x) => (x.Sid === "DecryptSecrets" ? { ...x, Condition: { ...x.Condition, StringLike: { ...x.Condition?.StringLike, "kms:EncryptionContext:SecretARN": pattern } } } : x)));
    for (const [what, change] of [["the topic policy pins each publisher's aws:SourceArn to this account's alarms, rules and budgets", publishersFrom("123456789012")],
        ["the execution role's Decrypt requires kms:CallerAccount of its own account", decryptFrom("123456789012")],
        ["the execution role's Decrypt is confined to the stack's secrets by the encryption context Secrets Manager sends", decryptOfSecrets("arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/*")]] as const) {
        it(`keeps every path when ${what}`, async () => {
            const exp = load();
            change(exp);
            expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        });
    }
    it("fails budget alerts when the topic policy pins aws:SourceArn to another account's budgets", () => expectBroken(publishersFrom("999999999999"),
        { path: /publishes to expertconnect-alarms/, missing: /sns:Publish for (cloudwatch|events|budgets)\.amazonaws\.com \(source [^)]+\) in the topic policy/, resource: /alarms-policy/ }));
    it("fails secret reads when the execution role's Decrypt is confined to other secrets by encryption context", () => expectBroken(decryptOfSecrets("arn:aws:secretsmanager:us-east-1:123456789012:secret:other/*"),
        { path: /reads (DJANGO_SECRET_KEY|JWT_SIGNING_KEY|REDIS_AUTH_TOKEN|VIDEO_PROVIDER_API_KEY)/, missing: /kms:Decrypt on arn:aws:kms:.* in the role's policies/, resource: /backend-roles-execution/ }));
    it("fails secret reads when the execution role's Decrypt requires another account as kms:CallerAccount", () => expectBroken(decryptFrom("999999999999"),
        { path: /reads (DJANGO_SECRET_KEY|JWT_SIGNING_KEY|REDIS_AUTH_TOKEN|VIDEO_PROVIDER_API_KEY)/, missing: /kms:Decrypt on arn:aws:kms:.* in the role's policies/, resource: /backend-roles-execution/ }));

    // Every publisher of policy/lib/facts/topicPublishers.ts: the topic policy and the topic's key must admit its service.
    describe("publishers to the alarm topic", () => {
        const TOPIC = "arn:aws:sns:us-east-1:123456789012:expertconnect-alarms";
        const DB = "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db";
        const add = (type: string, name: string, outputs: Record<string, unknown>) => (e: Export) =>
            e.deployment.resources.push({ urn: `urn:pulumi:prod::expertconnect-infra::${type}::${name}`, type, outputs });
        const rdsEvents = add("aws:rds/eventSubscription:EventSubscription", "database-events", {
            name: "expertconnect-prod-db-events", arn: "arn:aws:rds:us-east-1:123456789012:es:expertconnect-prod-db-events", snsTopic: TOPIC,
            sourceType: "db-instance", sourceIds: ["expertconnect-prod-db"], eventCategories: ["failover", "failure", "low storage"], enabled: true,
        });
        /** Lets `service` publish (topic policy, with `condition`) and use the topic's key (with the account's source context). */
        const admit = (service: string, condition: object = { StringEquals: { "aws:SourceAccount": "123456789012" } }) => (e: Export) => {
            editStatements(find(e, T.topicPolicy, "alarms-policy"), (st) => [...st, { Sid: "More", Effect: "Allow", Principal: { Service: service }, Action: "sns:Publish", Resource: TOPIC, Condition: condition }]);
            editStatements(find(e, T.key, "alarms-key"), (st) => [...st, { Sid: "More", Effect: "Allow", Principal: { Service: service }, Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: "*", Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } } }]);
        };

        it("fails an RDS event subscription to a topic whose policy admits no events.rds.amazonaws.com", () => expectBroken(rdsEvents,
            { path: /EventSubscription expertconnect-prod-db-events publishes to expertconnect-alarms/, missing: new RegExp(`sns:Publish for events\\.rds\\.amazonaws\\.com \\(source ${DB}\\) in the topic policy`), resource: /topicPolicy:TopicPolicy alarms-policy/ }));

        it("fails an RDS event subscription admitted by the topic policy but not by the topic's key", () => expectBroken(
            (e) => { rdsEvents(e); editStatements(find(e, T.topicPolicy, "alarms-policy"), (st) => st.map((x: any) => x.Sid === "AlarmsAndEventsOfThisAccountPublish" ? { ...x, Principal: { Service: [...x.Principal.Service, "events.rds.amazonaws.com"] } } : x)); },
            { path: /EventSubscription .* publishes to expertconnect-alarms/, missing: /kms:GenerateDataKey for events\.rds\.amazonaws\.com in the key policy/, resource: /aws:kms\/key:Key alarms-key/ }));

        it("fails an RDS event subscription whose topic policy admits RDS events of other instances only", () => expectBroken(
            (e) => { rdsEvents(e); admit("events.rds.amazonaws.com", { ArnLike: { "aws:SourceArn": "arn:aws:rds:us-east-1:123456789012:db:expertconnect-staging-*" } })(e); },
            { path: /EventSubscription .* publishes/, missing: /sns:Publish for events\.rds\.amazonaws\.com \(source arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db\)/, resource: /alarms-policy/ }));

        it("fails an RDS event subscription without sourceIds when a source ARN condition leaves out the stack's database", () => expectBroken(
            (e) => {
                rdsEvents(e); delete e.deployment.resources[e.deployment.resources.length - 1].outputs.sourceIds;
                admit("events.rds.amazonaws.com", { ArnEquals: { "aws:SourceArn": "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db-old" } })(e);
            },
            { path: /EventSubscription .* publishes/, missing: /source arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-db\)/, resource: /alarms-policy/ }));

        it("verifies an RDS event subscription once the topic policy (for the database) and the key admit RDS", async () => {
            const exp = load();
            rdsEvents(exp);
            admit("events.rds.amazonaws.com", { StringEquals: { "aws:SourceAccount": "123456789012" }, ArnLike: { "aws:SourceArn": "arn:aws:rds:us-east-1:123456789012:db:expertconnect-prod-*" } })(exp);
            const results = await run(exp);
            expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
            expect(results.some((r) => /EventSubscription expertconnect-prod-db-events publishes to expertconnect-alarms/.test(r.path))).to.equal(true);
        });

        it("fails S3 event notifications of the static bucket to the alarm topic", () => expectBroken(
            add("aws:s3/bucketNotification:BucketNotification", "static-notifications", { bucket: "expertconnect-prod-static", topics: [{ topicArn: TOPIC, events: ["s3:ObjectRemoved:*"] }] }),
            { path: /BucketNotification .* publishes to expertconnect-alarms/, missing: /sns:Publish for s3\.amazonaws\.com \(source arn:aws:s3:::expertconnect-prod-static\)/, resource: /alarms-policy/ }));

        it("fails backup vault notifications to the alarm topic", () => expectBroken(
            add("aws:backup/vaultNotifications:VaultNotifications", "vault-notifications", {
                backupVaultName: "expertconnect-prod-backups", backupVaultArn: "arn:aws:backup:us-east-1:123456789012:backup-vault:expertconnect-prod-backups", snsTopicArn: TOPIC, backupVaultEvents: ["BACKUP_JOB_FAILED"],
            }),
            { path: /VaultNotifications .* publishes to expertconnect-alarms/, missing: /sns:Publish for backup\.amazonaws\.com/, resource: /alarms-policy/ }));

        it("fails backup vault notifications admitted by the topic policy whose key shuts AWS Backup out", () => expectBroken(
            (e) => {
                add("aws:backup/vaultNotifications:VaultNotifications", "vault-notifications", { backupVaultName: "expertconnect-prod-backups", snsTopicArn: TOPIC, backupVaultEvents: ["BACKUP_JOB_FAILED"] })(e);
                editStatements(find(e, T.topicPolicy, "alarms-policy"), (st) => [...st, { Sid: "Backup", Effect: "Allow", Principal: { Service: "backup.amazonaws.com" }, Action: "sns:Publish", Resource: TOPIC }]);
            },
            { path: /VaultNotifications .* publishes/, missing: /for backup\.amazonaws\.com in the key policy/, resource: /alarms-key/ }));

        it("fails the trail's log-file notifications to the alarm topic, named by topic name", () => expectBroken(
            (e) => { find(e, "aws:cloudtrail/trail:Trail", "audit-trail").outputs.snsTopicName = "expertconnect-alarms"; },
            { path: /Trail .* publishes to expertconnect-alarms/, missing: /sns:Publish for cloudtrail\.amazonaws\.com \(source arn:aws:cloudtrail:us-east-1:123456789012:trail\/expertconnect-trail\)/, resource: /alarms-policy/ }));

        it("fails cost anomaly alerts when the topic's key loses Cost Anomaly Detection's grant", () => expectBroken(
            (e) => {
                add("aws:costexplorer/anomalySubscription:AnomalySubscription", "cost-anomalies", { name: "expertconnect-cost-anomalies", arn: "arn:aws:ce::123456789012:anomalysubscription/1", subscribers: [{ type: "SNS", address: TOPIC }] })(e);
                editStatements(find(e, T.key, "alarms-key"), withoutService("costalerts.amazonaws.com"));
            },
            { path: /AnomalySubscription .* publishes to expertconnect-alarms/, missing: /kms:GenerateDataKey for costalerts\.amazonaws\.com in the key policy/, resource: /alarms-key/ }));

        it("fails a key grant to CloudWatch scoped to another alarm's ARN", () => expectBroken(
            (e) => editStatements(find(e, T.key, "alarms-key"), (st) => st.map((x: any) => [x.Principal?.Service].flat().includes("cloudwatch.amazonaws.com")
                ? { ...x, Condition: { ...x.Condition, ArnLike: { "aws:SourceArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:expertconnect-none" } } } : x)),
            { path: /MetricAlarm .* publishes to expertconnect-alarms/, missing: /kms:GenerateDataKey for cloudwatch\.amazonaws\.com in the key policy/, resource: /alarms-key/ }));
    });

    it("fails static replication when its role may not write replicas", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "dr-static-role-policy"), withoutSid("WriteReplicas")),
        { path: /replication of arn:aws:s3:::expertconnect-prod-static/, missing: /s3:ReplicateObject/, resource: /aws:iam\/role:Role dr-static-role/ }));

    it("fails static replication when its role may not encrypt with the replica's key", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "dr-static-role-policy"), withoutSid("EncryptReplicas")),
        { path: /replication of/, missing: /kms:Encrypt on arn:aws:kms:us-west-2/, resource: /dr-static-role/ }));

    it("fails the backend's bucket when its task role may neither read nor write objects there", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), withoutSid("Bucket0Objects")),
        { path: /uses bucket expertconnect-prod-static \(STATIC_BUCKET\)/, missing: /s3:GetObject, s3:PutObject on expertconnect-prod-static in task role .*purpose on STATIC_BUCKET is list, read, write, delete: it must read and write objects/, resource: /aws:iam\/role:Role backend-roles-task/ }));

    it("verifies a bucket whose objects the task role may use under one prefix only", async () => {
        const exp = load();
        editStatements(find(exp, T.rolePolicy, "backend-roles-task-policy"), (st) => st.map((x) => (x.Sid === "Bucket0Objects" ? { ...x, Resource: "arn:aws:s3:::expertconnect-prod-static/media/*" } : x)));
        const results = await run(exp);
        expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        expect(results.some((r) => r.ok && /uses bucket expertconnect-prod-static/.test(r.path))).to.equal(true);
    });

    it("fails the backend's bucket and the bucket's replication when the bucket policy denies every principal but an administrator", () => expectBroken(
        (e) => editStatements(find(e, T.bucketPolicy, "data-static-policy"), (st) => [...st, {
            Sid: "OnlyAdmins", Effect: "Deny", Principal: "*", Action: "s3:*",
            Resource: ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"],
            Condition: { StringNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/admin" } },
        }]),
        { path: /uses bucket expertconnect-prod-static|^replication of arn:aws:s3:::expertconnect-prod-static /,
          missing: /s3:GetObject for arn:aws:iam::\d+:role\/backend-roles-task.* in the bucket policy of expertconnect-prod-static|^s3:GetReplicationConfiguration .*role\/dr-static-role.*: the source bucket's policy refuses it/, resource: /data-static-policy/ }));

    it("fails the backend's bucket when its key no longer lets the account's roles use it (and replication, which reads through it)", async () => {
        const exp = load();
        editStatements(find(exp, T.key, "data-static-key"), withoutSid("AccountAdministersKeyThroughIam"));
        const failing = (await run(exp)).filter((r) => !r.ok).map(describeFailure);
        expect(failing).to.have.length(2);
        expect(failing[0]).to.match(/path "task expertconnect-prod-backend uses bucket expertconnect-prod-static \(STATIC_BUCKET\)" is broken: missing kms:Decrypt for .*backend-roles-task.* in the key policy \(to read objects of expertconnect-prod-static under its key\); change aws:kms\/key:Key data-static-key/);
        expect(failing[1]).to.match(/replication of arn:aws:s3:::expertconnect-prod-static.*dr-static-role.*data-static-key/);
    });

    it("fails writing backups when the task role loses encryption with the backup bucket's key", () => expectBroken(
        (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), withoutSid("Bucket1Key")),
        { path: /uses bucket expertconnect-backup \(BACKUP_BUCKET\)/, missing: /kms:GenerateDataKey on arn:aws:kms.* in the role's policies \(to write objects of expertconnect-backup/, resource: /backend-roles-task/ }));

    it("fails the runbook's execute-command when ECS Exec is turned off on the backend service", () => expectBroken(
        (e) => { find(e, "aws:ecs/service:Service", "backend-service").outputs.enableExecuteCommand = false; },
        { path: /ECS Exec into expertconnect-prod-backend: operators reach container backend/, missing: /enableExecuteCommand: true on the service/, resource: /aws:ecs\/service:Service backend-service/ }));

    it("fails the target registration when the container no longer maps the load balancer's port", () => expectBroken(
        (e) => {
            const t = find(e, T.task, "backend-task");
            const containers = JSON.parse(t.outputs.containerDefinitions);
            containers.find((c: any) => c.name === "backend").portMappings = [{ containerPort: 9000, protocol: "tcp" }];
            t.outputs.containerDefinitions = JSON.stringify(containers);
        },
        { path: /expertconnect-prod-backend registers container backend on 8000 with its target group/, missing: /a port mapping for 8000 on container backend/, resource: /backend-task/ }));

    it("fails every path of a task whose definition loses its execution and task roles", async () => {
        const exp = load();
        const t = find(exp, T.task, "backend-task") as Exported & { propertyDependencies?: Record<string, string[]> };
        for (const property of ["executionRoleArn", "taskRoleArn"]) {
            delete t.outputs[property];
            delete t.propertyDependencies?.[property];
        }
        const failing = (await run(exp)).filter((r) => !r.ok);
        const missing = new Set(failing.map((f) => (f.missing ?? "").split(" ")[0]));
        expect([...missing].sort()).to.deep.equal(["executionRoleArn", "taskRoleArn"]);
        for (const kind of [/pulls .*expertconnect-backend/, /reads DJANGO_SECRET_KEY/, /writes its logs/, /uses bucket expertconnect-prod-static/, /opens the SSM channels/]) {
            expect(failing.some((f) => kind.test(f.path)), String(kind)).to.equal(true);
        }
    });

    it("fails a parameter the task reads that names another region (a failover would follow it there)", () => expectBroken(
        (e) => { find(e, "aws:ssm/parameter:Parameter", "app-settings-database-host").outputs.value = "expertconnect-prod-db.abc123.us-west-2.rds.amazonaws.com"; },
        { path: /task expertconnect-prod-backend reads DATABASE_HOST/, missing: /a value in us-east-1: the parameter names an endpoint in us-west-2/, resource: /aws:ssm\/parameter:Parameter app-settings-database-host/ }));

    it("fails CloudTrail delivery when the bucket policy loses its write statement", () => expectBroken(
        (e) => editStatements(find(e, T.bucketPolicy, "audit-trail-bucket-policy"), withoutSid("CloudTrailWrite")),
        { path: /trail expertconnect-trail delivers to/, missing: /s3:PutObject .* for cloudtrail\.amazonaws\.com/, resource: /audit-trail-bucket-policy/ }));

    it("fails trail encryption when CloudTrail loses its grant on the trail key", () => expectBroken(
        (e) => editStatements(find(e, T.key, "audit-trail-key"), withoutService("cloudtrail.amazonaws.com")),
        { path: /trail expertconnect-trail encrypts its log files/, missing: /cloudtrail\.amazonaws\.com in the key policy/, resource: /audit-trail-key/ }));
});

/** Edits a role's trust policy (its first statement) in place. */
function editTrust(exp: Export, role: string, edit: (statement: any) => void): void {
    const r = find(exp, "aws:iam/role:Role", role);
    const doc = JSON.parse(r.outputs.assumeRolePolicy);
    edit(doc.Statement[0]);
    r.outputs.assumeRolePolicy = JSON.stringify(doc);
}

describe("path verification: the service that uses a role may assume it", function () {
    this.timeout(120_000);
    const ACCOUNT = "123456789012";

    it("verifies every role the stack hands to a service", async () => {
        const assumed = (await run(load())).filter((r) => / assume its role /.test(r.path));
        expect(assumed.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        for (const k of [/task expertconnect-prod-backend has ecs-tasks\.amazonaws\.com assume .*backend-roles-execution.*\(executionRoleArn\)/, /backend-roles-task.*\(taskRoleArn\)/,
            /Function expertconnect-prod-db-tasks has lambda\.amazonaws\.com/, /Trail expertconnect-trail has cloudtrail\.amazonaws\.com/, /Instance .* has monitoring\.rds\.amazonaws\.com/,
            /has s3\.amazonaws\.com assume .*dr-static-role/]) {
            expect(assumed.some((r) => k.test(r.path)), String(k)).to.equal(true);
        }
    });

    const broken: Array<{ name: string; role: string; edit: (st: any) => void; path: RegExp }> = [
        { name: "a task role trusting ecs.amazonaws.com instead of ecs-tasks", role: "backend-roles-task", edit: (st) => { st.Principal.Service = "ecs.amazonaws.com"; }, path: /task expertconnect-prod-backend .*\(taskRoleArn\)/ },
        { name: "an execution role whose source ARN names another region", role: "backend-roles-execution", edit: (st) => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:ecs:us-west-2:${ACCOUNT}:*`; }, path: /\(executionRoleArn\)/ },
        { name: "an execution role whose source account is another account", role: "backend-roles-execution", edit: (st) => { st.Condition.StringEquals["aws:SourceAccount"] = "444455556666"; }, path: /\(executionRoleArn\)/ },
        { name: "a function role whose source ARN names another function", role: "database-tasks-role", edit: (st) => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-task`; }, path: /Function expertconnect-prod-db-tasks/ },
        { name: "the trail's logs role naming another trail", role: "audit-trail-logs-role", edit: (st) => { st.Condition.StringEquals["aws:SourceArn"] = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/expertconnect-prod-trail`; }, path: /Trail expertconnect-trail/ },
        { name: "the monitoring role naming another database instance", role: "database-monitoring", edit: (st) => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-db`; }, path: /Instance .* monitoring\.rds/ },
        { name: "the replication role trusting another service", role: "dr-static-role", edit: (st) => { st.Principal.Service = "backup.amazonaws.com"; }, path: /BucketReplicationConfig/ },
        { name: "a task role whose only statement became a Deny", role: "frontend-roles-task", edit: (st) => { st.Effect = "Deny"; }, path: /task expertconnect-prod-frontend .*\(taskRoleArn\)/ },
    ];
    for (const b of broken) {
        it(`fails ${b.name}`, () => expectBroken((e) => editTrust(e, b.role, b.edit),
            { path: b.path, missing: /sts:AssumeRole for [a-z0-9.-]+\.amazonaws\.com in the trust policy \(assumeRolePolicy\).*aws:SourceAccount/, resource: new RegExp(`aws:iam/role:Role ${b.role}`) }));
    }

    const allowed: Array<{ name: string; role: string; edit: (st: any) => void }> = [
        { name: "a task role whose source ARN is narrowed to this region's tasks", role: "backend-roles-task", edit: (st) => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/*`; } },
        { name: "a function role without conditions", role: "database-tasks-role", edit: (st) => { delete st.Condition; } },
        { name: "a role trusting its service among others (list of principals)", role: "database-monitoring", edit: (st) => { st.Principal.Service = ["monitoring.rds.amazonaws.com", "rds.amazonaws.com"]; } },
    ];
    for (const a of allowed) {
        it(`verifies ${a.name}`, async () => {
            const exp = load();
            editTrust(exp, a.role, a.edit);
            expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        });
    }
});

describe("path verification: each bucket the application uses, as it uses it (policy/lib/facts/purposes.ts)", function () {
    this.timeout(120_000);
    const STATIC = "arn:aws:s3:::expertconnect-prod-static";
    const BACKUP = "arn:aws:s3:::expertconnect-backup";
    const taskStatements = (edit: (statements: any[]) => any[]) => (e: Export) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), edit);
    const actions = (sid: string, action: string[]) => taskStatements((st) => st.map((x) => (x.Sid === sid ? { ...x, Action: action } : x)));
    const plus = (statement: object) => taskStatements((st) => [...st, statement]);
    const cases: Array<{ name: string; change: (e: Export) => void; broken?: { path: RegExp; missing: RegExp; resource: RegExp } }> = [
        { name: "the static bucket's object grant loses s3:PutObject (uploads fail)", change: actions("Bucket0Objects", ["s3:GetObject", "s3:DeleteObject"]),
          broken: { path: /uses bucket expertconnect-prod-static \(STATIC_BUCKET\)/, missing: /^s3:PutObject on expertconnect-prod-static .*purpose on STATIC_BUCKET is list, read, write, delete: it must write objects/, resource: /backend-roles-task/ } },
        { name: "the static bucket's object grant loses s3:GetObject (served files fail)", change: actions("Bucket0Objects", ["s3:PutObject"]),
          broken: { path: /uses bucket expertconnect-prod-static/, missing: /^s3:GetObject on expertconnect-prod-static .*it must read objects/, resource: /backend-roles-task/ } },
        { name: "the backup bucket's object grant dropped (the guide's sync fails)", change: taskStatements((st) => st.filter((x) => x.Sid !== "Bucket1Objects")),
          broken: { path: /uses bucket expertconnect-backup \(BACKUP_BUCKET\)/, missing: /^s3:PutObject on expertconnect-backup .*purpose on BACKUP_BUCKET is list, write: it must write objects/, resource: /backend-roles-task/ } },
        { name: "an explicit Deny of writes to the static bucket", change: plus({ Sid: "NoWrites", Effect: "Deny", Action: "s3:PutObject", Resource: `${STATIC}/*` }),
          broken: { path: /uses bucket expertconnect-prod-static/, missing: /^s3:PutObject on expertconnect-prod-static/, resource: /backend-roles-task/ } },
        { name: "the static bucket's key grant loses kms:GenerateDataKey (SSE-KMS writes fail)", change: actions("Bucket0Key", ["kms:Decrypt"]),
          broken: { path: /uses bucket expertconnect-prod-static/, missing: /kms:GenerateDataKey .*to write objects of expertconnect-prod-static/, resource: /backend-roles-task/ } },
        { name: "the backup bucket's policy denies the task role's writes", change: (e) => editStatements(find(e, T.bucketPolicy, "data-backup-policy"), (st) => [...st,
            { Sid: "NoAppWrites", Effect: "Deny", Principal: "*", Action: "s3:PutObject", Resource: `${BACKUP}/*`, Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/backend-roles-task*" } } }]),
          broken: { path: /uses bucket expertconnect-backup/, missing: /s3:PutObject for .*backend-roles-task.* in the bucket policy of expertconnect-backup/, resource: /data-backup-policy/ } },
        { name: "writes to the static bucket granted by a separate statement", change: (e) => { actions("Bucket0Objects", ["s3:GetObject"])(e); plus({ Sid: "Uploads", Effect: "Allow", Action: ["s3:PutObject"], Resource: `${STATIC}/*` })(e); } },
        { name: "the static bucket's object actions spelled with a wildcard", change: actions("Bucket0Objects", ["s3:*Object"]) },
        // More than its purpose is no broken path, and still refused: the backend only writes backups (policy/lib/facts/purposes.ts).
        { name: "the backup bucket granted read as well", change: actions("Bucket1Objects", ["s3:PutObject", "s3:GetObject"]),
          broken: { path: /least privilege by purpose: role backend-roles-task-\w+ reaches bucket expertconnect-backup/, missing: /^a purpose for s3:GetObject \(read\) on expertconnect-backup: .*the backend .*whose purpose on the backup bucket is list, write/, resource: /aws:iam\/rolePolicy:RolePolicy backend-roles-task-policy/ } },
    ];
    for (const c of cases) {
        it(`${c.broken ? "fails" : "verifies"}: ${c.name}`, async () => {
            if (c.broken) return expectBroken(c.change, c.broken);
            const exp = load();
            c.change(exp);
            expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        });
    }
});

describe("path verification: conditions decide with the request context AWS sends", function () {
    this.timeout(120_000);
    const withCondition = (sid: string, condition: object) => (statements: any[]) => statements.map((x) => (x.Sid === sid ? { ...x, Condition: { ...x.Condition, ...condition } } : x));
    const cases: Array<{ name: string; sid: string; condition: object; broken?: RegExp }> = [
        { name: "an object grant confined to the resource's own account", sid: "Bucket0Objects", condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } } },
        { name: "a key grant confined to the bucket's encryption context (bucket and objects)", sid: "Bucket1Key", condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::expertconnect-backup", "arn:aws:s3:::expertconnect-backup/*"] } } },
        { name: "an object grant confined to TLS", sid: "Bucket0Objects", condition: { Bool: { "aws:SecureTransport": "true" } } },
        { name: "an object grant confined to another account", sid: "Bucket0Objects", condition: { StringEquals: { "aws:ResourceAccount": "444455556666" } }, broken: /uses bucket expertconnect-prod-static/ },
        { name: "a key grant confined to another bucket's encryption context", sid: "Bucket1Key", condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"] } }, broken: /uses bucket expertconnect-backup/ },
    ];
    for (const c of cases) {
        it(`${c.broken ? "fails" : "verifies"} ${c.name}`, async () => {
            const exp = load();
            editStatements(find(exp, T.rolePolicy, "backend-roles-task-policy"), withCondition(c.sid, c.condition));
            const failing = (await run(exp)).filter((r) => !r.ok);
            if (!c.broken) expect(failing.map(describeFailure)).to.deep.equal([]);
            else expect(failing.map((f) => f.path)).to.satisfy((paths: string[]) => paths.length > 0 && paths.every((p) => c.broken!.test(p)));
        });
    }
});

describe("path verification: requests carry the network origin AWS sees", function () {
    this.timeout(120_000);
    const DJANGO = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/django-secret-key-1ffb64";
    const MASTER = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/database/master-69cf0a";
    const OWN = { vpc: "vpc-0e6ad3833cd78ec1f", secretsEndpoint: "vpce-08adf54f836ee9339", s3Endpoint: "vpce-0fbe5451f6f32d68d" };
    const STRANGER = "vpce-0123456789abcdef0";
    const deny = (action: string, condition: object) => ({ Sid: "Perimeter", Effect: "Deny", Principal: "*", Action: action, Resource: "*", Condition: condition });
    /** A resource policy on a secret (the fixture has none). */
    const secretPolicy = (secretArn: string, ...statements: object[]) => (e: Export) => e.deployment.resources.push({
        urn: "urn:pulumi:prod::expertconnect-infra::aws:secretsmanager/secretPolicy:SecretPolicy::perimeter", type: "aws:secretsmanager/secretPolicy:SecretPolicy",
        outputs: { secretArn, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
    });
    const appendTo = (type: string, name: string, statement: object) => (e: Export) => editStatements(find(e, type, name), (st) => [...st, statement]);
    /** The backend's repository (the fixture predates it) with a policy of `statements`. */
    const repositoryPolicy = (...statements: object[]) => (e: Export) => e.deployment.resources.push(
        { urn: "urn:pulumi:prod::expertconnect-infra::aws:ecr/repository:Repository::backend-repo", type: "aws:ecr/repository:Repository",
            outputs: { name: "expertconnect-backend", arn: "arn:aws:ecr:us-east-1:123456789012:repository/expertconnect-backend", imageTagMutability: "IMMUTABLE" } },
        { urn: "urn:pulumi:prod::expertconnect-infra::aws:ecr/repositoryPolicy:RepositoryPolicy::backend-repo-policy", type: "aws:ecr/repositoryPolicy:RepositoryPolicy",
            outputs: { repository: "expertconnect-backend", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } });
    const STATIC = ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"];
    const cases: Array<{ name: string; change: (e: Export) => void; broken?: RegExp; missing?: RegExp }> = [
        { name: "a secret confined to the stack's Secrets Manager endpoint", change: secretPolicy(DJANGO, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": OWN.secretsEndpoint } })) },
        { name: "a secret confined to the stack's VPC", change: secretPolicy(DJANGO, deny("secretsmanager:*", { StringNotEquals: { "aws:SourceVpc": OWN.vpc } })) },
        { name: "the function's secret confined to the stack's VPC", change: secretPolicy(MASTER, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpc": OWN.vpc } })) },
        { name: "a key confined to the VPC with the AWS-service exemption (data perimeter)", change: appendTo(T.key, "app-settings-key", deny("kms:Decrypt", { StringNotEquals: { "aws:SourceVpc": OWN.vpc }, BoolIfExists: { "aws:ViaAWSService": "false" } })) },
        { name: "a bucket confined to private addresses of the VPC", change: appendTo(T.bucketPolicy, "data-static-policy", { ...deny("s3:GetObject", { NotIpAddress: { "aws:VpcSourceIp": "10.0.0.0/16" } }), Resource: STATIC }) },
        { name: "a bucket confined to the stack's S3 gateway endpoint", change: appendTo(T.bucketPolicy, "data-static-policy", { ...deny("s3:GetObject", { StringNotEquals: { "aws:SourceVpce": OWN.s3Endpoint } }), Resource: STATIC }) },
        { name: "a repository whose pulls are confined to the stack's ECR endpoints", change: repositoryPolicy(deny("ecr:*", { StringNotEquals: { "aws:SourceVpce": ["vpce-08d91fb22dea3936b", "vpce-0e75816b381550204"] } })) },
        { name: "a repository whose pulls are confined to the ECR API endpoint only (image pulls use the registry endpoint)", change: repositoryPolicy(deny("ecr:BatchGetImage", { StringNotEquals: { "aws:SourceVpce": "vpce-08d91fb22dea3936b" } })),
            broken: /task expertconnect-prod-backend pulls .*expertconnect-backend/, missing: /repository policy refuses it \(as it comes from endpoint vpce-0e75816b381550204/ },
        { name: "a secret confined to a stranger's endpoint", change: secretPolicy(DJANGO, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpce": STRANGER } })),
            broken: /reads DJANGO_SECRET_KEY/, missing: /resource policy refuses it \(as it comes from endpoint vpce-08adf54f836ee9339 in vpc-0e6ad3833cd78ec1f/ },
        { name: "a secret confined to the S3 endpoint (not the one Secrets Manager calls use)", change: secretPolicy(DJANGO, deny("secretsmanager:*", { StringNotEquals: { "aws:SourceVpce": OWN.s3Endpoint } })), broken: /reads DJANGO_SECRET_KEY/ },
        { name: "a secret confined to an office address range (calls through the endpoint carry no public address)", change: secretPolicy(DJANGO, deny("secretsmanager:GetSecretValue", { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } })), broken: /reads DJANGO_SECRET_KEY/ },
        { name: "the function's secret confined to another VPC", change: secretPolicy(MASTER, deny("secretsmanager:GetSecretValue", { StringNotEquals: { "aws:SourceVpc": "vpc-0aaaabbbbccccdddd" } })), broken: /function expertconnect-prod-db-tasks reads/ },
        { name: "a key confined to another VPC (Secrets Manager's calls for the task carry none)", change: appendTo(T.key, "app-settings-key", deny("kms:Decrypt", { StringNotEquals: { "aws:SourceVpc": "vpc-0aaaabbbbccccdddd" } })), broken: /reads|rotation/, missing: /in the key policy/ },
        { name: "a bucket confined to an office address range (S3 calls go through the gateway endpoint, replication comes from S3 itself)", change: appendTo(T.bucketPolicy, "data-static-policy", { ...deny("s3:*", { NotIpAddress: { "aws:SourceIp": "203.0.113.0/24" } }), Resource: STATIC }), broken: /uses bucket expertconnect-prod-static|^replication of arn:aws:s3:::expertconnect-prod-static / },
        { name: "a bucket confined to part of one private subnet", change: appendTo(T.bucketPolicy, "data-static-policy", { ...deny("s3:GetObject", { NotIpAddress: { "aws:VpcSourceIp": "10.0.0.0/24" } }), Resource: STATIC }), broken: /uses bucket expertconnect-prod-static/ },
        { name: "a task role whose grant holds only from a stranger's endpoint", change: (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), (st) => st.map((x) => (x.Sid === "Bucket0Objects" ? { ...x, Condition: { StringEquals: { "aws:SourceVpce": STRANGER } } } : x))), broken: /uses bucket expertconnect-prod-static/,
            missing: /in task role .*'s policies \(as it comes from endpoint vpce-0fbe5451f6f32d68d/ },
    ];
    for (const c of cases) {
        it(`${c.broken ? "fails" : "verifies"} ${c.name}`, async () => {
            const exp = load();
            c.change(exp);
            const failing = (await run(exp)).filter((r) => !r.ok);
            if (!c.broken) { expect(failing.map(describeFailure)).to.deep.equal([]); return; }
            expect(failing.map((f) => f.path)).to.satisfy((paths: string[]) => paths.length > 0 && paths.every((p) => c.broken!.test(p)));
            if (c.missing) for (const f of failing) expect(f.missing).to.match(c.missing);
        });
    }
});

describe("path verification: where a workload's requests come from", function () {
    this.timeout(120_000);
    const BACKEND = "backend-task";
    const NAT_IP = "52.0.0.10";
    /** A NAT gateway in the first public subnet, with its elastic IP (the fixture has none). */
    const withNat = (e: Export, publicIp?: string) => e.deployment.resources.push(
        { urn: "urn:pulumi:prod::expertconnect-infra::aws:ec2/eip:Eip::nat-eip", type: "aws:ec2/eip:Eip", id: "eipalloc-0aaa", outputs: { ...(publicIp ? { publicIp } : {}) } } as Exported,
        { urn: "urn:pulumi:prod::expertconnect-infra::aws:ec2/natGateway:NatGateway::nat", type: "aws:ec2/natGateway:NatGateway", id: "nat-0aaa", outputs: { allocationId: "eipalloc-0aaa", subnetId: "subnet-0949b1ba3955b83ef", connectivityType: "public" } } as Exported);
    const origins = (exp: Export, caller: string, action: string) => {
        const resources = pathResourcesOfExport(exp);
        const ix = new StackIndex(resources);
        return originsOf(ix, resources.find((r) => r.name === caller && /^aws:(ecs|lambda)\//.test(r.type))!, action, "us-east-1");
    };

    it("sends a task's Secrets Manager call through the stack's endpoint: endpoint, VPC and private address, no public address", () => {
        const o = origins(load(), BACKEND, "secretsmanager:GetSecretValue");
        expect(o.length).to.be.greaterThan(0);
        for (const x of o) {
            expect(x.context).to.include({ "aws:SourceVpce": "vpce-08adf54f836ee9339", "aws:SourceVpc": "vpc-0e6ad3833cd78ec1f", "aws:ViaAWSService": "false" });
            expect(x.context["aws:VpcSourceIp"]).to.match(/^10\.0\./);
            expect(x.context).to.not.have.property("aws:SourceIp");
            expect(x.unknown).to.deep.equal([]);
        }
    });
    it("sends S3 calls through the gateway endpoint and a function's calls through the endpoint of its subnets", () => {
        expect(origins(load(), BACKEND, "s3:GetObject").map((x) => x.context["aws:SourceVpce"])).to.satisfy((v: string[]) => v.length > 0 && v.every((id) => id === "vpce-0fbe5451f6f32d68d"));
        expect(origins(load(), "database-tasks-function", "secretsmanager:GetSecretValue").map((x) => x.context["aws:SourceVpce"])).to.satisfy((v: string[]) => v.every((id) => id === "vpce-08adf54f836ee9339"));
    });
    it("sends a call with no endpoint (KMS) out through the NAT gateways' public addresses, and leaves an address not known yet undecided", () => {
        const exp = load();
        withNat(exp, NAT_IP);
        expect(origins(exp, BACKEND, "kms:Decrypt").map((x) => x.context)).to.deep.equal([{ "aws:ViaAWSService": "false", "aws:SourceIp": NAT_IP }]);
        const preview = load();
        withNat(preview);
        expect(origins(preview, BACKEND, "kms:Decrypt").map((x) => x.unknown)).to.deep.equal([["aws:SourceIp"]]);
    });
    it("leaves the endpoint undecided while its id is not known (preview) and every key undecided for a task no service runs", () => {
        const exp = load();
        const endpoint = find(exp, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-endpoints-secretsmanager") as Exported & { id?: string };
        delete endpoint.id;
        delete endpoint.outputs.arn;
        expect(origins(exp, BACKEND, "secretsmanager:GetSecretValue").every((x) => x.unknown.includes("aws:SourceVpce"))).to.equal(true);
        const orphan = load();
        orphan.deployment.resources = orphan.deployment.resources.filter((r) => !(r.type === "aws:ecs/service:Service" && r.urn.endsWith("::backend-service")));
        expect(origins(orphan, BACKEND, "secretsmanager:GetSecretValue").map((x) => x.unknown)).to.deep.equal([["aws:SourceVpce", "aws:SourceVpc", "aws:VpcSourceIp", "aws:SourceIp"]]);
    });
    it("sends a function outside every VPC out from AWS's addresses, none the stack owns", () => {
        const exp = load();
        const fn = find(exp, "aws:lambda/function:Function", "database-tasks-function");
        const outside = { subnetIds: [], securityGroupIds: [] };
        Object.assign(fn, { outputs: { ...fn.outputs, vpcConfig: outside }, inputs: { ...(fn as any).inputs, vpcConfig: outside }, propertyDependencies: { ...(fn as any).propertyDependencies, vpcConfig: [] } });
        expect(origins(exp, "database-tasks-function", "secretsmanager:GetSecretValue").map((x) => Object.keys(x.context))).to.deep.equal([["aws:ViaAWSService", "aws:SourceIp"]]);
    });
    const execKey = (e: Export, range: string) => editStatements(find(e, T.key, "logs-key"), (st) => [...st, { Sid: "OnlyFromNat", Effect: "Deny", Principal: "*", Action: "kms:Decrypt", Resource: "*",
        Condition: { NotIpAddress: { "aws:SourceIp": range }, BoolIfExists: { "aws:ViaAWSService": "false", "aws:PrincipalIsAWSService": "false" } } }]);
    it("verifies ECS Exec's session key confined to the NAT gateway's address", async () => {
        const exp = load();
        withNat(exp, NAT_IP);
        execKey(exp, `${NAT_IP}/32`);
        expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
    });
    it("fails ECS Exec's session key confined to an office range the task's calls do not leave from", () => expectBroken((e) => { withNat(e, NAT_IP); execKey(e, "203.0.113.0/24"); },
        { path: /session encryption key usable/, missing: /kms:Decrypt .* in the key policy \(as it comes from NAT gateway 52\.0\.0\.10\)/, resource: /logs-key/ }));
});

describe("path verification: keys and grants on each runtime path", function () {
    this.timeout(120_000);
    const ACCOUNT = "123456789012";
    const MASTER = `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
    const APP_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;
    /** The master secret's rotation schedule (the fixture predates it), invoking `lambdaArn`. */
    const schedule = (e: Export, lambdaArn: string) => e.deployment.resources.push({
        urn: "urn:pulumi:prod::expertconnect-infra::expertconnect:data:Database$aws:secretsmanager/secretRotation:SecretRotation::database-rotation-schedule",
        type: "aws:secretsmanager/secretRotation:SecretRotation", outputs: { rotationLambdaArn: lambdaArn, secretId: MASTER, rotationRules: { automaticallyAfterDays: 30 } },
    });
    const rotationApp = (e: Export) => find(e, "aws:serverlessrepository/cloudFormationStack:CloudFormationStack", "database-rotation-function").outputs;
    const ROTATION_FN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-rotation`;
    const logsStatement = (key: string, edit: (st: any) => void) => (e: Export) => editStatements(find(e, T.key, key), (st) => st.map((x) => {
        if ([x.Principal?.Service].flat().includes("logs.us-east-1.amazonaws.com")) edit(x);
        return x;
    }));

    it("verifies every encrypted log group, the function's secret and the rotation schedule of the intact stack", async () => {
        const exp = load();
        schedule(exp, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-rotation`);
        const results = await run(exp);
        expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        for (const k of [/log group \/aws\/rds\/instance\/expertconnect-prod-db\/postgresql is written under its key/, /log group \/aws\/elasticache\/.*slow-log/,
            /function expertconnect-prod-db-tasks reads MASTER_SECRET_ARN/, /rotation of expertconnect\/prod\/database\/master runs expertconnect-prod-db-rotation/]) {
            expect(results.some((r) => r.ok && k.test(r.path)), String(k)).to.equal(true);
        }
    });

    const broken: Array<{ name: string; change: (e: Export) => void; path: RegExp; missing: RegExp; resource: RegExp }> = [
        { name: "the cache's log groups when the cache key loses CloudWatch Logs' statement", change: (e) => editStatements(find(e, T.key, "cache-key"), withoutService("logs.us-east-1.amazonaws.com")),
            path: /log group \/aws\/elasticache\/expertconnect-prod-cache\/(slow|engine)-log is written under its key/, missing: /kms:GenerateDataKey for logs\.us-east-1\.amazonaws\.com .*encryption context/, resource: /aws:kms\/key:Key cache-key/ },
        { name: "the database's log groups when the key's logs condition names the cluster groups", change: logsStatement("database-key", (x) => { x.Condition.ArnLike["kms:EncryptionContext:aws:logs:arn"] = `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/rds/cluster/expertconnect-prod-db/*`; }),
            path: /log group \/aws\/rds\/instance\/expertconnect-prod-db\/\w+ is written under its key/, missing: /logs\.us-east-1\.amazonaws\.com in the key policy/, resource: /database-key/ },
        { name: "the database's log groups when the key's logs principal names another region", change: logsStatement("database-key", (x) => { x.Principal.Service = "logs.us-west-2.amazonaws.com"; }),
            path: /log group \/aws\/rds\/instance\//, missing: /logs\.us-east-1\.amazonaws\.com in the key policy/, resource: /database-key/ },
        { name: "ECS Exec sessions when the cluster's session key is one the task roles may not use", change: (e) => { find(e, "aws:ecs/cluster:Cluster", "cluster").outputs.configuration.executeCommandConfiguration.kmsKeyId = APP_KEY; },
            path: /ECS Exec into .*: session encryption key usable by the task/, missing: /kms:Decrypt on .*3361a6a0.* in the role's policies/, resource: /(backend|frontend)-roles-task/ },
        { name: "the maintenance function's master secret when its role loses the key", change: (e) => editStatements(find(e, T.rolePolicy, "database-tasks-policy"), withoutSid("DecryptMasterSecret")),
            path: /function expertconnect-prod-db-tasks reads MASTER_SECRET_ARN/, missing: /kms:Decrypt .*database-tasks-role/, resource: /database-(key|tasks-role)/ },
        { name: "the maintenance function's master secret when its role may not read it", change: (e) => editStatements(find(e, T.rolePolicy, "database-tasks-policy"), withoutSid("ReadMasterSecret")),
            path: /function expertconnect-prod-db-tasks reads MASTER_SECRET_ARN/, missing: /secretsmanager:GetSecretValue on .*master/, resource: /database-tasks-role/ },
        { name: "rotation when the rotation app is deployed with another key", change: (e) => { schedule(e, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-rotation`); rotationApp(e).parameters.kmsKeyArn = APP_KEY; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /parameters\.kmsKeyArn = the key of .*cannot decrypt the secret/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint is another region's", change: (e) => { schedule(e, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-rotation`); rotationApp(e).parameters.endpoint = "https://secretsmanager.us-west-2.amazonaws.com"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /parameters\.endpoint = https:\/\/secretsmanager\.us-east-1\.amazonaws\.com \(it names us-west-2/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint is a host outside AWS", change: (e) => { schedule(e, ROTATION_FN); rotationApp(e).parameters.endpoint = "https://secretsmanager.expertconnect-proxy.example.com"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /parameters\.endpoint = https:\/\/secretsmanager\.us-east-1\.amazonaws\.com .*it names secretsmanager\.expertconnect-proxy\.example\.com, which is not Secrets Manager of us-east-1: the function sends every new master password there/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint is another AWS service's host in the region (an API Gateway anyone can own)", change: (e) => { schedule(e, ROTATION_FN); rotationApp(e).parameters.endpoint = "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /it names a1b2c3d4e5\.execute-api\.us-east-1\.amazonaws\.com, which is not Secrets Manager/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint is Secrets Manager's host under a look-alike domain", change: (e) => { schedule(e, ROTATION_FN); rotationApp(e).parameters.endpoint = "https://secretsmanager.us-east-1.amazonaws.com.example.net"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /which is not Secrets Manager of us-east-1/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint is plain HTTP", change: (e) => { schedule(e, ROTATION_FN); rotationApp(e).parameters.endpoint = "http://secretsmanager.us-east-1.amazonaws.com"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /HTTPS to the host alone; http:\/\/secretsmanager\.us-east-1\.amazonaws\.com is not HTTPS/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint carries credentials for another host", change: (e) => { schedule(e, ROTATION_FN); rotationApp(e).parameters.endpoint = "https://secretsmanager.us-east-1.amazonaws.com@collector.example.net"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /carries credentials, a port, a path or a query/, resource: /database-rotation-function/ },
        { name: "rotation when the rotation app's endpoint is another VPC's Secrets Manager endpoint", change: (e) => { schedule(e, ROTATION_FN); rotationApp(e).parameters.endpoint = "https://vpce-0f00ba47-abcdefgh.secretsmanager.us-east-1.vpce.amazonaws.com"; },
            path: /rotation of expertconnect\/prod\/database\/master/, missing: /it names vpce-0f00ba47-abcdefgh\.secretsmanager\.us-east-1\.vpce\.amazonaws\.com, which is not Secrets Manager of us-east-1/, resource: /database-rotation-function/ },
        { name: "the rotation app downgraded to an old release", change: (e) => { rotationApp(e).semanticVersion = "1.1.60"; },
            path: /rotation function expertconnect-prod-db-rotation runs AWS's reviewed rotation application/, missing: /semanticVersion 1\.1\.650 or later \(the reviewed version\); 1\.1\.60 is older/, resource: /database-rotation-function/ },
        { name: "the rotation app pinned to 1.1.7 (older, though it sorts after 1.1.650 as text)", change: (e) => { rotationApp(e).semanticVersion = "1.1.7"; },
            path: /runs AWS's reviewed rotation application/, missing: /1\.1\.7 is older/, resource: /database-rotation-function/ },
        { name: "the rotation app unpinned (the repository's newest release)", change: (e) => { delete rotationApp(e).semanticVersion; },
            path: /runs AWS's reviewed rotation application/, missing: /semanticVersion pinned to 1\.1\.650 or later \(unset/, resource: /database-rotation-function/ },
        { name: "the rotation app pinned to a version that is not a release", change: (e) => { rotationApp(e).semanticVersion = "1.1.650-beta"; },
            path: /runs AWS's reviewed rotation application/, missing: /1\.1\.650-beta is not a released major\.minor\.patch version/, resource: /database-rotation-function/ },
        { name: "the rotation app taken from a same-named application of another account", change: (e) => { rotationApp(e).applicationId = "arn:aws:serverlessrepo:us-east-1:444455556666:applications/SecretsManagerRDSPostgreSQLRotationSingleUser"; },
            path: /runs AWS's reviewed rotation application/, missing: /published by account 444455556666/, resource: /database-rotation-function/ },
        { name: "the rotation app switched to an AWS application nobody reviewed", change: (e) => { rotationApp(e).applicationId = "arn:aws:serverlessrepo:us-east-1:297356227824:applications/SecretsManagerRDSPostgreSQLRotationMultiUser"; },
            path: /runs AWS's reviewed rotation application/, missing: /SecretsManagerRDSPostgreSQLRotationMultiUser is not one/, resource: /database-rotation-function/ },
        { name: "rotation when the schedule invokes a function that is not a rotation function", change: (e) => schedule(e, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`),
            path: /rotation of expertconnect\/prod\/database\/master runs expertconnect-prod-db-tasks/, missing: /rotationLambdaArn naming a rotation function \(the stack's: expertconnect-prod-db-rotation\)/, resource: /database-rotation-schedule/ },
    ];
    for (const b of broken) it(`fails ${b.name}`, () => expectBroken(b.change, b));

    const endpoints: Array<[string, (e: Export) => void, string]> = [
        ["the FIPS endpoint of the region", () => undefined, "https://secretsmanager-fips.us-east-1.amazonaws.com"],
        ["the public endpoint with a trailing slash", () => undefined, "https://secretsmanager.us-east-1.amazonaws.com/"],
        ["a DNS name of the stack's Secrets Manager VPC endpoint", (e) => {
            find(e, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-endpoints-secretsmanager").outputs.dnsEntries = [{ dnsName: "vpce-0a1b2c3d4e5f-x1y2z3.secretsmanager.us-east-1.vpce.amazonaws.com", hostedZoneId: "Z7HUB22UULQXV" }];
        }, "https://vpce-0a1b2c3d4e5f-x1y2z3.secretsmanager.us-east-1.vpce.amazonaws.com"],
        ["a zonal DNS name of the stack's Secrets Manager VPC endpoint (by its id)", (e) => { find(e, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-endpoints-secretsmanager").outputs.id = "vpce-0a1b2c3d4e5f"; },
            "https://vpce-0a1b2c3d4e5f-x1y2z3-us-east-1a.secretsmanager.us-east-1.vpce.amazonaws.com"],
    ];
    for (const [name, setUp, endpoint] of endpoints) {
        it(`verifies a rotation app sending to ${name}`, async () => {
            const exp = load();
            schedule(exp, ROTATION_FN);
            setUp(exp);
            rotationApp(exp).parameters.endpoint = endpoint;
            expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        });
    }

    it("verifies the rotation app upgraded past the reviewed version", async () => {
        const exp = load();
        rotationApp(exp).semanticVersion = "1.1.671";
        const results = await run(exp);
        expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        expect(results.some((r) => r.ok && /rotation function expertconnect-prod-db-rotation runs AWS's reviewed rotation application/.test(r.path))).to.equal(true);
    });

    it("verifies a schedule invoking a function of the stack that Secrets Manager may invoke", async () => {
        const exp = load();
        schedule(exp, `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-tasks`);
        exp.deployment.resources.push({ urn: "urn:pulumi:prod::expertconnect-infra::aws:lambda/permission:Permission::rotation-invoke", type: "aws:lambda/permission:Permission",
            outputs: { action: "lambda:InvokeFunction", function: "expertconnect-prod-db-tasks", principal: "secretsmanager.amazonaws.com" } });
        expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
    });
});

describe("path verification: key grants confined to a regional service name keys of its region", function () {
    this.timeout(120_000);
    const statement = (condition: object) => (parsePolicy({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: condition }] }) as NormalPolicy).statements[0];
    const regions: Array<[string, object, string[] | undefined]> = [
        ["one service", { StringEquals: { "kms:ViaService": "secretsmanager.us-west-2.amazonaws.com" } }, ["us-west-2"]],
        ["two services of one region", { StringEquals: { "kms:ViaService": ["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"] } }, ["us-east-1"]],
        ["a wildcard (any region)", { StringLike: { "kms:ViaService": "secretsmanager.*.amazonaws.com" } }, undefined],
        ["no ViaService", { StringEquals: { "kms:CallerAccount": "123456789012" } }, undefined],
        ["a negated operator", { StringNotEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } }, undefined],
    ];
    for (const [name, condition, expected] of regions) {
        it(`reads the regions of ${name}`, () => expect(viaServiceRegions(statement(condition))).to.deep.equal(expected));
    }

    const KEY = (region: string) => `arn:aws:kms:${region}:123456789012:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;
    const cases: Array<{ name: string; resource: string[]; broken: boolean }> = [
        { name: "a key of another region beside the right one", resource: [KEY("us-west-2"), KEY("us-east-1")], broken: true },
        { name: "only a key of another region", resource: [KEY("eu-west-1")], broken: true },
        { name: "the region's own keys", resource: [KEY("us-east-1")], broken: false },
    ];
    for (const c of cases) {
        it(`${c.broken ? "fails" : "verifies"} an execution role's secrets grant naming ${c.name}`, async () => {
            const exp = load();
            editStatements(find(exp, T.rolePolicy, "backend-roles-execution-policy"), (st) => st.map((x) => (x.Sid === "DecryptSecrets" ? { ...x, Resource: c.resource } : x)));
            const failing = (await run(exp)).filter((r) => !r.ok && /key grants through regional services/.test(r.path));
            if (!c.broken) {
                expect(failing.map(describeFailure)).to.deep.equal([]);
                return;
            }
            expect(failing.map(describeFailure)).to.have.length(1);
            expect(failing[0].missing).to.match(/a key of us-east-1 in place of arn:aws:kms:(us-west-2|eu-west-1):.* \(statement DecryptSecrets\).*never applies/);
            expect(failing[0].change).to.match(/backend-roles-execution/);
        });
    }
});

describe("path verification: the roles of delivering services grant where they deliver", function () {
    this.timeout(120_000);
    const ACCOUNT = "123456789012";
    /** The fixture's flow log and canary (it predates them), as the stack declares them. */
    const withDeliverers = (e: Export) => e.deployment.resources.push(
        { urn: "urn:pulumi:prod::expertconnect-infra::aws:ec2/flowLog:FlowLog::network-flow-logs", type: "aws:ec2/flowLog:FlowLog", outputs: {
            iamRoleArn: `arn:aws:iam::${ACCOUNT}:role/network-flow-logs-role-9d24976`, logDestinationType: "cloud-watch-logs", name: "network-flow-logs",
            logDestination: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/vpc/expertconnect-prod-flow-logs`, arn: `arn:aws:ec2:us-east-1:${ACCOUNT}:vpc-flow-log/fl-0a576f5603c34beea` } },
        { urn: "urn:pulumi:prod::expertconnect-infra::aws:synthetics/canary:Canary::synthetic-check", type: "aws:synthetics/canary:Canary", outputs: {
            name: "expertconnect-prod", executionRoleArn: `arn:aws:iam::${ACCOUNT}:role/synthetic-check-role-e49cf65`, region: "us-east-1",
            artifactS3Location: `s3://expertconnect-prod-canary-artifacts-${ACCOUNT}/canary/` } },
    );
    const grant = (policy: string, sid: string, edit: (st: any) => any) => (e: Export) => {
        withDeliverers(e);
        editStatements(find(e, T.rolePolicy, policy), (st) => st.map((x) => (x.Sid === sid ? edit(x) : x)).filter((x) => x !== undefined));
    };

    it("verifies the flow log's and the canary's delivery", async () => {
        const exp = load();
        withDeliverers(exp);
        const results = await run(exp);
        expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        expect(results.filter((r) => /flow log network-flow-logs delivers|canary expertconnect-prod stores its artifacts/.test(r.path))).to.have.length(2);
    });

    const broken: Array<{ name: string; change: (e: Export) => void; path: RegExp; missing: RegExp; resource: RegExp }> = [
        { name: "the flow log when its role names another log group", change: grant("network-flow-logs-write", "WriteFlowLogGroup", (x) => ({ ...x, Resource: [`arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/vpc/flow-logs`, `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/vpc/flow-logs:*`] })),
            path: /flow log network-flow-logs delivers to \/vpc\/expertconnect-prod-flow-logs/, missing: /logs:CreateLogStream on .*flow log's iamRoleArn/, resource: /network-flow-logs-role/ },
        { name: "the canary when its role loses s3:PutObject on its artifacts", change: grant("synthetic-check-role-policy", "PutArtifacts", () => undefined),
            path: /canary expertconnect-prod stores its artifacts/, missing: /s3:PutObject on arn:aws:s3:::expertconnect-prod-canary-artifacts-\d+\/canary\//, resource: /synthetic-check-role/ },
        { name: "the canary when its role writes another prefix", change: grant("synthetic-check-role-policy", "PutArtifacts", (x) => ({ ...x, Resource: `arn:aws:s3:::expertconnect-prod-canary-artifacts-${ACCOUNT}/other/*` })),
            path: /canary expertconnect-prod stores its artifacts/, missing: /s3:PutObject/, resource: /synthetic-check-role/ },
        { name: "the canary when its bucket admits writes only through a VPC endpoint (the canary runs outside the VPC)", change: (e) => {
            withDeliverers(e);
            editStatements(find(e, T.bucketPolicy, "synthetic-check-artifacts-policy"), (st) => [...st, { Sid: "OnlyFromVpc", Effect: "Deny", Principal: "*", Action: "s3:PutObject",
                Resource: `arn:aws:s3:::expertconnect-prod-canary-artifacts-${ACCOUNT}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-0fbe5451f6f32d68d" } } }]);
        }, path: /canary expertconnect-prod stores its artifacts/, missing: /s3:PutObject .*the bucket policy refuses it \(as it comes from AWS's public addresses/, resource: /synthetic-check-artifacts-policy/ },
    ];
    for (const b of broken) it(`fails ${b.name}`, () => expectBroken(b.change, b));
});

describe("path verification: RDS Enhanced Monitoring publishes with the instance's monitoring role", function () {
    this.timeout(120_000);
    const ACCOUNT = "123456789012";
    const PATH = /database expertconnect-prod-db sends its OS metrics \(Enhanced Monitoring\) to RDSOSMetrics/;
    const removeAttachment = (e: Export) => { e.deployment.resources = e.deployment.resources.filter((r) => !r.urn.endsWith("::database-monitoring-policy")); };
    const inline = (...statements: object[]) => (e: Export) => {
        e.deployment.resources.push({ urn: "urn:pulumi:prod::expertconnect-infra::aws:iam/rolePolicy:RolePolicy::database-monitoring-inline", type: T.rolePolicy,
            outputs: { role: "database-monitoring-c992062", policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) } });
    };

    it("verifies the path through AmazonRDSEnhancedMonitoringRole, whose document the pack holds", async () => {
        const results = await run(load());
        expect(results.filter((r) => PATH.test(r.path)).map((r) => r.ok)).to.deep.equal([true]);
    });
    it("verifies an inline policy that grants the same on RDSOSMetrics only", async () => {
        const exp = load();
        removeAttachment(exp);
        inline({ Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:PutRetentionPolicy"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:RDSOSMetrics` },
            { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:RDSOSMetrics:log-stream:*` })(exp);
        expect((await run(exp)).filter((r) => PATH.test(r.path)).map((r) => r.ok)).to.deep.equal([true]);
    });
    const broken: Array<{ name: string; change: (e: Export) => void; path: RegExp; missing: RegExp; resource: RegExp }> = [
        { name: "when the managed policy's attachment is removed", change: removeAttachment, path: PATH, missing: /logs:CreateLogGroup on arn:aws:logs:us-east-1:\d+:log-group:RDSOSMetrics .*monitoringRoleArn/, resource: /database-monitoring/ },
        { name: "when an inline policy grants another log group instead", change: (e) => { removeAttachment(e); inline({ Effect: "Allow", Action: "logs:*", Resource: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/rds/*` })(e); },
            path: PATH, missing: /logs:CreateLogGroup on .*RDSOSMetrics/, resource: /database-monitoring/ },
        { name: "when an explicit Deny on logs:PutLogEvents sits beside the managed policy", change: inline({ Effect: "Deny", Action: "logs:PutLogEvents", Resource: "*" }),
            path: PATH, missing: /logs:PutLogEvents on .*RDSOSMetrics:log-stream:db-B807A6DA5E21583018F634D525 .*an explicit Deny refuses it/, resource: /database-monitoring/ },
    ];
    for (const b of broken) it(`fails ${b.name}`, () => expectBroken(b.change, b));
});

describe("path verification: S3 replication through both buckets' policies, as S3 sends its requests", function () {
    this.timeout(120_000);
    const STATIC = "arn:aws:s3:::expertconnect-prod-static";
    const REPLICA = "arn:aws:s3:::expertconnect-prod-static-us-west-2";
    const REPLICATION_ROLE = "arn:aws:iam::123456789012:role/dr-static-role-2f50c65";
    const PROD_S3_ENDPOINT = "vpce-0fbe5451f6f32d68d";
    const on = (policy: string, statement: object) => (e: Export) => editStatements(find(e, T.bucketPolicy, policy), (st) => [...st, { Sid: "Added", Effect: "Deny", Principal: "*", ...statement }]);
    const source = (statement: object) => on("data-static-policy", statement);
    const replica = (statement: object) => on("dr-static-replica-policy", statement);
    const REPLICATION = /^replication of arn:aws:s3:::expertconnect-prod-static to arn:aws:s3:::expertconnect-prod-static-us-west-2$/;

    const broken: Array<{ name: string; change: (e: Export) => void; missing: RegExp; resource: RegExp }> = [
        { name: "the replica bucket denies s3:* unless through the dr VPC endpoint (S3's writes carry none)",
          change: replica({ Action: "s3:*", Resource: [REPLICA, `${REPLICA}/*`], Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-07d6db07f31366c93" } } }),
          missing: /^s3:ReplicateObject on .*us-west-2\/.*role\/dr-static-role.*the destination bucket's policy refuses it \(as it comes from the service's own network/, resource: /BucketPolicy dr-static-replica-policy/ },
        { name: "the static bucket denies GetObject* outside the prod VPC endpoint (the task's reads pass it; replication's do not)",
          change: source({ Action: "s3:GetObject*", Resource: `${STATIC}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } } }),
          missing: /^s3:GetObjectVersionForReplication on arn:aws:s3:::expertconnect-prod-static\/.*the source bucket's policy refuses it/, resource: /BucketPolicy data-static-policy/ },
        { name: "the static bucket confined to its VPC (aws:SourceVpc, absent from S3's requests)",
          change: source({ Action: "s3:*", Resource: [STATIC, `${STATIC}/*`], Condition: { StringNotEqualsIfExists: { "aws:SourceVpc": "vpc-0e6ad3833cd78ec1f" }, Null: { "aws:SourceVpc": "true" } } }),
          missing: /^s3:GetReplicationConfiguration .*the source bucket's policy refuses it/, resource: /data-static-policy/ },
        { name: "the replica bucket refuses replicated deletes (delete markers are replicated)", change: replica({ Action: "s3:ReplicateDelete", Resource: `${REPLICA}/*` }),
          missing: /^s3:ReplicateDelete .*destination bucket's policy refuses it/, resource: /dr-static-replica-policy/ },
        { name: "the replica bucket refuses replicated tags", change: replica({ Action: "s3:ReplicateTags", Resource: `${REPLICA}/*` }),
          missing: /^s3:ReplicateTags/, resource: /dr-static-replica-policy/ },
        { name: "the static bucket hides object ACLs from everyone but an admin", change: source({ Action: "s3:GetObjectVersionAcl", Resource: `${STATIC}/*`, Condition: { ArnNotEquals: { "aws:PrincipalArn": "arn:aws:iam::123456789012:role/admin" } } }),
          missing: /^s3:GetObjectVersionAcl .*source bucket's policy refuses it/, resource: /data-static-policy/ },
        { name: "the replica bucket admits writes only from the prod NAT address (S3 writes from its own)", change: replica({ Action: "s3:Replicate*", Resource: `${REPLICA}/*`, Condition: { NotIpAddress: { "aws:SourceIp": "203.0.113.10/32" } } }),
          missing: /^s3:ReplicateObject .*destination bucket's policy refuses it/, resource: /dr-static-replica-policy/ },
        { name: "the replication role loses s3:ListBucket on the source", change: (e) => editStatements(find(e, T.rolePolicy, "dr-static-role-policy"), (st) => st.map((x) => (x.Sid === "ReadReplicationConfiguration" ? { ...x, Action: "s3:GetReplicationConfiguration" } : x))),
          missing: /^role .*dr-static-role.* lacks s3:ListBucket on arn:aws:s3:::expertconnect-prod-static$/, resource: /aws:iam\/role:Role dr-static-role/ },
    ];
    for (const b of broken) it(`fails ${b.name}`, () => expectBroken(b.change, { path: REPLICATION, missing: b.missing, resource: b.resource }));

    const allowed: Array<{ name: string; change: (e: Export) => void }> = [
        { name: "the replica bucket denies s3:* to all but the replication role and an admin", change: replica({ Action: "s3:*", Resource: [REPLICA, `${REPLICA}/*`],
            Condition: { ArnNotEquals: { "aws:PrincipalArn": [REPLICATION_ROLE, "arn:aws:iam::123456789012:role/admin"] } } }) },
        { name: "the replica bucket denies anything but the replication role outside the dr endpoint", change: replica({ Action: "s3:*", Resource: [REPLICA, `${REPLICA}/*`],
            Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-07d6db07f31366c93" }, ArnNotEquals: { "aws:PrincipalArn": REPLICATION_ROLE } } }) },
        { name: "the replica bucket refuses plain PutObject outside the dr endpoint (replication writes with ReplicateObject)", change: replica({ Action: "s3:PutObject", Resource: `${REPLICA}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-07d6db07f31366c93" } } }) },
        { name: "the static bucket confines plain GetObject to the prod endpoint (the task reads through it)", change: source({ Action: "s3:GetObject", Resource: `${STATIC}/*`, Condition: { StringNotEquals: { "aws:SourceVpce": PROD_S3_ENDPOINT } } }) },
        { name: "the replica bucket refuses requests without TLS or from another account", change: replica({ Action: "s3:*", Resource: [REPLICA, `${REPLICA}/*`], Condition: { StringNotEquals: { "aws:PrincipalAccount": "123456789012" } } }) },
    ];
    for (const a of allowed) {
        it(`verifies ${a.name}`, async () => {
            const exp = load();
            a.change(exp);
            expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        });
    }
});

describe("npm run analyze over a prod export with one path broken", function () {
    this.timeout(600_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { sharedAnalyze, stackPreview } = require("../support/stackPreview") as typeof import("../support/stackPreview");
    let exported: Export;

    before(() => {
        const run = stackPreview("prod");
        expect(run.code, run.stderr || run.stdout).to.equal(0);
        exported = run.deployment!;
    });

    it("prints the verified paths of the intact export and exits 0", () => {
        const run = sharedAnalyze({ files: [exported] });
        expect(run.code, run.stdout).to.equal(0);
        expect(run.stdout).to.match(/^Paths: \d+ verified$/m);
    });

    it("exits 1 naming the path, the missing rule and the resource when the database stops admitting the backend", () => {
        const broken = { ...exported, deployment: { ...exported.deployment, resources: exported.deployment.resources.filter((r) => !r.urn.endsWith("::database-from-backend")) } };
        const run = sharedAnalyze({ files: [broken] });
        expect(run.code, run.stdout).to.equal(1);
        expect(run.stdout).to.match(/paths-verified/);
        expect(run.stdout).to.match(/path "service expertconnect-prod-backend reaches PostgreSQL database on 5432" is broken: missing ingress rule for TCP 5432 from the other side; change aws:ec2\/securityGroup:SecurityGroup database/);
        expect(run.stdout).to.match(/^Paths: \d+ verified, 1 broken$/m);
    });
});

describe("paths-verified", function () {
    this.timeout(120_000);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { analyzeStack } = require("./support/harness") as typeof import("./support/harness");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { pathsVerified } = require("../../policy/paths/policy") as typeof import("../../policy/paths/policy");

    const SECRET_SIG = "4dabf18193072939515e22adb298388d";
    // The analyzer carries no nulls, and an export's secrets (`plaintext`) as plain values here.
    const withoutNulls = (v: any): any => Array.isArray(v) ? v.filter((x) => x !== null).map(withoutNulls)
        : v && typeof v === "object" && SECRET_SIG in v ? JSON.parse(v.plaintext)
        : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => [k, withoutNulls(x)])) : v;

    /** The export as the analyzer would send it: unique names, parents and property dependencies by name. */
    function stackOf(exp: Export) {
        const resources = exp.deployment.resources as Array<Exported & { parent?: string; propertyDependencies?: Record<string, string[]> }>;
        const seen = new Map<string, number>();
        const nameOf = new Map<string, string>();
        for (const r of resources) {
            const logical = r.urn.split("::").pop()!;
            const n = seen.get(logical) ?? 0;
            seen.set(logical, n + 1);
            nameOf.set(r.urn, n === 0 ? logical : `${logical}~${n}`);
        }
        return resources.filter((r) => r.type !== "pulumi:pulumi:Stack").map((r) => ({
            type: r.type,
            name: nameOf.get(r.urn)!,
            props: withoutNulls(r.outputs),
            parent: r.parent && nameOf.has(r.parent) && !r.parent.includes("pulumi:pulumi:Stack") ? nameOf.get(r.parent) : undefined,
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {})
                .map(([k, urns]) => [k, urns.filter((u) => nameOf.has(u)).map((u) => nameOf.get(u)!)])),
        }));
    }

    it("passes the intact prod stack", async () => {
        const outcome = await analyzeStack(pathsVerified, stackOf(load()));
        expect(outcome.violations.map((v) => v.message)).to.deep.equal([]);
    });

    it("blocks a stack whose database no longer admits the backend, naming the path, the rule and the group", async () => {
        const exp = load();
        exp.deployment.resources = exp.deployment.resources.filter((r) => !r.urn.endsWith("::database-from-backend"));
        const outcome = await analyzeStack(pathsVerified, stackOf(exp));
        expect(outcome.violations.map((v) => v.message)).to.have.length(1);
        expect(outcome.violations[0].message).to.match(/path "service expertconnect-prod-backend reaches PostgreSQL .* on 5432" is broken: missing ingress rule for TCP 5432 .*; change aws:ec2\/securityGroup:SecurityGroup database/);
    });

    it("blocks a task definition whose container lost an ECS Exec mount", async () => {
        const exp = load();
        const t = find(exp, T.task, "frontend-task");
        const containers = JSON.parse(t.outputs.containerDefinitions);
        containers[0].mountPoints = containers[0].mountPoints.filter((m: any) => m.containerPath !== "/managed-agents");
        t.outputs.containerDefinitions = JSON.stringify(containers);
        const outcome = await analyzeStack(pathsVerified, stackOf(exp));
        expect(outcome.violations.map((v) => v.message).join("\n")).to.match(/ECS Exec into expertconnect-prod-frontend: container frontend .* \/managed-agents/);
    });
});

describe("path verification: what a parameter names", () => {
    it("counts another region's AWS endpoint, not other mentions of a region", async () => {
        const { otherRegion } = await import("../../policy/paths/tasks");
        expect(otherRegion("expertconnect-prod-db.c9akciq32.us-east-1.rds.amazonaws.com", "us-west-2")).to.equal("us-east-1");
        expect(otherRegion("https://s3.eu-west-1.amazonaws.com/bucket", "us-east-1")).to.equal("eu-west-1");
        expect(otherRegion("arn:aws:acm:us-east-1:123456789012:certificate/abc", "us-west-2")).to.equal(undefined);
        expect(otherRegion("us-east-1", "us-west-2")).to.equal(undefined);
        expect(otherRegion("expertconnect-dr-db.c9akciq32.us-west-2.rds.amazonaws.com", "us-west-2")).to.equal(undefined);
    });
});

describe("path verification: a load balancer's access logs reach their bucket", function () {
    this.timeout(120_000);
    const LB = "aws:lb/loadBalancer:LoadBalancer";
    const delivery = (principal: unknown) => (e: Export) => editStatements(find(e, T.bucketPolicy, "alb-access-logs-policy"),
        (st) => st.map((x) => (x.Sid === "ElbAccessLogDelivery" ? { ...x, Principal: principal } : x)));

    it("verifies the delivery by the Region's ELB account, and by the log delivery service", async () => {
        for (const change of [() => undefined, delivery({ Service: "logdelivery.elasticloadbalancing.amazonaws.com" })]) {
            const exp = load();
            change(exp);
            const results = await run(exp);
            expect(results.filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
            expect(results.filter((r) => /load balancer .* delivers access logs to/.test(r.path))).to.have.length(1);
        }
    });

    const broken: Array<{ name: string; change: (e: Export) => void }> = [
        { name: "the bucket policy names another Region's ELB account (a copied snippet)", change: delivery({ AWS: "arn:aws:iam::797873946194:root" }) },
        { name: "the bucket policy's delivery statement is gone", change: (e) => editStatements(find(e, T.bucketPolicy, "alb-access-logs-policy"), withoutSid("ElbAccessLogDelivery")) },
        { name: "the load balancer writes under a prefix the policy does not grant", change: (e) => { find(e, LB, "alb").outputs.accessLogs.prefix = "lb"; } },
    ];
    for (const c of broken) {
        it(`reports ${c.name}`, () => expectBroken(c.change, {
            path: /load balancer .* delivers access logs to expertconnect-prod-alb-logs/, missing: /s3:PutObject on arn:aws:s3:::expertconnect-prod-alb-logs\/.*AWSLogs\/\d+\/\*/, resource: /alb-access-logs-policy/,
        }));
    }
});

describe("path verification: a task's IAM database login", function () {
    this.timeout(120_000);
    const PARAMETER = "aws:ssm/parameter:Parameter";
    const login = (st: any[]) => st.map((x) => (x.Sid === "DatabaseIamLogin" ? { ...x, Resource: String(x.Resource).replace(/\/expertconnect_app$/, "/expertconnect_readonly") } : x));
    const setUser = (e: Export, user: string) => {
        const p = find(e, PARAMETER, "app-settings-database-user");
        p.outputs.value = typeof p.outputs.value === "object" ? { ...p.outputs.value, plaintext: JSON.stringify(user) } : user;
    };

    it("verifies the backend's login as the application user", async () => {
        const results = await run(load());
        expect(results.filter((r) => /logs in to expertconnect-prod-db as expertconnect_app with IAM/.test(r.path)).map((r) => r.ok)).to.deep.equal([true]);
    });

    it("verifies a login under another user when the role grants that user, which the backend's purpose still refuses", async () => {
        const exp = load();
        setUser(exp, "expertconnect_readonly");
        editStatements(find(exp, T.rolePolicy, "backend-roles-task-policy"), login);
        const failing = (await run(exp)).filter((r) => !r.ok);
        expect(failing.filter((r) => / with IAM /.test(r.path)).map(describeFailure)).to.deep.equal([]);
        // The path works; the user is not the application's (policy/lib/facts/purposes.ts).
        expect(failing.map((r) => r.path)).to.have.members([
            "least privilege by purpose: role backend-roles-task-019c1c0 logs in to expertconnect-prod-db only as its workloads' purposes allow",
            "least privilege by purpose: task expertconnect-prod-backend logs in to expertconnect-prod-db as a user of its purpose (DATABASE_USER)",
        ]);
    });

    const broken: Array<{ name: string; change: (e: Export) => void; missing: RegExp; resource: RegExp }> = [
        { name: "the task role loses rds-db:connect", change: (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), withoutSid("DatabaseIamLogin")),
            missing: /rds-db:connect on arn:aws:rds-db:us-east-1:\d+:dbuser:db-[A-Z0-9]+\/expertconnect_app/, resource: /backend-roles-task/ },
        { name: "the role's grant names another database user", change: (e) => editStatements(find(e, T.rolePolicy, "backend-roles-task-policy"), login),
            missing: /rds-db:connect .*\/expertconnect_app/, resource: /backend-roles-task/ },
        { name: "the task is told to log in as a user the role may not", change: (e) => setUser(e, "expertconnect_user"), missing: /\/expertconnect_user in task role/, resource: /backend-roles-task/ },
        { name: "the database stops accepting IAM tokens", change: (e) => { find(e, "aws:rds/instance:Instance", "database").outputs.iamDatabaseAuthenticationEnabled = false; },
            missing: /iamDatabaseAuthenticationEnabled/, resource: /database/ },
    ];
    for (const c of broken) {
        it(`reports when ${c.name}`, async () => {
            const exp = load();
            c.change(exp);
            // Only the login paths: another user is also outside the backend's purpose (paths-grants.test.ts).
            const failing = (await run(exp)).filter((r) => !r.ok && !r.path.startsWith("least privilege by purpose"));
            expect(failing, "a path fails").to.not.be.empty;
            for (const f of failing) {
                expect(f.path, describeFailure(f)).to.match(/logs in to expertconnect-prod-db as .* with IAM/);
                expect(f.missing, describeFailure(f)).to.match(c.missing);
                expect(f.change, describeFailure(f)).to.match(c.resource);
            }
        });
    }
});

describe("path verification: a secret's resource policy on the reads it must let through", function () {
    this.timeout(120_000);
    const SECRET = "aws:secretsmanager/secret:Secret";
    const EXECUTION = "arn:aws:iam::123456789012:role/backend-roles-execution-65fe5e6";
    const TASK = "arn:aws:iam::123456789012:role/backend-roles-task-019c1c0";
    /** Adds a resource policy to the Django secret. */
    const secretPolicy = (...Statement: object[]) => (e: Export) => {
        const secret = find(e, SECRET, "app-settings-django-secret-key");
        e.deployment.resources.push({
            urn: "urn:pulumi:prod::expertconnect::aws:secretsmanager/secretPolicy:SecretPolicy::django-secret-policy",
            type: "aws:secretsmanager/secretPolicy:SecretPolicy",
            outputs: { secretArn: secret.outputs.arn, policy: JSON.stringify({ Version: "2012-10-17", Statement }) },
        });
    };
    const denyAllBut = (role: string) => ({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringNotEquals: { "aws:PrincipalArn": role } } });

    const allowed: Array<{ name: string; change: (e: Export) => void }> = [
        { name: "denies every principal but the execution role that reads it", change: secretPolicy(denyAllBut(EXECUTION)) },
        { name: "denies requests without TLS", change: secretPolicy({ Effect: "Deny", Principal: "*", Action: "secretsmanager:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } }) },
        // Keyed on the network a call comes from: not judged offline (the endpoint's id is not known to the analyzer).
        { name: "denies every call outside the stack's Secrets Manager endpoint", change: secretPolicy({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringNotEquals: { "aws:SourceVpce": "vpce-08adf54f836ee9339" } } }) },
        { name: "only allows the execution role (within the account the identity grant suffices either way)", change: secretPolicy({ Effect: "Allow", Principal: { AWS: EXECUTION }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) },
    ];
    for (const c of allowed) {
        it(`verifies the task's read when the secret's policy ${c.name}`, async () => {
            const exp = load();
            c.change(exp);
            expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
        });
    }

    const broken: Array<{ name: string; change: (e: Export) => void }> = [
        { name: "denies every principal but the task role (the execution role reads it at start)", change: secretPolicy(denyAllBut(TASK)) },
        { name: "denies the execution role by name", change: secretPolicy({ Effect: "Deny", Principal: { AWS: EXECUTION }, Action: "secretsmanager:*", Resource: "*" }) },
    ];
    for (const c of broken) {
        it(`reports when the secret's policy ${c.name}`, () => expectBroken(c.change, {
            path: /task expertconnect-prod-backend reads DJANGO_SECRET_KEY/, missing: /resource policy refuses it/, resource: /django-secret-policy/,
        }));
    }
});

describe("path verification: every secret a task starts with resolves", function () {
    this.timeout(120_000);
    const PARAMETER = "aws:ssm/parameter:Parameter";
    const DJANGO = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/django-secret-key-1ffb64";
    /** Rewrites the backend container's secret `name` to read `valueFrom`. */
    const reading = (name: string, valueFrom: (old: string) => string) => (e: Export) => {
        const t = find(e, T.task, "backend-task");
        const containers = JSON.parse(t.outputs.containerDefinitions);
        containers[0].secrets = containers[0].secrets.map((s: any) => (s.name === name ? { ...s, valueFrom: valueFrom(s.valueFrom) } : s));
        t.outputs.containerDefinitions = JSON.stringify(containers);
    };
    /** A version of the Django key secret holding `value`, as the stack would write it. */
    const written = (value: string) => (e: Export) => {
        const secret = e.deployment.resources.find((r) => r.outputs.arn === DJANGO)!;
        e.deployment.resources.push({ urn: "urn:pulumi:prod::expertconnect-infra::aws:secretsmanager/secretVersion:SecretVersion::django-value", type: "aws:secretsmanager/secretVersion:SecretVersion",
            outputs: { secretId: secret.outputs.arn, secretStringWo: value } });
    };
    const both = (...changes: Array<(e: Export) => void>) => (e: Export) => changes.forEach((c) => c(e));

    const breaks: Array<{ name: string; change: (e: Export) => void; missing: RegExp }> = [
        { name: "a parameter the task reads removed", change: (e) => { e.deployment.resources = e.deployment.resources.filter((r) => !r.urn.endsWith("::app-settings-database-port")); }, missing: /the parameter \/expertconnect\/prod\/database\/port in the stack/ },
        { name: "a parameter the task reads renamed", change: (e) => { find(e, PARAMETER, "app-settings-database-host").outputs.name = "/expertconnect/production/database/host"; }, missing: /the parameter \/expertconnect\/prod\/database\/host in the stack/ },
        { name: "a reference to a parameter the stack never had", change: reading("DATABASE_HOST", (v) => v.replace("/prod/", "/staging/")), missing: /\/expertconnect\/staging\/database\/host in the stack/ },
        { name: "a reference by bare name to a parameter the stack never had", change: reading("DATABASE_HOST", () => "/expertconnect/prod/database/hostname"), missing: /\/expertconnect\/prod\/database\/hostname in the stack/ },
        { name: "a JSON key asked of a plain-string secret", change: both(written("plain-random-value"), reading("DJANGO_SECRET_KEY", (v) => `${v}:password::`)), missing: /a JSON object in .*django-secret-key for the JSON key password/ },
        { name: "a JSON key the secret's object does not have", change: both(written(JSON.stringify({ key: "x" })), reading("DJANGO_SECRET_KEY", (v) => `${v}:password::`)), missing: /the key password in .*django-secret-key \(its JSON value has key\)/ },
    ];
    for (const c of breaks) {
        it(`fails the task's read when ${c.name}`, () => expectBroken(c.change, { path: /task expertconnect-prod-backend reads/, missing: c.missing, resource: /TaskDefinition backend-task/ }));
    }

    // A read of something else also leaves the role's grant on the old secret unused (least privilege reports it too).
    const misdirected: Array<{ name: string; change: (e: Export) => void; missing: RegExp }> = [
        { name: "a secret's ARN with a stale suffix (the secret was recreated)", change: reading("DJANGO_SECRET_KEY", (v) => v.replace(/-[A-Za-z0-9]{6}$/, "-9f2a1c")), missing: /django-secret-key-9f2a1c: its suffix is not the one Secrets Manager gave the secret \(.*django-secret-key-1ffb64\)/ },
        { name: "a secret the stack never had", change: reading("DJANGO_SECRET_KEY", () => "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/legacy-key-a1b2c3"), missing: /the secret .*legacy-key-a1b2c3 in the stack or a stack it references/ },
        { name: "a parameter of the recovery region (dr's)", change: reading("DATABASE_HOST", () => "arn:aws:ssm:us-west-2:123456789012:parameter/expertconnect/dr/database/host"), missing: /a value in us-east-1: valueFrom names us-west-2/ },
        { name: "a secret replica in the recovery region", change: reading("DJANGO_SECRET_KEY", (v) => v.replace(":us-east-1:", ":us-west-2:")), missing: /a value in us-east-1: valueFrom names us-west-2/ },
    ];
    for (const c of misdirected) {
        it(`fails the task's read when ${c.name}`, async () => {
            const exp = load();
            c.change(exp);
            const reads = (await run(exp)).filter((r) => !r.ok && /task expertconnect-prod-backend reads/.test(r.path));
            expect(reads.map(describeFailure)).to.have.length(1);
            expect(reads[0].missing).to.match(c.missing);
            expect(reads[0].change).to.match(/TaskDefinition backend-task/);
        });
    }

    const holds: Array<{ name: string; change: (e: Export) => void }> = [
        { name: "a JSON key the secret's object has", change: both(written(JSON.stringify({ password: "x" })), reading("DJANGO_SECRET_KEY", (v) => `${v}:password::`)) },
        { name: "a JSON key of a secret whose value the stack does not write", change: reading("DJANGO_SECRET_KEY", (v) => `${v}:password::`) },
        { name: "AWS's public parameter", change: reading("DATABASE_HOST", () => "arn:aws:ssm:us-east-1::parameter/aws/service/global-infrastructure/current-region") },
        { name: "a secret named by its partial ARN (no suffix)", change: reading("DJANGO_SECRET_KEY", (v) => v.replace(/-[A-Za-z0-9]{6}$/, "")) },
    ];
    for (const c of holds) {
        it(`verifies the task's reads with ${c.name}`, async () => {
            const exp = load();
            c.change(exp);
            const failing = (await run(exp)).filter((r) => !r.ok && /task expertconnect-prod-backend reads/.test(r.path) && !/lacks/.test(r.missing ?? ""));
            expect(failing.map(describeFailure)).to.deep.equal([]);
        });
    }
});

describe("path verification: containers log into the stack", function () {
    this.timeout(120_000);
    /** Replaces the backend container's logConfiguration. */
    const logging = (logConfiguration: object) => (e: Export) => {
        const t = find(e, T.task, "backend-task");
        const containers = JSON.parse(t.outputs.containerDefinitions);
        containers[0].logConfiguration = logConfiguration;
        t.outputs.containerDefinitions = JSON.stringify(containers);
    };
    const breaks: Array<{ name: string; change: (e: Export) => void; missing: RegExp }> = [
        { name: "the splunk driver to an outside endpoint", change: logging({ logDriver: "splunk", options: { "splunk-url": "https://splunk.example.net:8088" } }), missing: /the awslogs driver into the stack's log group \(the splunk driver/ },
        { name: "the syslog driver", change: logging({ logDriver: "syslog", options: { "syslog-address": "tcp://logs.example.net:514" } }), missing: /the syslog driver sends the logs outside/ },
        { name: "awslogs into a group the stack does not hold", change: logging({ logDriver: "awslogs", options: { "awslogs-group": "/ecs/backend", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "backend" } }), missing: /the log group \/ecs\/backend in the stack/ },
        { name: "FireLens to an outside HTTP output", change: logging({ logDriver: "awsfirelens", options: { Name: "http", Host: "logs.example.net" } }), missing: /a FireLens output into the stack/ },
        { name: "FireLens to another log group", change: logging({ logDriver: "awsfirelens", options: { Name: "cloudwatch_logs", log_group_name: "/other/group", region: "us-east-1" } }), missing: /cloudwatch_logs output \/other\/group is not the stack's/ },
    ];
    for (const c of breaks) {
        it(`fails the container's logs with ${c.name}`, () => expectBroken(c.change, { path: /task expertconnect-prod-backend container backend logs into the stack/, missing: c.missing, resource: /TaskDefinition backend-task/ }));
    }
    it("verifies FireLens into the stack's own log group", async () => {
        const exp = load();
        logging({ logDriver: "awsfirelens", options: { Name: "cloudwatch_logs", log_group_name: "/ecs/expertconnect-prod-backend", region: "us-east-1" } })(exp);
        const failing = (await run(exp)).filter((r) => !r.ok && /logs into the stack/.test(r.path));
        expect(failing.map(describeFailure)).to.deep.equal([]);
    });
});

describe("path verification: the stack's functions run, reach their database and log", function () {
    this.timeout(120_000);
    const FN = "aws:lambda/function:Function";
    const APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
    const tasks = (e: Export) => find(e, FN, "database-tasks-function").outputs;
    const breaks: Array<{ name: string; change: (e: Export) => void; path: RegExp; missing: RegExp; resource: RegExp }> = [
        { name: "reserved concurrency 0 on an invoked function", change: (e) => { tasks(e).reservedConcurrentExecutions = 0; }, path: /function expertconnect-prod-db-tasks runs/, missing: /reservedConcurrentExecutions above 0/, resource: /Function database-tasks-function/ },
        { name: "the function taken out of the VPC", change: (e) => { delete tasks(e).vpcConfig; }, path: /function expertconnect-prod-db-tasks reaches PostgreSQL/, missing: /vpcConfig .* the function runs outside the VPC/, resource: /Function database-tasks-function/ },
        { name: "the rotation app deployed outside the VPC", change: (e) => { const p = find(e, APP, "database-rotation-function").outputs.parameters; delete p.vpcSubnetIds; delete p.vpcSecurityGroupIds; },
            path: /rotation function reaches PostgreSQL/, missing: /vpcSubnetIds and vpcSecurityGroupIds/, resource: /CloudFormationStack database-rotation-function/ },
        { name: "the function logging to a group its role may not write", change: (e) => { tasks(e).loggingConfig = { logFormat: "Text", logGroup: "/aws/lambda/expertconnect-prod-db-tasks" }; },
            path: /function expertconnect-prod-db-tasks writes its logs to \/aws\/lambda\/expertconnect-prod-db-tasks/, missing: /logs:CreateLogStream/, resource: /database-tasks-role/ },
    ];
    for (const c of breaks) {
        it(`fails ${c.name}`, () => expectBroken(c.change, c));
    }
    it("verifies a function with reserved concurrency above 0", async () => {
        const exp = load();
        tasks(exp).reservedConcurrentExecutions = 5;
        expect((await run(exp)).filter((r) => !r.ok).map(describeFailure)).to.deep.equal([]);
    });
});
