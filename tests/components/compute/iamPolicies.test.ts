import { expect } from "chai";
import { guardDutyAgentRepositoryArn } from "../../../components/compute/guardDutyAgent";
import {
    bucketAccessStatements, databaseConnectStatement, ecsExecActions, executionRolePolicy, repositoryArnFromUrl, secretResourceArn,
    taskRolePolicy, taskTrustPolicy,
} from "../../../components/compute/iamPolicies";
import { PURPOSES } from "../../../policy/lib/facts/purposes";

const ACCOUNT = "123456789012";
const REPO = "arn:aws:ecr:us-east-1:123456789012:repository/expertconnect-backend";
const LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/expertconnect-prod-backend";
const EXEC_LOGS = "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/expertconnect-prod-cluster/execute-command";
const KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-4333-8444-555555555555";
const SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:expertconnect/prod/jwt-AbCdEf";
const PARAM = "arn:aws:ssm:us-east-1:123456789012:parameter/expertconnect/prod/redis-host";

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: any };
const statements = (doc: string): Statement[] => JSON.parse(doc).Statement;
const bySid = (doc: string, sid: string) => statements(doc).find((s) => s.Sid === sid);

/** No statement may allow a `*` action, or a service-wide wildcard on `*`. */
function expectNoWildcardAdmin(doc: string): void {
    for (const s of statements(doc)) {
        const actions = [s.Action].flat();
        expect(actions, JSON.stringify(s)).to.not.include("*");
        if ([s.Resource].flat().includes("*")) {
            for (const a of actions) expect(a, JSON.stringify(s)).to.not.match(/:\*$/);
        }
    }
}

