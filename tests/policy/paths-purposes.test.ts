/**
 * Least privilege by purpose (policy/lib/facts/purposes.ts, policy/paths/purposes.ts and the
 * audience part of secretUse.ts): each workload role reaches only the data its purpose lists, as
 * AWS would decide the request (identity policies of every attachment kind, the resource's own
 * policy), and the data stores' groups admit, and the workloads' groups open, only what the
 * purposes reach. Over the previews of both stacks, one row per way of breaking it and the
 * changes that keep it.
 */
import { expect } from "chai";

import {
    APP_SERVICES, audienceProblem, BUCKET_VERB_ACTIONS, bucketIsRead, PURPOSES, secretAudience, storeAudience, WORKLOADS,
} from "../../policy/lib/facts/purposes";
import { describeFailure, PathResult, verifyPaths } from "../../policy/paths";
import { pathResourcesOfExport } from "../../policy/paths/fromExport";
import { add, all, Change, edit, named, oneOffTask } from "../support/exportChanges";
import { stackPreview } from "../support/stackPreview";

const ACCOUNT = "123456789012";
const E1 = "us-east-1";
const W2 = "us-west-2";
const doc = (...statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const ROLES = {
    backendTask: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0`,
    frontendTask: `arn:aws:iam::${ACCOUNT}:role/frontend-roles-task-a6b3b2a`,
};
const SG = { backend: "sg-002904b010804e592", frontend: "sg-05a2ff11db9a16961", db: "sg-0fc76780074a8bf53", cache: "sg-0dabdcbac6eb02128" };
const DB_USER = (user: string, region = E1, id = "db-B807A6DA5E21583018F634D525") => `arn:aws:rds-db:${region}:${ACCOUNT}:dbuser:${id}/${user}`;
const SECRET = (name: string, region = E1) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}`;
const BACKUP = "arn:aws:s3:::expertconnect-backup";
const STATIC = "arn:aws:s3:::expertconnect-prod-static";
const TRAIL = `arn:aws:s3:::expertconnect-cloudtrail-${ACCOUNT}`;

/** Appends statements to an inline role policy (by its logical name). */
const grant = (policy: string, ...statements: object[]): Change => edit(ROLE_POLICY, (p) => {
    const d = JSON.parse(p.policy);
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named(policy));
const bucketPolicy = (policy: string, ...statements: object[]): Change => edit(BUCKET_POLICY, (p) => {
    const d = JSON.parse(p.policy);
    d.Statement.push(...statements);
    p.policy = JSON.stringify(d);
}, named(policy));
const tags = (component: string) => ({ Project: "expertconnect", Environment: "prod", Component: component });

interface Row {
    name: string;
    stack?: "prod" | "dr";
    change: Change;
    /** Every purpose failure (and only those) must match; absent: no path fails at all. */
    broken?: { path: RegExp; missing: RegExp; resource: RegExp };
}

/** The paths of a changed preview that fail. */
async function failing(stack: "prod" | "dr", change: Change): Promise<PathResult[]> {
    const exp = structuredClone(stackPreview(stack).deployment!);
    change(exp.deployment.resources);
    return (await verifyPaths(pathResourcesOfExport(exp))).filter((r) => !r.ok);
}

const byPurpose = (r: PathResult) => r.path.startsWith("least privilege by purpose") || r.path.startsWith("secret audience");

function table(title: string, rows: Row[]): void {
    describe(title, function () {
        this.timeout(300_000);
        for (const row of rows) {
            it(`${row.broken ? "refuses" : "keeps"} ${row.name}`, async () => {
                const failures = await failing(row.stack ?? "prod", row.change);
                if (!row.broken) { expect(failures.map(describeFailure)).to.deep.equal([]); return; }
                const purposes = failures.filter(byPurpose);
                expect(purposes, `a purpose path fails (failing: ${failures.map(describeFailure).join(" | ")})`).to.not.be.empty;
                for (const f of purposes) {
                    expect(f.path, describeFailure(f)).to.match(row.broken.path);
                    expect(f.missing, describeFailure(f)).to.match(row.broken.missing);
                    expect(f.change, describeFailure(f)).to.match(row.broken.resource);
                }
            });
        }
    });
}

describe("least privilege by purpose: the facts", () => {
    it("hands each secret kind only to the services whose purpose holds it", () => {
        expect(secretAudience("signing-key")).to.deep.equal(["backend"]);
        expect(secretAudience("database-master")).to.deep.equal([]);
        expect(audienceProblem("database-maintenance", SECRET("expertconnect/prod/database/master-69cf0a"))).to.equal(undefined);
        expect(audienceProblem("synthetic-check", SECRET("expertconnect/prod/jwt-signing-key-189879"))).to.match(/signing-key .*only the backend may hold it/);
        expect(audienceProblem(undefined, SECRET("expertconnect/prod/cache-auth-token-21c05c"))).to.match(/no known workload/);
    });
    it("tells only the backend where the database and the cache are", () => {
        expect(storeAudience("database")).to.deep.equal(["backend"]);
        expect(storeAudience("cache")).to.deep.equal(["backend"]);
    });
    it("lets no workload read backups, and gives each verb its own S3 actions", () => {
        expect(bucketIsRead("backup")).to.equal(false);
        expect(bucketIsRead("static")).to.equal(true);
        const actions = Object.values(BUCKET_VERB_ACTIONS).flat();
        expect(new Set(actions).size).to.equal(actions.length);
        actions.forEach((a) => expect(a).to.match(/^s3:/));
    });
    it("names a purpose for every workload and service", () => {
        expect(WORKLOADS).to.include.members([...APP_SERVICES]);
        for (const w of WORKLOADS) expect(PURPOSES[w].what).to.be.a("string").and.not.equal("");
        expect(PURPOSES.frontend.buckets.static).to.deep.equal(["read"]);
        expect(PURPOSES.backend.databaseUsers).to.deep.equal(["expertconnect_app"]);
    });
});

table("least privilege by purpose: buckets", [
    { name: "the stacks as the program renders them", change: () => undefined },
    { name: "dr as the program renders it", stack: "dr", change: () => undefined },
    {
        name: "the backend's backup statement gains GetObject and DeleteObject",
        change: edit(ROLE_POLICY, (p) => { const d = JSON.parse(p.policy); d.Statement.find((s: any) => s.Sid === "Bucket1Objects").Action.push("s3:GetObject", "s3:DeleteObject"); p.policy = JSON.stringify(d); }, named("backend-roles-task-policy")),
        broken: { path: /role backend-roles-task-\w+ reaches bucket expertconnect-backup/, missing: /s3:GetObject \(read\), s3:DeleteObject \(delete\) on expertconnect-backup: .*the backend .*list, write/, resource: /rolePolicy:RolePolicy backend-roles-task-policy$/ },
    },
    {
        name: "a customer managed policy attached by its ARN reads the backup and trail buckets",
        change: all(
            add("aws:iam/policy:Policy", "backend-extra", { name: "backend-extra", path: "/app/", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: [`${BACKUP}/*`, `${TRAIL}/*`] }) }),
            add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "backend-extra-attach", { role: "backend-roles-task-019c1c0", policyArn: `arn:aws:iam::${ACCOUNT}:policy/app/backend-extra` })),
        broken: { path: /role backend-roles-task-\w+ reaches bucket (expertconnect-backup|expertconnect-cloudtrail)/, missing: /s3:GetObject \(read\)/, resource: /aws:iam\/policy:Policy backend-extra$/ },
    },
    {
        name: "the legacy PolicyAttachment lists the backend role under a policy deleting static files",
        change: all(
            add("aws:iam/policy:Policy", "frontend-cleanup", { name: "frontend-cleanup", policy: doc({ Effect: "Allow", Action: "s3:Delete*", Resource: `${STATIC}/*` }) }),
            add("aws:iam/policyAttachment:PolicyAttachment", "frontend-cleanup-attach", { name: "frontend-cleanup", roles: ["frontend-roles-task-a6b3b2a"], policyArn: `arn:aws:iam::${ACCOUNT}:policy/frontend-cleanup` })),
        broken: { path: /role frontend-roles-task-\w+ reaches bucket expertconnect-prod-static/, missing: /s3:DeleteObject \(delete\) on expertconnect-prod-static: .*frontend .*read/, resource: /frontend-cleanup$/ },
    },
    {
        name: "AWS managed AmazonS3ReadOnlyAccess in the frontend role's managedPolicyArns",
        change: edit(ROLE, (p) => { p.managedPolicyArns = ["arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"]; }, named("frontend-roles-task")),
        broken: { path: /role frontend-roles-task-\w+ reaches bucket /, missing: /s3:(ListBucket|GetObject)/, resource: /aws:iam\/role:Role frontend-roles-task$/ },
    },
    {
        name: "the static bucket's policy lets the frontend role write (a resource policy grants on its own)",
        change: bucketPolicy("data-static-policy", { Sid: "Frontend", Effect: "Allow", Principal: { AWS: ROLES.frontendTask }, Action: "s3:PutObject", Resource: `${STATIC}/*` }),
        broken: { path: /role frontend-roles-task-\w+ reaches bucket expertconnect-prod-static/, missing: /s3:PutObject \(write\)/, resource: /bucketPolicy:BucketPolicy data-static-policy$/ },
    },
    {
        name: "the backup bucket's policy lets everyone in the account read (Principal * with aws:PrincipalAccount)",
        change: bucketPolicy("data-backup-policy", { Sid: "Account", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${BACKUP}/*`, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
        broken: { path: /reaches bucket expertconnect-backup/, missing: /s3:GetObject \(read\) on expertconnect-backup/, resource: /data-backup-policy$/ },
    },
    {
        name: "the canary's role reads the static bucket",
        change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${STATIC}/*` }),
        broken: { path: /role synthetic-check-role-\w+ reaches bucket expertconnect-prod-static/, missing: /synthetic canary.*nothing/, resource: /synthetic-check-role-policy$/ },
    },
    {
        name: "the canary writes its artifacts into the static bucket (an application bucket stays one)",
        change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "s3:PutObject", Resource: `${STATIC}/canary/*` }),
        broken: { path: /role synthetic-check-role-\w+ reaches bucket expertconnect-prod-static/, missing: /s3:PutObject \(write\)/, resource: /synthetic-check-role-policy$/ },
    },
    {
        name: "the backend's execution role reads the static bucket (the agent reaches no data)",
        change: grant("backend-roles-execution-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${STATIC}/*` }),
        broken: { path: /role backend-roles-execution-\w+ reaches bucket expertconnect-prod-static/, missing: /start tasks under it and reach none of their data/, resource: /backend-roles-execution-policy$/ },
    },
    {
        name: "the backend's object deletes spelled s3:Delete* over every bucket",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "s3:Delete*", Resource: "arn:aws:s3:::expertconnect-*/*" }),
        broken: { path: /role backend-roles-task-\w+ reaches bucket expertconnect-/, missing: /s3:DeleteObject \(delete\)/, resource: /backend-roles-task-policy$/ },
    },
    {
        name: "a one-off task of no known workload (its own image) runs under the backend's task role",
        change: oneOffTask("expertconnect-prod-report", "report", "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-reports:v1"),
        broken: { path: /(role backend-roles-(task|execution)-\w+ (reaches bucket|logs in to|may secretsmanager:GetSecretValue)|task expertconnect-prod-report logs in)/, missing: /no known workload/, resource: /(backend-roles-(task-policy|execution)|TaskDefinition report-task)$/ },
    },
    { name: "a one-off migration task running the backend's image under the backend's roles (the backend's purpose)", change: oneOffTask("expertconnect-prod-migrate", "migrate", "123456789012.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.0.0") },
    {
        name: "the frontend task definition uses the backend's task role (the role's grants reach both)",
        change: edit("aws:ecs/taskDefinition:TaskDefinition", (p) => { p.taskRoleArn = ROLES.backendTask; }, named("frontend-task")),
        broken: { path: /role backend-roles-task-\w+ (reaches bucket|logs in to)/, missing: /run the internet-facing frontend \(Next.js\) and the backend/, resource: /backend-roles-task-policy$/ },
    },
    { name: "the frontend may read static files (within its purpose)", change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${STATIC}/*` }) },
    {
        name: "the backend's wildcard object grant on the backup bucket, with Get and Delete denied",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "s3:*Object", Resource: `${BACKUP}/*` },
            { Effect: "Deny", Action: ["s3:GetObject*", "s3:DeleteObject*"], Resource: `${BACKUP}/*` }),
    },
    {
        name: "an explicit Deny of backup deletes in the backup bucket's policy",
        change: bucketPolicy("data-backup-policy", { Sid: "NeverDelete", Effect: "Deny", Principal: { AWS: ROLES.backendTask }, Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${BACKUP}/*` }),
    },
    {
        name: "dr: the backend role reads prod's backup bucket (a bucket the referenced stack exports)",
        stack: "dr",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${BACKUP}/*` }),
        broken: { path: /role backend-roles-task-\w+ reaches bucket expertconnect-backup/, missing: /a bucket no purpose names is nothing/, resource: /backend-roles-task-policy$/ },
    },
]);

table("least privilege by purpose: secrets, as the secret's own policy grants them too", [
    {
        name: "the cache AUTH token's secret policy names the frontend's task role",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "cache-auth-policy", { secretArn: SECRET("expertconnect/prod/cache-auth-token-21c05c"), policy: doc({ Effect: "Allow", Principal: { AWS: ROLES.frontendTask }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }),
        broken: { path: /secret audience: role frontend-roles-task-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/cache-auth-token/, missing: /only the backend may hold it.*secret's policy/, resource: /secretPolicy:SecretPolicy cache-auth-policy$/ },
    },
    {
        name: "the canary may read the JWT signing key",
        change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("expertconnect/prod/jwt-signing-key-189879") }),
        broken: { path: /secret audience: role synthetic-check-role-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/jwt-signing-key/, missing: /canary expertconnect-prod run under the role.*only the backend may hold it/, resource: /synthetic-check-role$/ },
    },
    {
        name: "the maintenance function's role also reads the Django key",
        change: grant("database-tasks-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("expertconnect/prod/django-secret-key-1ffb64") }),
        broken: { path: /role database-tasks-role-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/django-secret-key/, missing: /only the backend may hold it/, resource: /database-tasks-role$/ },
    },
    {
        name: "dr: the backend's task role reads the us-west-2 replica of prod's master secret (its ARN from prod's outputs)",
        stack: "dr",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${W2}:${ACCOUNT}:secret:expertconnect/prod/database/master-*` }),
        broken: { path: /secret audience: role backend-roles-task-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/database\/master/, missing: /no application service may hold it/, resource: /backend-roles-task$/ },
    },
    {
        name: "dr: the frontend's execution role reads the replica of prod's JWT key",
        stack: "dr",
        change: grant("frontend-roles-execution-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET("expertconnect/prod/jwt-signing-key-189879", W2) }),
        broken: { path: /role frontend-roles-execution-\w+ may secretsmanager:GetSecretValue on expertconnect\/prod\/jwt-signing-key/, missing: /only the backend may hold it/, resource: /frontend-roles-execution$/ },
    },
    {
        name: "a secret policy that denies the frontend the cache token",
        change: add("aws:secretsmanager/secretPolicy:SecretPolicy", "cache-auth-policy", { secretArn: SECRET("expertconnect/prod/cache-auth-token-21c05c"), policy: doc({ Effect: "Deny", Principal: { AWS: ROLES.frontendTask }, Action: "secretsmanager:*", Resource: "*" }) }),
    },
]);

table("least privilege by purpose: database logins", [
    {
        name: "DATABASE_USER switched to the master user and the task role may connect as it",
        change: all(
            edit("aws:ssm/parameter:Parameter", (p) => { p.value = "expertconnect_user"; }, named("app-settings-database-user")),
            edit(ROLE_POLICY, (p) => { const d = JSON.parse(p.policy); d.Statement[0].Resource = DB_USER("expertconnect_user"); p.policy = JSON.stringify(d); }, named("backend-roles-task-policy"))),
        broken: { path: /(role backend-roles-task-\w+ logs in to expertconnect-prod-db|task expertconnect-prod-backend logs in to expertconnect-prod-db as a user of its purpose)/, missing: /expertconnect_user \(the master user\).*expertconnect_app only/, resource: /(backend-roles-task-policy|app-settings-database-user)$/ },
    },
    {
        name: "the backend may log in as any user (dbuser:…/*)",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: DB_USER("*") }),
        broken: { path: /role backend-roles-task-\w+ logs in to expertconnect-prod-db/, missing: /expertconnect_user \(the master user\).*any user/, resource: /backend-roles-task-policy$/ },
    },
    {
        name: "the frontend may log in as the application user",
        change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: DB_USER("expertconnect_app") }),
        broken: { path: /role frontend-roles-task-\w+ logs in to expertconnect-prod-db/, missing: /expertconnect_app: .*frontend .*to no database/, resource: /frontend-roles-task-policy$/ },
    },
    {
        name: "dr: the backend may log in as the master user of the replica",
        stack: "dr",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: DB_USER("expertconnect_user", W2, "db-2F8EE031B317BFF7AA42D3C8F4") }),
        broken: { path: /role backend-roles-task-\w+ logs in to expertconnect-dr-db/, missing: /expertconnect_user \(the master user\)/, resource: /backend-roles-task-policy$/ },
    },
]);

table("least privilege by purpose: data ports", [
    {
        name: "the cache admits the frontend's group on 6379",
        change: add(INGRESS, "cache-from-frontend", { securityGroupId: SG.cache, referencedSecurityGroupId: SG.frontend, fromPort: 6379, toPort: 6379, ipProtocol: "tcp", tags: tags("cache") }),
        broken: { path: /group frontend-tasks reaches cache cache on 6379 .*ingress rule of cache-from-frontend/, missing: /frontend .*only the backend \(Django API\) reach the cache/, resource: /SecurityGroupIngressRule cache-from-frontend$/ },
    },
    {
        name: "the database admits the frontend's group on every port, through the group's inline rules",
        change: edit("aws:ec2/securityGroup:SecurityGroup", (p) => { p.ingress = [{ protocol: "-1", fromPort: 0, toPort: 0, securityGroups: [SG.frontend] }]; }, named("database-sg")),
        broken: { path: /group frontend-tasks reaches database database on 5432 .*ingress rule of database-sg/, missing: /frontend .*reach the database/, resource: /securityGroup:SecurityGroup database-sg$/ },
    },
    {
        name: "a legacy securityGroupRule lets the frontend into the cache",
        change: add("aws:ec2/securityGroupRule:SecurityGroupRule", "cache-legacy-frontend", { type: "ingress", securityGroupId: SG.cache, sourceSecurityGroupId: SG.frontend, protocol: "tcp", fromPort: 6379, toPort: 6379 }),
        broken: { path: /group frontend-tasks reaches cache/, missing: /frontend/, resource: /securityGroupRule:SecurityGroupRule cache-legacy-frontend$/ },
    },
    {
        name: "the frontend's service also runs in the backend's group (which the stores admit)",
        change: edit("aws:ecs/service:Service", (p) => { p.networkConfiguration.securityGroups = [SG.frontend, SG.backend]; }, named("frontend-service")),
        broken: { path: /group backend-tasks reaches (cache|database)/, missing: /the internet-facing frontend .*group backend-tasks holds .*service expertconnect-prod-frontend/, resource: /(cache-from-backend|database-from-backend|backend-tasks-out-(5432|6379)-\d)$/ },
    },
    {
        name: "the frontend's group may open connections to the cache's subnets on 6379",
        change: add(EGRESS, "frontend-to-cache", { securityGroupId: SG.frontend, cidrIpv4: "10.0.112.0/20", fromPort: 6379, toPort: 6379, ipProtocol: "tcp", tags: tags("frontend") }),
        broken: { path: /group frontend-tasks reaches cache cache on 6379 .*egress rule of frontend-to-cache/, missing: /frontend/, resource: /SecurityGroupEgressRule frontend-to-cache$/ },
    },
    {
        name: "dr: the cache admits the frontend's group",
        stack: "dr",
        change: add(INGRESS, "cache-from-frontend", { securityGroupId: "sg-082b0b8ff55c8a80a", referencedSecurityGroupId: "sg-0433a10163a57a2dd", fromPort: 6379, toPort: 6379, ipProtocol: "tcp", tags: tags("cache") }),
        broken: { path: /group frontend-tasks reaches cache/, missing: /frontend/, resource: /cache-from-frontend$/ },
    },
    { name: "the cache rule's description reworded", change: edit(INGRESS, (p) => { p.description = "Redis from the backend tasks"; }, named("cache-from-backend")) },
    {
        name: "a second database rule for the maintenance function's group",
        change: add(INGRESS, "database-from-tasks-2", { securityGroupId: SG.db, referencedSecurityGroupId: "sg-0840917ddb5bd684c", fromPort: 5432, toPort: 5432, ipProtocol: "tcp", tags: tags("database") }),
    },
]);
