/**
 * Class 3: least privilege by purpose. Each workload (backend, frontend, the database's
 * maintenance and rotation functions, the canary, the ECS agent's execution roles) reaches only
 * the data its purpose lists (policy/lib/facts/purposes.ts), judged as AWS decides the request:
 * identity policies of every attachment kind (inline, RolePolicy, customer managed by ARN, the
 * legacy PolicyAttachment, AWS managed) with the resource's own policy (bucket and secret
 * policies naming a role grant on their own within the account); and the data stores' security
 * groups admit, and the workloads' groups open, only the store ports their purposes reach. Every
 * path still works in each violation: the grant is what an attacker inside that workload gains.
 */
import { ACCOUNT, add, all, Case, Change, doc, edit, named, suite, tags } from "./support";
import { oneOffTask } from "../support/exportChanges";

const E1 = "us-east-1";
const W2 = "us-west-2";
const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";
const SECRET_POLICY = "aws:secretsmanager/secretPolicy:SecretPolicy";
const INGRESS = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";
const EGRESS = "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule";
const TASK = "aws:ecs/taskDefinition:TaskDefinition";
const SERVICE = "aws:ecs/service:Service";
const SG = { backend: "sg-002904b010804e592", frontend: "sg-05a2ff11db9a16961", db: "sg-0fc76780074a8bf53", cache: "sg-0dabdcbac6eb02128", dbTasks: "sg-0840917ddb5bd684c" };
const DR_SG = { frontend: "sg-0433a10163a57a2dd", db: "sg-0b871d39ad2917fe6", cache: "sg-082b0b8ff55c8a80a" };
const ROLES = {
    backendTask: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-019c1c0`,
    frontendTask: `arn:aws:iam::${ACCOUNT}:role/frontend-roles-task-a6b3b2a`,
    canary: `arn:aws:iam::${ACCOUNT}:role/synthetic-check-role-e49cf65`,
};
const secret = (name: string, region = E1) => `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}`;
const SECRETS = {
    jwt: secret("expertconnect/prod/jwt-signing-key-189879"),
    django: secret("expertconnect/prod/django-secret-key-1ffb64"),
    cache: secret("expertconnect/prod/cache-auth-token-21c05c"),
    video: secret("expertconnect/prod/video-provider-api-key-dd81af"),
};
const KEYS = { static: `arn:aws:kms:${E1}:${ACCOUNT}:key/3b950284-024f-4124-a7e2-9803e867a7db`, appSettings: `arn:aws:kms:${E1}:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2` };
const BACKUP = "arn:aws:s3:::expertconnect-backup";
const STATIC = "arn:aws:s3:::expertconnect-prod-static";
const TRAIL = `arn:aws:s3:::expertconnect-cloudtrail-${ACCOUNT}`;
const dbUser = (user: string, region = E1, id = "db-B807A6DA5E21583018F634D525") => `arn:aws:rds-db:${region}:${ACCOUNT}:dbuser:${id}/${user}`;

/** Edits a JSON-string policy property of the matching resources. */
const json = (type: string, suffix: string, prop: string, f: (d: any) => void): Change =>
    edit(type, p => { const d = JSON.parse(p[prop]); f(d); p[prop] = JSON.stringify(d); }, named(suffix));
const grant = (policy: string, ...statements: object[]) => json(ROLE_POLICY, policy, "policy", d => { d.Statement.push(...statements); });
const bucketStatement = (policy: string, ...statements: object[]) => json(BUCKET_POLICY, policy, "policy", d => { d.Statement.push(...statements); });
const sid = (policy: string, id: string, f: (s: any) => void) => json(ROLE_POLICY, policy, "policy", d => { f(d.Statement.find((s: any) => s.Sid === id)); });

const violations: Case[] = [
    // ------------------------------------------------------------------ buckets (red team)
    {
        name: "a customer managed policy (aws:iam/policy) with s3:GetObject on the backup bucket and cloudtrail bucket, attached to the backend task role (red team)",
        change: all(
            add("aws:iam/policy:Policy", "backend-extra-read", { name: "backend-extra-read", policy: doc({ Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: [BACKUP, `${BACKUP}/*`, `${TRAIL}/*`] }), tags: tags("backend") }),
            add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "backend-extra-read-attach", { role: "backend-roles-task-019c1c0", policyArn: `arn:aws:iam::${ACCOUNT}:policy/backend-extra-read` })),
    },
    { name: "backend task role's backup statement gains GetObject and DeleteObject (red team)", change: sid("backend-roles-task-policy", "Bucket1Objects", s => { s.Action.push("s3:GetObject", "s3:DeleteObject"); }) },
    {
        name: "frontend task role may write and delete static assets (red team)",
        change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${STATIC}/*` }, { Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEYS.static }),
    },
    { name: "static bucket policy lets the frontend task role write objects (red team)", change: bucketStatement("data-static-policy", { Sid: "Frontend", Effect: "Allow", Principal: { AWS: ROLES.frontendTask }, Action: ["s3:PutObject", "s3:DeleteObject"], Resource: `${STATIC}/*` }) },
    // ------------------------------------------------------------------ buckets (other spellings and techniques)
    { name: "backend reads old backup versions (s3:GetObjectVersion)", change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "s3:GetObjectVersion", Resource: `${BACKUP}/*` }) },
    { name: "backend's backup statement widened to s3:*Object", change: sid("backend-roles-task-policy", "Bucket1Objects", s => { s.Action = ["s3:*Object", "s3:AbortMultipartUpload"]; }) },
    { name: "backend's backup grant rewritten as NotAction (everything S3 but deleting the bucket)", change: sid("backend-roles-task-policy", "Bucket1Objects", s => { delete s.Action; s.NotAction = ["s3:DeleteBucket"]; }) },
    {
        name: "a customer managed policy under a path, attached through the role's managedPolicyArns",
        change: all(
            add("aws:iam/policy:Policy", "backend-backups", { name: "backend-backups", path: "/app/", policy: doc({ Effect: "Allow", Action: "s3:GetObject", Resource: `${BACKUP}/*` }), tags: tags("backend") }),
            edit(ROLE, p => { p.managedPolicyArns = [`arn:aws:iam::${ACCOUNT}:policy/app/backend-backups`]; }, named("backend-roles-task"))),
    },
    {
        name: "the legacy aws:iam/policyAttachment lists the frontend role under a static-bucket writer",
        change: all(
            add("aws:iam/policy:Policy", "static-writer", { name: "static-writer", policy: doc({ Effect: "Allow", Action: "s3:PutObject", Resource: `${STATIC}/*` }), tags: tags("frontend") }),
            add("aws:iam/policyAttachment:PolicyAttachment", "static-writer-attach", { name: "static-writer", roles: ["frontend-roles-task-a6b3b2a"], policyArn: `arn:aws:iam::${ACCOUNT}:policy/static-writer` })),
    },
    { name: "AWS managed AmazonS3ReadOnlyAccess attached to the frontend task role", change: add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "frontend-s3-read", { role: "frontend-roles-task-a6b3b2a", policyArn: "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess" }) },
    { name: "backup bucket policy names the backend task role for reads", change: bucketStatement("data-backup-policy", { Sid: "BackendReads", Effect: "Allow", Principal: { AWS: ROLES.backendTask }, Action: "s3:GetObject", Resource: `${BACKUP}/*` }) },
    { name: "static bucket policy: every principal of the account may delete (Principal * with aws:PrincipalAccount)", change: bucketStatement("data-static-policy", { Sid: "Cleanup", Effect: "Allow", Principal: "*", Action: "s3:DeleteObject", Resource: `${STATIC}/*`, Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }) },
    { name: "canary role may read the static bucket ('to compare rendered assets')", change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${STATIC}/*` }) },
    { name: "backend execution role may read the static bucket", change: grant("backend-roles-execution-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${STATIC}/*` }) },
    { name: "database maintenance function's role may read the backups", change: grant("database-tasks-policy", { Effect: "Allow", Action: ["s3:ListBucket", "s3:GetObject"], Resource: [BACKUP, `${BACKUP}/*`] }) },
    { name: "backend reads the CloudTrail logs ('to show an audit page')", change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${TRAIL}/AWSLogs/*` }) },
    { name: "a one-off reporting task (its own image) runs under the backend's task and execution roles", change: oneOffTask("expertconnect-prod-report", "report", `${ACCOUNT}.dkr.ecr.${E1}.amazonaws.com/expertconnect-backend-reports:v1.0.0`) },
    { name: "dr: backend reads prod's backup bucket (exported by prod's stack)", stack: "dr", change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${BACKUP}/*` }) },
    { name: "dr: frontend may write prod's static replica", stack: "dr", change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::expertconnect-prod-static-us-west-2/*" }) },

    // ------------------------------------------------------------------ secrets (red team, then variants)
    { name: "cache AUTH token secret policy grants the frontend task role read (red team)", change: add(SECRET_POLICY, "cache-auth-policy", { secretArn: SECRETS.cache, policy: doc({ Effect: "Allow", Principal: { AWS: ROLES.frontendTask }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }) },
    { name: "canary role may read the JWT signing key (red team)", change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRETS.jwt }, { Effect: "Allow", Action: "kms:Decrypt", Resource: KEYS.appSettings }) },
    {
        name: "dr: backend task role may read the prod master secret's us-west-2 replica (red team)", stack: "dr",
        change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${W2}:${ACCOUNT}:secret:expertconnect/prod/database/master-*` }),
    },
    { name: "JWT key's secret policy names the canary role", change: add(SECRET_POLICY, "jwt-policy", { secretArn: SECRETS.jwt, policy: doc({ Effect: "Allow", Principal: { AWS: ROLES.canary }, Action: "secretsmanager:GetSecretValue", Resource: "*" }) }) },
    { name: "canary reads the video provider's key through a secret name wildcard", change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret("expertconnect/prod/video-*") }) },
    { name: "canary role gets AWS managed SecretsManagerReadWrite", change: add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "canary-secrets", { role: "synthetic-check-role-e49cf65", policyArn: "arn:aws:iam::aws:policy/SecretsManagerReadWrite" }) },
    { name: "database maintenance function's role also reads the cache AUTH token", change: grant("database-tasks-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRETS.cache }) },
    { name: "dr: frontend execution role reads the replica of prod's Django key", stack: "dr", change: grant("frontend-roles-execution-policy", { Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret("expertconnect/prod/django-secret-key-1ffb64", W2) }) },

    // ------------------------------------------------------------------ database login (red team, then variants)
    {
        name: "app parameter DATABASE_USER switched to the master user expertconnect_user and the task role may connect as it (red team)",
        change: all(
            edit("aws:ssm/parameter:Parameter", p => { p.value = "expertconnect_user"; }, named("app-settings-database-user")),
            json(ROLE_POLICY, "backend-roles-task-policy", "policy", d => { d.Statement[0].Resource = dbUser("expertconnect_user"); })),
    },
    { name: "backend task role may also connect as the master user (parameter unchanged)", change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: dbUser("expertconnect_user") }) },
    { name: "backend's login grant widened to every user of the instance (dbuser:…/*)", change: sid("backend-roles-task-policy", "DatabaseIamLogin", s => { s.Resource = dbUser("*"); }) },
    { name: "frontend task role may connect as the application user", change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: dbUser("expertconnect_app") }) },
    { name: "canary role may connect to the database as the application user", change: grant("synthetic-check-role-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: `arn:aws:rds-db:${E1}:${ACCOUNT}:dbuser:*/expertconnect_app` }) },
    { name: "backend container told DATABASE_USER=expertconnect_user in its plain environment", change: edit(TASK, p => { const l = JSON.parse(p.containerDefinitions); l[0].secrets = l[0].secrets.filter((s: any) => s.name !== "DATABASE_USER"); l[0].environment = [...(l[0].environment ?? []), { name: "DATABASE_USER", value: "expertconnect_user" }]; p.containerDefinitions = JSON.stringify(l); }, named("backend-task")) },
    { name: "dr: backend may connect to the replica as the master user", stack: "dr", change: grant("backend-roles-task-policy", { Effect: "Allow", Action: "rds-db:connect", Resource: dbUser("expertconnect_user", W2, "db-2F8EE031B317BFF7AA42D3C8F4") }) },

    // ------------------------------------------------------------------ data ports (red team, then variants)
    { name: "cache SG accepts 6379 from the frontend tasks' SG (red team)", change: add(INGRESS, "cache-from-frontend", { securityGroupId: SG.cache, referencedSecurityGroupId: SG.frontend, fromPort: 6379, toPort: 6379, ipProtocol: "tcp", description: "frontend to Redis", tags: tags("cache") }) },
    { name: "database SG accepts every port from the frontend SG (ipProtocol -1)", change: add(INGRESS, "database-from-frontend", { securityGroupId: SG.db, referencedSecurityGroupId: SG.frontend, ipProtocol: "-1", tags: tags("database") }) },
    { name: "cache SG's inline ingress admits the frontend SG", change: edit("aws:ec2/securityGroup:SecurityGroup", p => { p.ingress = [{ protocol: "tcp", fromPort: 6379, toPort: 6379, securityGroups: [SG.frontend] }]; }, named("cache-sg")) },
    { name: "legacy aws:ec2/securityGroupRule admits the frontend SG on the cache", change: add("aws:ec2/securityGroupRule:SecurityGroupRule", "cache-frontend-legacy", { type: "ingress", securityGroupId: SG.cache, sourceSecurityGroupId: SG.frontend, protocol: "tcp", fromPort: 6379, toPort: 6379 }) },
    { name: "cache SG admits the database maintenance function's SG (its purpose is the database)", change: add(INGRESS, "cache-from-db-tasks", { securityGroupId: SG.cache, referencedSecurityGroupId: SG.dbTasks, fromPort: 6379, toPort: 6379, ipProtocol: "tcp", tags: tags("cache") }) },
    { name: "frontend service also placed in the backend tasks' SG (which both stores admit)", change: edit(SERVICE, p => { p.networkConfiguration.securityGroups = [SG.frontend, SG.backend]; }, named("frontend-service")) },
    { name: "frontend SG egress opened to the data subnets on 6379", change: add(EGRESS, "frontend-to-cache", { securityGroupId: SG.frontend, cidrIpv4: "10.0.112.0/20", fromPort: 6379, toPort: 6379, ipProtocol: "tcp", tags: tags("frontend") }) },
    { name: "frontend SG egress to the database SG on 5432", change: add(EGRESS, "frontend-to-database", { securityGroupId: SG.frontend, referencedSecurityGroupId: SG.db, fromPort: 5432, toPort: 5432, ipProtocol: "tcp", tags: tags("frontend") }) },
    { name: "dr: cache SG accepts 6379 from the frontend tasks' SG", stack: "dr", change: add(INGRESS, "cache-from-frontend", { securityGroupId: DR_SG.cache, referencedSecurityGroupId: DR_SG.frontend, fromPort: 6379, toPort: 6379, ipProtocol: "tcp", tags: tags("cache", "dr") }) },
];

const compliant: Case[] = [
    { name: "frontend task role may read static files (its purpose reads them)", change: grant("frontend-roles-task-policy", { Effect: "Allow", Action: "s3:GetObject", Resource: `${STATIC}/*` }, { Effect: "Allow", Action: "kms:Decrypt", Resource: KEYS.static, Condition: { StringEquals: { "kms:ViaService": `s3.${E1}.amazonaws.com` } } }) },
    { name: "backend task role: explicit Deny of s3:DeleteObject on the backup bucket (guard rail)", change: grant("backend-roles-task-policy", { Sid: "NeverDeleteBackups", Effect: "Deny", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${BACKUP}/*` }) },
    { name: "backup bucket policy: explicit Deny of reads and deletes for the backend task role", change: bucketStatement("data-backup-policy", { Sid: "BackendNeverReads", Effect: "Deny", Principal: { AWS: ROLES.backendTask }, Action: ["s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion"], Resource: `${BACKUP}/*` }) },
    { name: "backend's static-bucket objects granted through a customer managed policy instead of inline", change: all(
        sid("backend-roles-task-policy", "Bucket0Objects", s => { s.Action = ["s3:GetObject"]; }),
        add("aws:iam/policy:Policy", "backend-static-writes", { name: "backend-static-writes", policy: doc({ Effect: "Allow", Action: ["s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: `${STATIC}/*` }), tags: tags("backend") }),
        add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "backend-static-writes-attach", { role: "backend-roles-task-019c1c0", policyArn: `arn:aws:iam::${ACCOUNT}:policy/backend-static-writes` })) },
    { name: "backend may also list the parts of its multipart backup uploads (s3:ListMultipartUploadParts)", change: sid("backend-roles-task-policy", "Bucket1Objects", s => { s.Action.push("s3:ListMultipartUploadParts"); }) },
    { name: "cache AUTH token secret policy denies every principal but the backend's roles", change: add(SECRET_POLICY, "cache-auth-policy", { secretArn: SECRETS.cache, policy: doc({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": [`arn:aws:iam::${ACCOUNT}:role/backend-roles-*`, `arn:aws:iam::${ACCOUNT}:role/database-*`] } } }) }) },
    { name: "cache SG: the backend rule's description reworded", change: edit(INGRESS, p => { p.description = "Redis from the backend tasks"; }, named("cache-from-backend")) },
    { name: "database SG: a second rule for the maintenance function (same purpose)", change: add(INGRESS, "database-from-tasks-2", { securityGroupId: SG.db, referencedSecurityGroupId: SG.dbTasks, fromPort: 5432, toPort: 5432, ipProtocol: "tcp", description: "PostgreSQL from the maintenance function", tags: tags("database") }) },
    { name: "backend execution role reads the video provider's key under a second container variable (its audience)", change: edit(TASK, p => { const l = JSON.parse(p.containerDefinitions); l[0].secrets.push({ name: "VIDEO_API_KEY", valueFrom: SECRETS.video }); p.containerDefinitions = JSON.stringify(l); }, named("backend-task")) },
    { name: "a one-off migration task definition running the backend's image under the backend's roles (the backend's purpose)", change: oneOffTask("expertconnect-prod-migrate", "migrate", `${ACCOUNT}.dkr.ecr.${E1}.amazonaws.com/expertconnect-backend:v1.0.0`, ["python", "manage.py", "migrate", "--noinput"]) },
    { name: "dr: backend task role description reworded", stack: "dr", change: edit(ROLE, p => { p.description = "expertconnect-dr-backend application"; }, named("backend-roles-task")) },
];

suite("class 3: each workload reaches only the data its purpose lists", violations, compliant);