describe("task IAM documents", () => {
    it("trusts ECS tasks of this account and region only", () => {
        const [trust] = statements(taskTrustPolicy(ACCOUNT, "us-east-1")) as any[];
        expect(trust.Principal).to.deep.equal({ Service: "ecs-tasks.amazonaws.com" });
        expect(trust.Condition).to.deep.equal({
            StringEquals: { "aws:SourceAccount": ACCOUNT },
            ArnLike: { "aws:SourceArn": "arn:aws:ecs:us-east-1:123456789012:*" },
        });
    });

    it("strips a JSON-key suffix off a Secrets Manager reference, keeps parameter ARNs, refuses names", () => {
        expect(secretResourceArn(`${SECRET}:token::`)).to.equal(SECRET);
        expect(secretResourceArn(PARAM)).to.equal(PARAM);
        expect(() => secretResourceArn("DJANGO_SECRET_KEY")).to.throw(/allowed: a Secrets Manager secret ARN or an SSM parameter ARN/);
    });

    it("derives a repository ARN from its URL", () => {
        expect(repositoryArnFromUrl("123456789012.dkr.ecr.us-west-2.amazonaws.com/expertconnect-frontend"))
            .to.equal("arn:aws:ecr:us-west-2:123456789012:repository/expertconnect-frontend");
        expect(() => repositoryArnFromUrl("docker.io/library/nginx")).to.throw(/ACCOUNT.dkr.ecr.REGION/);
    });

    describe("execution role", () => {
        const doc = executionRolePolicy({
            repositoryArn: REPO, logGroupArn: LOGS, region: "us-east-1",
            secretValueFroms: [`${SECRET}:token::`, SECRET, PARAM], secretKmsKeyArns: [KEY],
        });

        it("pulls from its repository only and writes its log group only", () => {
            expect(bySid(doc, "PullImage")!.Resource).to.equal(REPO);
            expect(bySid(doc, "WriteLogs")!.Resource).to.equal(`${LOGS}:*`);
            expect(bySid(doc, "EcrAuth")!.Action).to.equal("ecr:GetAuthorizationToken");
        });

        it("reads exactly the task's secrets and parameters, once each", () => {
            expect(bySid(doc, "ReadSecrets")).to.deep.include({ Action: "secretsmanager:GetSecretValue", Resource: [SECRET] });
            expect(bySid(doc, "ReadParameters")).to.deep.include({ Action: "ssm:GetParameters", Resource: [PARAM] });
        });

        it("decrypts with the secrets' keys only through Secrets Manager and SSM", () => {
            const s = bySid(doc, "DecryptSecrets")!;
            expect(s.Resource).to.deep.equal([KEY]);
            expect(s.Condition.StringEquals["kms:ViaService"]).to.deep.equal(["secretsmanager.us-east-1.amazonaws.com", "ssm.us-east-1.amazonaws.com"]);
        });

        it("has no secret statements when the task has no secrets", () => {
            const bare = executionRolePolicy({ repositoryArn: REPO, logGroupArn: LOGS, region: "us-east-1", secretValueFroms: [], secretKmsKeyArns: [] });
            expect(statements(bare).map((s) => s.Sid)).to.deep.equal(["EcrAuth", "PullImage", "PullGuardDutyAgent", "WriteLogs"]);
        });

        it("pulls GuardDuty's Fargate agent from GuardDuty's repository in the task's region", () => {
            expect(bySid(doc, "PullGuardDutyAgent")).to.deep.include({
                Resource: "arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate",
                Action: ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"],
            });
            const west = executionRolePolicy({ repositoryArn: REPO, logGroupArn: LOGS, region: "us-west-2", secretValueFroms: [], secretKmsKeyArns: [] });
            expect(bySid(west, "PullGuardDutyAgent")!.Resource).to.equal("arn:aws:ecr:us-west-2:733349766148:repository/aws-guardduty-agent-fargate");
        });

        it("refuses a region whose GuardDuty agent repository it does not know, naming the known ones", () => {
            expect(() => guardDutyAgentRepositoryArn("xx-nowhere-1")).to.throw(/"xx-nowhere-1" is not known; allowed: us-east-1, .*us-west-2/);
        });

        it("holds no wildcard administration", () => expectNoWildcardAdmin(doc));
    });

    describe("task role", () => {
        const app = [{ Sid: "ReadStatic", Effect: "Allow" as const, Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/*" }];

        it("carries the application's statements and the ECS Exec channel actions", () => {
            const doc = taskRolePolicy({ execLogGroupArn: EXEC_LOGS, execKmsKeyArn: KEY, xray: false, statements: app });
            expect(bySid(doc, "ReadStatic")).to.deep.equal(app[0]);
            expect(bySid(doc, "EcsExecChannels")!.Action).to.deep.equal(ecsExecActions);
            expect(ecsExecActions).to.have.members([
                "ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel",
            ]);
            expect(bySid(doc, "EcsExecWriteLogs")!.Resource).to.equal(`${EXEC_LOGS}:*`);
            expect(bySid(doc, "EcsExecDecryptSession")).to.deep.include({ Action: "kms:Decrypt", Resource: KEY });
            expect(bySid(doc, "XRayDaemon")).to.equal(undefined);
            expectNoWildcardAdmin(doc);
        });

        it("adds X-Ray trace upload only when the sidecar runs", () => {
            const doc = taskRolePolicy({ execLogGroupArn: EXEC_LOGS, execKmsKeyArn: KEY, xray: true, statements: [] });
            expect(bySid(doc, "XRayDaemon")!.Action).to.include("xray:PutTraceSegments");
        });

        it("gives the backend its purpose on each bucket (read-write on the static bucket, write-and-list on the backup bucket) and their keys through S3 only", () => {
            const list = bucketAccessStatements([
                { bucketArn: "arn:aws:s3:::expertconnect-prod-static", kmsKeyArn: KEY, verbs: PURPOSES.backend.buckets.static ?? [] },
                { bucketArn: "arn:aws:s3:::expertconnect-backup", kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/backup", verbs: PURPOSES.backend.buckets.backup ?? [] },
            ], "us-east-1");
            const doc = taskRolePolicy({ execLogGroupArn: EXEC_LOGS, execKmsKeyArn: KEY, xray: false, statements: list });
            expect(bySid(doc, "Bucket0Objects")).to.deep.include({ Resource: "arn:aws:s3:::expertconnect-prod-static/*" });
            expect(bySid(doc, "Bucket0Objects")!.Action).to.include.members(["s3:GetObject", "s3:PutObject"]);
            expect(bySid(doc, "Bucket1Objects")!.Action).to.include("s3:PutObject").and.not.include("s3:DeleteObject").and.not.include("s3:GetObject");
            expect(bySid(doc, "Bucket1List")).to.deep.include({ Resource: "arn:aws:s3:::expertconnect-backup" });
            expect(bySid(doc, "Bucket1Key")).to.deep.include({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: "arn:aws:kms:us-east-1:123456789012:key/backup" });
            expect(bySid(doc, "Bucket0Objects")!.Action).to.deep.equal(["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]);
            expect(bySid(doc, "Bucket1Objects")!.Action).to.deep.equal(["s3:PutObject", "s3:AbortMultipartUpload"]);
            expect(bySid(doc, "Bucket0Key")!.Condition).to.deep.equal({ StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } });
            expectNoWildcardAdmin(doc);
        });

        it("grants a read-only purpose no listing and only reads", () => {
            const [objects, ...rest] = bucketAccessStatements([{ bucketArn: "arn:aws:s3:::expertconnect-prod-static", kmsKeyArn: KEY, verbs: ["read"] }], "us-east-1");
            expect(objects).to.deep.include({ Sid: "Bucket0Objects", Action: ["s3:GetObject"] });
            expect(rest.map((s) => s.Sid)).to.deep.equal(["Bucket0Key"]);
        });

        it("logs in to the database as one user with rds-db:connect", () => {
            const arn = "arn:aws:rds-db:us-east-1:123456789012:dbuser:db-ABC/expertconnect_app";
            expect(databaseConnectStatement(arn)).to.deep.include({ Action: "rds-db:connect", Resource: arn });
        });

        it("refuses a service-wide wildcard on every resource from the application", () => {
            const bad = [{ Effect: "Allow" as const, Action: "s3:*", Resource: "*" }];
            expect(() => taskRolePolicy({ execLogGroupArn: EXEC_LOGS, execKmsKeyArn: KEY, xray: false, statements: bad })).to.throw(/allows every action of a service on every resource/);
            const admin = [{ Sid: "Admin", Effect: "Allow" as const, Action: ["*"], Resource: ["*"] }];
            expect(() => taskRolePolicy({ execLogGroupArn: EXEC_LOGS, execKmsKeyArn: KEY, xray: false, statements: admin })).to.throw(/Admin/);
        });
    });
});
