/**
 * Class 1 (round 12, second reviewer, written without the pack's code): from one workload to
 * another's code. An attacker runs code in one workload with its role: every way AWS lets that role
 * make code (or API calls) run as another role of the stack or a person — images and their tags,
 * environment files and code objects, functions, roles passed to services that run code, shells,
 * permission and trust writes, boundaries and policies the caller picks, keys — and the legitimate
 * changes (a deploy role that pushes, a workload reading its own secrets) done right.
 */
import { ACCOUNT, FOREIGN, add, all, Case, doc, drift, edit, env, every, named, remove, suite, tags } from "./support";
import type { Change } from "./support";

// ---------------------------------------------------------------------------------------------
// Area I — from one workload to another's code. Names and ARNs below are the prod export's.
// ---------------------------------------------------------------------------------------------
const REGION = "us-east-1";
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const BACKEND_TASK = role("backend-roles-task-019c1c0");
const BACKEND_EXEC = role("backend-roles-execution-65fe5e6");
const FRONTEND_TASK = role("frontend-roles-task-a6b3b2a");
const DB_TASKS_ROLE = role("database-tasks-role-65f58cf");
const CANARY_ROLE = role("synthetic-check-role-e49cf65");
const BACKUP_ROLE = role("dr-backup-role-04ba64a");
const DB_TASKS_FN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const MASTER_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const JWT_SECRET = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/jwt-signing-key-189879`;
const DB_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/17d0b097-06a3-413f-a8f0-768c2f7a8a66`;
const APP_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/3361a6a0-2811-4bd3-a16a-8103a27a90c2`;
const BACKUP_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/dc685f2e-a8e7-4078-af22-b4873bbd0088`;
const STATIC_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/3b950284-024f-4124-a7e2-9803e867a7db`;
const CANARY_KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/b13ae5cd-7157-4369-aa39-2890b6efe0df`;
const CANARY_BUCKET = `expertconnect-prod-canary-artifacts-${ACCOUNT}`;
const CLUSTER = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/expertconnect-prod-cluster`;
const BACKEND_FAMILY = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-backend:*`;
const BACKEND_SERVICE = `arn:aws:ecs:${REGION}:${ACCOUNT}:service/expertconnect-prod-cluster/expertconnect-prod-backend`;
const BACKEND_REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/expertconnect-backend`;
const FRONTEND_REPO = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/expertconnect-frontend`;
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const PUSH = ["ecr:BatchCheckLayerAvailability", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const RP = "aws:iam/rolePolicy:RolePolicy";

/** Appends statements to one of the stack's inline role policies. */
function grant(policy: string, ...statements: object[]): Change {
    return edit(RP, p => {
        const d = JSON.parse(p.policy);
        d.Statement.push(...statements);
        p.policy = JSON.stringify(d);
    }, named(policy));
}
/** Edits a role's trust policy. */
function trust(roleName: string, fn: (d: any) => void): Change {
    return edit("aws:iam/role:Role", p => {
        const d = JSON.parse(p.assumeRolePolicy);
        fn(d);
        p.assumeRolePolicy = JSON.stringify(d);
    }, named(roleName));
}
/** Edits a key policy. */
function keyPolicy(key: string, ...statements: object[]): Change {
    return edit("aws:kms/key:Key", p => {
        const d = JSON.parse(p.policy);
        d.Statement.push(...statements);
        p.policy = JSON.stringify(d);
    }, named(key));
}
/** Edits a task definition's container list. */
function containers(task: string, fn: (list: any[], p: Record<string, any>) => void): Change {
    return edit(TD, p => {
        const list = JSON.parse(p.containerDefinitions);
        fn(list, p);
        p.containerDefinitions = JSON.stringify(list);
    }, named(task));
}
/** A new role (with an inline policy and optional managed policies), added beside the components. */
function newRole(name: string, component: string, assume: string, policy?: string, managed: string[] = []): Change {
    const changes: Change[] = [
        add("aws:iam/role:Role", name, { name, assumeRolePolicy: assume, tags: tags(component) },
            { outputs: { name, assumeRolePolicy: assume, tags: tags(component), arn: role(name), id: name } } as any),
    ];
    if (policy) {
        changes.push(add(RP, `${name}-policy`, { role: name, policy }));
    }
    managed.forEach((arn, i) => changes.push(add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", `${name}-managed-${i}`, { role: name, policyArn: arn })));
    return all(...changes);
}
const serviceTrust = (service: string) => doc({ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } });
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const GITHUB_OIDC = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
const passRole = (...roles: string[]) => ({ Effect: "Allow", Action: "iam:PassRole", Resource: roles.length === 1 ? roles[0] : roles });

const violations: Case[] = [
    // ---------------- Identity policies of the workloads: passing roles, starting tasks ----------------
    {
        name: "backend task role may ecs:RunTask and iam:PassRole on * 'to launch management commands': a taskRoleArn override starts a task under any ecs-tasks role",
        change: grant("backend-roles-task-policy",
            { Sid: "RunManagementTasks", Effect: "Allow", Action: ["ecs:RunTask", "ecs:DescribeTasks"], Resource: "*" },
            { Sid: "PassTaskRoles", Effect: "Allow", Action: "iam:PassRole", Resource: "*" }),
    },
    {
        name: "frontend task role may run the backend task definition (and pass its roles): a command override runs the frontend attacker's code as the backend, with the backend's secrets and DB login",
        change: grant("frontend-roles-task-policy",
            { Sid: "RunBackendOneOffs", Effect: "Allow", Action: "ecs:RunTask", Resource: BACKEND_FAMILY, Condition: { ArnEquals: { "ecs:cluster": CLUSTER } } },
            { Sid: "PassBackendRoles", ...passRole(BACKEND_TASK, BACKEND_EXEC) }),
    },
    {
        name: "frontend task role gets iam:PassRole on * limited only by iam:PassedToService=ecs-tasks: the condition restricts the service, not which role, so the backend's roles pass",
        change: grant("frontend-roles-task-policy",
            { Sid: "RegisterAndRun", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource: "*" },
            { Sid: "PassToEcsOnly", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }),
    },
    {
        name: "frontend task role may register task definitions and update the backend service: it can roll the backend service onto its own image, persistently",
        change: grant("frontend-roles-task-policy",
            { Sid: "Redeploy", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecs:DescribeServices"], Resource: ["*", BACKEND_SERVICE] },
            { Sid: "PassBackendRoles", ...passRole(BACKEND_TASK, BACKEND_EXEC) }),
    },
    {
        name: "frontend task role may submit AWS Batch jobs with the backend task role as jobRoleArn (the role trusts ecs-tasks for any ECS ARN in the account, which Batch-on-Fargate tasks satisfy)",
        change: grant("frontend-roles-task-policy",
            { Sid: "BatchJobs", Effect: "Allow", Action: ["batch:RegisterJobDefinition", "batch:SubmitJob"], Resource: "*" },
            { Sid: "PassJobRole", ...passRole(BACKEND_TASK) }),
    },
    {
        name: "frontend task role may pass any role tagged Project=expertconnect to ECS: every role of the stack carries that tag, so the tag condition narrows nothing",
        change: grant("frontend-roles-task-policy",
            { Sid: "RunProjectTasks", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource: "*" },
            { Sid: "PassProjectRoles", Effect: "Allow", Action: "iam:PassRole", Resource: `arn:aws:iam::${ACCOUNT}:role/*`, Condition: { StringEquals: { "aws:ResourceTag/Project": "expertconnect" } } }),
    },
    {
        name: "frontend task role may ssm:PutParameter under /expertconnect/prod/: the backend reads DATABASE_HOST, REDIS_HOST and STATIC_BUCKET from there at start, so the frontend re-points another workload's connections",
        change: grant("frontend-roles-task-policy",
            { Sid: "FeatureFlags", Effect: "Allow", Action: ["ssm:PutParameter", "ssm:GetParameter"], Resource: `arn:aws:ssm:${REGION}:${ACCOUNT}:parameter/expertconnect/prod/*` }),
    },
    {
        name: "frontend task role may ecs:ExecuteCommand in the cluster: a shell in a backend task runs as the backend role with its secrets in the environment",
        change: grant("frontend-roles-task-policy",
            { Sid: "DebugShell", Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: [CLUSTER, `arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-prod-cluster/*`] }),
    },
    // ---------------- Lambda: code and configuration of the function that holds the master secret ----------------
    {
        name: "backend task role may lambda:UpdateFunctionCode on expertconnect-prod-db-tasks: its code then runs as the role that reads the database master secret",
        change: grant("backend-roles-task-policy",
            { Sid: "DeployDbTasks", Effect: "Allow", Action: ["lambda:UpdateFunctionCode", "lambda:InvokeFunction"], Resource: DB_TASKS_FN }),
    },
    {
        name: "backend task role may lambda:UpdateFunctionConfiguration on db-tasks: a layer, handler or NODE_OPTIONS change runs its code as the master-secret role",
        change: grant("backend-roles-task-policy",
            { Sid: "TuneDbTasks", Effect: "Allow", Action: ["lambda:UpdateFunctionConfiguration", "lambda:GetFunctionConfiguration"], Resource: DB_TASKS_FN }),
    },
    {
        name: "backend task role gets lambda:* on function:expertconnect-prod-*: the wildcard covers db-tasks and the master-password rotation function",
        change: grant("backend-roles-task-policy",
            { Sid: "OwnFunctions", Effect: "Allow", Action: "lambda:*", Resource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-*` }),
    },
    {
        name: "canary role may lambda:UpdateFunctionConfiguration on * 'to manage its own function': the canary (browsing the public site) can re-point db-tasks",
        change: grant("synthetic-check-role-policy",
            { Sid: "ManageCanaryFunction", Effect: "Allow", Action: ["lambda:UpdateFunctionConfiguration", "lambda:GetFunction"], Resource: "*" }),
    },
    {
        name: "db-tasks function gains a layer published from another account and AWS_LAMBDA_EXEC_WRAPPER into it: third-party code wraps a function that holds the master secret",
        change: edit("aws:lambda/function:Function", p => {
            p.layers = [`arn:aws:lambda:${REGION}:${FOREIGN}:layer:pg-observability:7`];
            p.environment = { variables: { ...p.environment.variables, AWS_LAMBDA_EXEC_WRAPPER: "/opt/otel-handler" } };
        }, named("database-tasks-function")),
    },
    {
        name: "db-tasks function's code moved to an S3 object in expertconnect-prod-static, which the backend task can overwrite: the next create, replacement or code update of the function ships whatever the backend left there",
        change: edit("aws:lambda/function:Function", p => {
            delete p.code;
            p.s3Bucket = "expertconnect-prod-static";
            p.s3Key = "build/db-tasks.zip";
        }, named("database-tasks-function")),
    },
    {
        name: "db-tasks function gets a public function URL (auth NONE): anyone can make the master-secret role run its actions",
        change: all(
            add("aws:lambda/functionUrl:FunctionUrl", "database-tasks-url", { functionName: "expertconnect-prod-db-tasks", authorizationType: "NONE" }),
            add("aws:lambda/permission:Permission", "database-tasks-url-public", { action: "lambda:InvokeFunctionUrl", function: "expertconnect-prod-db-tasks", principal: "*", functionUrlAuthType: "NONE" }),
        ),
    },
    {
        name: "db-tasks invoke permission for events.amazonaws.com loses its sourceArn: any account's EventBridge rule can invoke the master-secret function (confused deputy)",
        change: edit("aws:lambda/permission:Permission", p => { delete p.sourceArn; }, named("dr-restore-test-invoke")),
    },
    {
        name: "backend task role may lambda:CreateFunction and pass the canary role (whose trust has no condition): the backend runs its code as the canary, which can write the canary bucket",
        change: grant("backend-roles-task-policy",
            { Sid: "Functions", Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
            { Sid: "PassCanaryRole", ...passRole(CANARY_ROLE) }),
    },
    // ---------------- Code read at start: canary ----------------
    {
        name: "backend task role may write the canary bucket's code/ prefix: the canary's next run executes the backend's script under the canary role",
        change: grant("backend-roles-task-policy",
            { Sid: "PublishCanaryScripts", Effect: "Allow", Action: "s3:PutObject", Resource: `arn:aws:s3:::${CANARY_BUCKET}/*` },
            { Sid: "EncryptCanaryScripts", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: CANARY_KEY }),
    },
    {
        name: "canary code moved to the static bucket, which the backend task writes: the next canary create/update packages whatever the backend left there and runs it as the canary role",
        change: all(
            edit("aws:synthetics/canary:Canary", p => { p.s3Bucket = "expertconnect-prod-static"; p.s3Key = "canary/siteCheck.zip"; }),
            edit("aws:s3/bucketObjectv2:BucketObjectv2", p => { p.bucket = "expertconnect-prod-static"; p.key = "canary/siteCheck.zip"; }, named("synthetic-check-code")),
        ),
    },
    // ---------------- Self-modifying IAM ----------------
    {
        name: "backend task role may iam:PutRolePolicy on its own role: the application can grant itself anything",
        change: grant("backend-roles-task-policy",
            { Sid: "ManageOwnGrants", Effect: "Allow", Action: ["iam:PutRolePolicy", "iam:GetRolePolicy"], Resource: `arn:aws:iam::${ACCOUNT}:role/backend-roles-task-*` }),
    },
    {
        name: "backend task role may attach any AWS-managed policy to roles (iam:PolicyARN arn:aws:iam::aws:policy/*): AdministratorAccess is an AWS-managed policy",
        change: grant("backend-roles-task-policy",
            { Sid: "AttachManaged", Effect: "Allow", Action: "iam:AttachRolePolicy", Resource: `arn:aws:iam::${ACCOUNT}:role/*`, Condition: { ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*" } } }),
    },
    {
        name: "backend task role may iam:CreatePolicyVersion with set-as-default on customer policies: rewriting any attached managed policy rewrites another role's rights",
        change: grant("backend-roles-task-policy",
            { Sid: "PolicyVersions", Effect: "Allow", Action: ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicyVersion"], Resource: `arn:aws:iam::${ACCOUNT}:policy/*` }),
    },
    {
        name: "a managed policy attached to the backend task role lets it iam:CreatePolicyVersion on that same policy: a role that can rewrite its own permissions",
        change: all(
            add("aws:iam/policy:Policy", "backend-extra", {
                name: "expertconnect-prod-backend-extra", tags: tags("backend"),
                policy: doc({ Sid: "SelfService", Effect: "Allow", Action: ["iam:CreatePolicyVersion", "iam:DeletePolicyVersion"], Resource: `arn:aws:iam::${ACCOUNT}:policy/expertconnect-prod-backend-extra` },
                    { Sid: "Queue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:expertconnect-prod-jobs` }),
            }, { outputs: { arn: `arn:aws:iam::${ACCOUNT}:policy/expertconnect-prod-backend-extra`, name: "expertconnect-prod-backend-extra" } } as any),
            add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "backend-extra-attach", { role: "backend-roles-task-019c1c0", policyArn: `arn:aws:iam::${ACCOUNT}:policy/expertconnect-prod-backend-extra` }),
        ),
    },
    {
        name: "backend task role may iam:UpdateAssumeRolePolicy on the db-tasks role: it can make the master-secret role trust itself",
        change: grant("backend-roles-task-policy",
            { Sid: "FixTrust", Effect: "Allow", Action: "iam:UpdateAssumeRolePolicy", Resource: DB_TASKS_ROLE }),
    },
    {
        name: "backend task role may iam:CreateRole and attach policies provided a permissions boundary is set, but the condition accepts any policy in the account (or AWS-managed) as boundary",
        change: grant("backend-roles-task-policy",
            { Sid: "CreateScopedRoles", Effect: "Allow", Action: ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy"], Resource: `arn:aws:iam::${ACCOUNT}:role/*`, Condition: { StringLike: { "iam:PermissionsBoundary": "arn:aws:iam::*:policy/*" } } }),
    },
    {
        name: "backend task role allows NotAction [iam:*, organizations:*, account:*] on *: 'everything but IAM' still includes lambda:UpdateFunctionCode, ecs:RunTask, secretsmanager:GetSecretValue",
        change: grant("backend-roles-task-policy",
            { Sid: "AppNeedsMost", Effect: "Allow", NotAction: ["iam:*", "organizations:*", "account:*"], Resource: "*" }),
    },
    {
        name: "backend task role allows lambda:* with NotResource its own (non-existent) function: NotResource grants every other function, db-tasks included",
        change: grant("backend-roles-task-policy",
            { Sid: "NotOthers", Effect: "Allow", Action: "lambda:*", NotResource: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-backend-worker` }),
    },
    // ---------------- Credentials of people ----------------
    {
        name: "backend task role may iam:CreateAccessKey on users: the app can mint long-lived keys for an operator and act as that person",
        change: grant("backend-roles-task-policy",
            { Sid: "IssueKeys", Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:ListAccessKeys"], Resource: `arn:aws:iam::${ACCOUNT}:user/*` }),
    },
    {
        name: "backend task role may create or reset users' console passwords (iam:CreateLoginProfile/UpdateLoginProfile): the app can sign in as an operator",
        change: grant("backend-roles-task-policy",
            { Sid: "PasswordResetHelper", Effect: "Allow", Action: ["iam:CreateLoginProfile", "iam:UpdateLoginProfile"], Resource: `arn:aws:iam::${ACCOUNT}:user/*` }),
    },
    {
        name: "backend container gets an operator's access key pair in plain environment: the app runs as a person's identity, outside its task role",
        change: all(env("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE"), env("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")),
    },
    // ---------------- Trust policies and role chains ----------------
    {
        name: "db-tasks role trusts the backend task role (and the backend may sts:AssumeRole it): a role chain from the app to the master secret",
        change: all(
            trust("database-tasks-role", d => d.Statement.push({ Sid: "BackendMaintenance", Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: "sts:AssumeRole" })),
            grant("backend-roles-task-policy", { Sid: "AssumeDbTasks", Effect: "Allow", Action: "sts:AssumeRole", Resource: DB_TASKS_ROLE }),
        ),
    },
    {
        name: "db-tasks role trust loses its SourceArn/SourceAccount and the backend may CreateFunction + PassRole it: a new function runs the backend's code as the master-secret role",
        change: all(
            trust("database-tasks-role", d => { delete d.Statement[0].Condition; }),
            grant("backend-roles-task-policy",
                { Sid: "Functions", Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource: "*" },
                { Sid: "PassDbTasks", ...passRole(DB_TASKS_ROLE) }),
        ),
    },
    {
        name: "db-tasks role trusts the whole account on aws:PrincipalTag/Project=expertconnect and the backend may sts:AssumeRole role/*: every workload carries that tag",
        change: all(
            trust("database-tasks-role", d => d.Statement.push({ Sid: "ProjectPrincipals", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalTag/Project": "expertconnect" } } })),
            grant("backend-roles-task-policy", { Sid: "AssumeProjectRoles", Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${ACCOUNT}:role/*` }),
        ),
    },
    {
        name: "backup role made assumable by ecs-tasks and the frontend may run tasks passing it: a task of the frontend's choosing runs with AWS Backup's restore and snapshot rights",
        change: all(
            trust("dr-backup-role", d => d.Statement.push({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" })),
            grant("frontend-roles-task-policy",
                { Sid: "RestoreHelperTask", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource: "*" },
                { Sid: "PassBackupRole", ...passRole(BACKUP_ROLE) }),
        ),
    },
    {
        name: "backend task role trust drops aws:SourceAccount/aws:SourceArn: ECS acting for any account may assume it (confused deputy)",
        change: trust("backend-roles-task", d => { delete d.Statement[0].Condition; }),
    },
    {
        name: "backend task role trust widened to the account root 'for local debugging': any principal with sts:AssumeRole * (every admin, any CI user) becomes the app",
        change: trust("backend-roles-task", d => d.Statement.push({ Sid: "Debug", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" })),
    },
    {
        name: "new deploy role trusts GitHub OIDC with only the aud condition: any repository's workflow on GitHub can push images and roll the services",
        change: newRole("expertconnect-prod-deploy", "deploy",
            doc({ Effect: "Allow", Principal: { Federated: GITHUB_OIDC }, Action: "sts:AssumeRoleWithWebIdentity", Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } } }),
            doc({ Sid: "Auth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                { Sid: "Push", Effect: "Allow", Action: PUSH, Resource: [BACKEND_REPO, FRONTEND_REPO] },
                { Sid: "Roll", Effect: "Allow", Action: ["ecs:UpdateService", "ecs:RegisterTaskDefinition"], Resource: "*" },
                { Sid: "Pass", ...passRole(BACKEND_TASK, BACKEND_EXEC) })),
    },
    {
        name: "new deploy role trusts the backend task role 'so the app can trigger its own redeploy': the app gains deploy rights (push images, roll services)",
        change: newRole("expertconnect-prod-redeploy", "deploy",
            doc({ Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: "sts:AssumeRole" }),
            doc({ Sid: "Auth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                { Sid: "Push", Effect: "Allow", Action: PUSH, Resource: [BACKEND_REPO, FRONTEND_REPO] },
                { Sid: "Roll", Effect: "Allow", Action: ["ecs:UpdateService", "ecs:RegisterTaskDefinition"], Resource: "*" },
                { Sid: "Pass", ...passRole(BACKEND_TASK, BACKEND_EXEC) })),
    },
    // ---------------- Passing a role to services that run code or API calls ----------------
    {
        name: "backend may codebuild:StartBuild on an ops project whose service role has AdministratorAccess: buildspecOverride runs the app's commands as admin",
        change: all(
            newRole("expertconnect-prod-ops-build", "operations", serviceTrust("codebuild.amazonaws.com"), undefined, [ADMIN]),
            add("aws:codebuild/project:Project", "ops-build", {
                name: "expertconnect-prod-ops", serviceRole: role("expertconnect-prod-ops-build"), tags: tags("operations"),
                artifacts: { type: "NO_ARTIFACTS" }, source: { type: "NO_SOURCE", buildspec: "version: 0.2\nphases:\n  build:\n    commands: [\"echo ok\"]\n" },
                environment: { computeType: "BUILD_GENERAL1_SMALL", image: "aws/codebuild/standard:7.0", type: "LINUX_CONTAINER" },
            }),
            grant("backend-roles-task-policy", { Sid: "OpsBuilds", Effect: "Allow", Action: ["codebuild:StartBuild", "codebuild:BatchGetBuilds"], Resource: `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/expertconnect-prod-ops` }),
        ),
    },
    {
        name: "backend may create and start Step Functions state machines and pass a states role that reads the master secret: the app defines the API calls that role makes",
        change: all(
            newRole("expertconnect-prod-workflows", "operations", serviceTrust("states.amazonaws.com"),
                doc({ Sid: "ReadDb", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: MASTER_SECRET },
                    { Sid: "Decrypt", Effect: "Allow", Action: "kms:Decrypt", Resource: DB_KEY })),
            grant("backend-roles-task-policy",
                { Sid: "Workflows", Effect: "Allow", Action: ["states:CreateStateMachine", "states:UpdateStateMachine", "states:StartExecution"], Resource: "*" },
                { Sid: "PassWorkflowRole", ...passRole(role("expertconnect-prod-workflows")) }),
        ),
    },
    {
        name: "backend may create EventBridge Scheduler schedules passing a scheduler role with IAM write: universal targets (aws-sdk:iam:*) make any API call as that role",
        change: all(
            newRole("expertconnect-prod-scheduler", "operations", serviceTrust("scheduler.amazonaws.com"),
                doc({ Sid: "Housekeeping", Effect: "Allow", Action: ["iam:*", "ecs:*"], Resource: "*" })),
            grant("backend-roles-task-policy",
                { Sid: "Schedules", Effect: "Allow", Action: ["scheduler:CreateSchedule", "scheduler:UpdateSchedule"], Resource: "*" },
                { Sid: "PassScheduler", ...passRole(role("expertconnect-prod-scheduler")) }),
        ),
    },
    {
        name: "backend may put EventBridge rules and targets passing an events role allowed ecs:RunTask + iam:PassRole *: a target with containerOverrides runs its command under any task role",
        change: all(
            newRole("expertconnect-prod-events-run", "operations", serviceTrust("events.amazonaws.com"),
                doc({ Sid: "Run", Effect: "Allow", Action: "ecs:RunTask", Resource: "*" }, { Sid: "Pass", Effect: "Allow", Action: "iam:PassRole", Resource: "*" })),
            grant("backend-roles-task-policy",
                { Sid: "Rules", Effect: "Allow", Action: ["events:PutRule", "events:PutTargets"], Resource: `arn:aws:events:${REGION}:${ACCOUNT}:rule/*` },
                { Sid: "PassEventsRole", ...passRole(role("expertconnect-prod-events-run")) }),
        ),
    },
    {
        name: "backend may cloudformation:CreateStack passing an admin CloudFormation service role: the app's template creates whatever it likes as admin",
        change: all(
            newRole("expertconnect-prod-cfn", "operations", serviceTrust("cloudformation.amazonaws.com"), undefined, [ADMIN]),
            grant("backend-roles-task-policy",
                { Sid: "Stacks", Effect: "Allow", Action: ["cloudformation:CreateStack", "cloudformation:UpdateStack"], Resource: "*" },
                { Sid: "PassCfn", ...passRole(role("expertconnect-prod-cfn")) }),
        ),
    },
    {
        name: "backend may ec2:RunInstances with an instance profile whose role reads all secrets: user data runs the app's script as that role",
        change: all(
            newRole("expertconnect-prod-bastion", "operations", serviceTrust("ec2.amazonaws.com"), undefined, ["arn:aws:iam::aws:policy/SecretsManagerReadWrite"]),
            add("aws:iam/instanceProfile:InstanceProfile", "bastion-profile", { name: "expertconnect-prod-bastion", role: "expertconnect-prod-bastion", tags: tags("operations") }),
            grant("backend-roles-task-policy",
                { Sid: "Instances", Effect: "Allow", Action: ["ec2:RunInstances", "ec2:CreateTags"], Resource: "*" },
                { Sid: "PassBastion", ...passRole(role("expertconnect-prod-bastion")) }),
        ),
    },
    {
        name: "backend may create and run Glue jobs passing a Glue role that reads the backup bucket: the app's script runs as that role and reads every backup",
        change: all(
            newRole("expertconnect-prod-glue", "operations", serviceTrust("glue.amazonaws.com"),
                doc({ Sid: "Backups", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: ["arn:aws:s3:::expertconnect-backup", "arn:aws:s3:::expertconnect-backup/*"] },
                    { Sid: "Key", Effect: "Allow", Action: "kms:Decrypt", Resource: BACKUP_KEY })),
            grant("backend-roles-task-policy",
                { Sid: "Glue", Effect: "Allow", Action: ["glue:CreateJob", "glue:UpdateJob", "glue:StartJobRun"], Resource: "*" },
                { Sid: "PassGlue", ...passRole(role("expertconnect-prod-glue")) }),
        ),
    },
    {
        name: "backend may create SageMaker notebook instances (and presigned URLs) passing a SageMaker role with S3 full access: an interactive notebook as that role",
        change: all(
            newRole("expertconnect-prod-analytics", "analytics", serviceTrust("sagemaker.amazonaws.com"), undefined, ["arn:aws:iam::aws:policy/AmazonSageMakerFullAccess", "arn:aws:iam::aws:policy/AmazonS3FullAccess"]),
            grant("backend-roles-task-policy",
                { Sid: "Notebooks", Effect: "Allow", Action: ["sagemaker:CreateNotebookInstance", "sagemaker:CreatePresignedNotebookInstanceUrl"], Resource: "*" },
                { Sid: "PassAnalytics", ...passRole(role("expertconnect-prod-analytics")) }),
        ),
    },
    {
        name: "backend may apprunner:CreateService passing an App Runner instance role that reads the master secret: the app's image runs as that role",
        change: all(
            newRole("expertconnect-prod-apprunner", "operations", serviceTrust("tasks.apprunner.amazonaws.com"),
                doc({ Sid: "Db", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: MASTER_SECRET }, { Sid: "Key", Effect: "Allow", Action: "kms:Decrypt", Resource: DB_KEY })),
            grant("backend-roles-task-policy",
                { Sid: "AppRunner", Effect: "Allow", Action: "apprunner:CreateService", Resource: "*" },
                { Sid: "PassAppRunner", ...passRole(role("expertconnect-prod-apprunner")) }),
        ),
    },
    {
        name: "backend may start SSM Automation passing an admin automation role: aws:executeScript steps run the app's Python as admin",
        change: all(
            newRole("expertconnect-prod-automation", "operations", serviceTrust("ssm.amazonaws.com"), undefined, [ADMIN]),
            grant("backend-roles-task-policy",
                { Sid: "Automation", Effect: "Allow", Action: ["ssm:StartAutomationExecution", "ssm:CreateDocument"], Resource: "*" },
                { Sid: "PassAutomation", ...passRole(role("expertconnect-prod-automation")) }),
        ),
    },
    // ---------------- Secrets and keys held by another role ----------------
    {
        name: "backend may GetSecretValue on secret:expertconnect/prod/* and kms:Decrypt on * via secretsmanager: the prefix includes database/master and ViaService limits the path, not the key",
        change: grant("backend-roles-task-policy",
            { Sid: "AppSecrets", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/*` },
            { Sid: "AppSecretsKey", Effect: "Allow", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } }),
    },
    {
        name: "backend may secretsmanager:PutSecretValue on the master secret: a 'host' it writes makes the rotation Lambda send the master password to the backend's server",
        change: grant("backend-roles-task-policy",
            { Sid: "RecordDbEndpoint", Effect: "Allow", Action: "secretsmanager:PutSecretValue", Resource: MASTER_SECRET },
            { Sid: "RecordDbEndpointKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: DB_KEY }),
    },
    {
        name: "master secret's resource policy grants Principal * within the account and the database key lets any caller in the account decrypt via Secrets Manager: every workload reads the master password",
        change: all(
            add("aws:secretsmanager/secretPolicy:SecretPolicy", "database-master-secret-policy", {
                secretArn: MASTER_SECRET, blockPublicPolicy: true,
                policy: doc({ Sid: "AccountWorkloads", Effect: "Allow", Principal: "*", Action: "secretsmanager:GetSecretValue", Resource: "*", Condition: { StringEquals: { "aws:PrincipalAccount": ACCOUNT } } }),
            }),
            keyPolicy("database-key", { Sid: "SecretsManagerCallers", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": ACCOUNT, "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } }),
        ),
    },
    {
        name: "KMS grant gives the backend task role Decrypt on the backup key and its policy gains GetObject on expertconnect-backup: the app (write-only by design) reads every backup",
        change: all(
            add("aws:kms/grant:Grant", "backend-backup-read", { name: "backend-backup-read", keyId: BACKUP_KEY, granteePrincipal: BACKEND_TASK, operations: ["Decrypt"] }),
            grant("backend-roles-task-policy", { Sid: "Bucket1Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-backup/*" }),
        ),
    },
    {
        name: "JWT signing secret's resource policy and the app-settings key policy let the frontend task role read it: the frontend can mint tokens for any user (a person's identity)",
        change: all(
            add("aws:secretsmanager/secretPolicy:SecretPolicy", "jwt-signing-key-policy", {
                secretArn: JWT_SECRET, blockPublicPolicy: true,
                policy: doc({ Sid: "FrontendSsr", Effect: "Allow", Principal: { AWS: FRONTEND_TASK }, Action: "secretsmanager:GetSecretValue", Resource: "*" }),
            }),
            keyPolicy("app-settings-key", { Sid: "FrontendSsr", Effect: "Allow", Principal: { AWS: FRONTEND_TASK }, Action: "kms:Decrypt", Resource: "*" }),
        ),
    },
    {
        name: "backend task definition reads the database master secret (DATABASE_MASTER_PASSWORD) through its execution role: the app holds db-tasks' master credentials",
        change: all(
            containers("backend-task", list => { list[0].secrets.push({ name: "DATABASE_MASTER", valueFrom: MASTER_SECRET }); }),
            grant("backend-roles-execution-policy",
                { Sid: "ReadMaster", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: MASTER_SECRET },
                { Sid: "DecryptMaster", Effect: "Allow", Action: "kms:Decrypt", Resource: DB_KEY, Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${REGION}.amazonaws.com` } } }),
        ),
    },
    // ---------------- Images the tasks start from ----------------
    {
        name: "backend task role may push to the frontend repository: the backend's image becomes the internet-facing frontend at the next task start",
        change: grant("backend-roles-task-policy",
            { Sid: "Auth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "PushFrontend", Effect: "Allow", Action: PUSH, Resource: FRONTEND_REPO }),
    },
    {
        name: "backend task role may BatchDeleteImage and push on its repository: IMMUTABLE only refuses an existing tag, so delete v1.0.0 and re-push it, and every new task (and DR) runs the replacement",
        change: grant("backend-roles-task-policy",
            { Sid: "Auth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "ImageHousekeeping", Effect: "Allow", Action: ["ecr:BatchDeleteImage", ...PUSH], Resource: BACKEND_REPO }),
    },
    {
        name: "backend repository policy lets another account push: images from outside the organisation become the backend",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-repository-policy", {
            repository: "expertconnect-backend",
            policy: doc({ Sid: "VendorPush", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: PUSH }),
        }),
    },
    {
        name: "backend repository policy lets the frontend task role push (a same-account resource policy needs no identity grant): the frontend writes the backend's code",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-repository-policy", {
            repository: "expertconnect-backend",
            policy: doc({ Sid: "SsrBuildCache", Effect: "Allow", Principal: { AWS: FRONTEND_TASK }, Action: PUSH }),
        }),
    },
    {
        name: "registry policy lets another account replicate into this registry (ecr:ReplicateImage, CreateRepository): a foreign registry's images land in expertconnect-* repositories",
        change: add("aws:ecr/registryPolicy:RegistryPolicy", "registry-policy", {
            policy: doc({ Sid: "VendorReplication", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${FOREIGN}:root` }, Action: ["ecr:CreateRepository", "ecr:ReplicateImage"], Resource: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/*` }),
        }),
    },
    {
        name: "backend repository switched to MUTABLE in the console: whoever can push re-points v1.0.0 under running services",
        change: drift("aws:ecr/repository:Repository", p => { p.imageTagMutability = "MUTABLE"; }, named("backend-repository")),
    },
    {
        name: "backend repository IMMUTABLE_WITH_EXCLUSION with exclusion filter v*: every release tag the services run is mutable again",
        change: edit("aws:ecr/repository:Repository", p => {
            p.imageTagMutability = "IMMUTABLE_WITH_EXCLUSION";
            p.imageTagMutabilityExclusionFilters = [{ filter: "v*", filterType: "WILDCARD" }];
        }, named("backend-repository")),
    },
    {
        name: "replication creation template made MUTABLE: every us-west-2 replica repository replication creates from now on (a new service's, or one recreated after cleanup) lets DR's release tags be overwritten",
        change: edit("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", p => { p.imageTagMutability = "MUTABLE"; }),
    },
    {
        name: "replication creation template removed: ECR replication then creates new us-west-2 repositories with defaults (MUTABLE tags, no lifecycle, AES256)",
        change: remove("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate"),
    },
    {
        name: "replication creation template's repository policy lets the backend task role push in us-west-2: every replica repository created from now on accepts the app's images, which DR runs at failover",
        change: edit("aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate", p => {
            p.repositoryPolicy = doc({ Sid: "WarmCache", Effect: "Allow", Principal: { AWS: BACKEND_TASK }, Action: PUSH });
        }),
    },
    {
        name: "lifecycle expires tagged v* images one day after push: the running v1.0.0 disappears (tasks cannot be replaced) and the tag is free to be re-pushed despite IMMUTABLE",
        change: edit("aws:ecr/lifecyclePolicy:LifecyclePolicy", p => {
            p.policy = JSON.stringify({ rules: [{ rulePriority: 1, description: "Release images are rebuilt nightly", selection: { tagStatus: "tagged", tagPrefixList: ["v"], countType: "sinceImagePushed", countUnit: "days", countNumber: 1 }, action: { type: "expire" } }] });
        }, named("backend-repository-lifecycle")),
    },
    {
        name: "backend image switched to :latest (the guide's push command): which code runs as the backend depends on the last push, not the deploy",
        change: containers("backend-task", list => { list[0].image = `${REGISTRY}/expertconnect-backend:latest`; }),
    },
    {
        name: "backend image pulled from Docker Hub: a third party's mutable tag runs with the backend role and secrets",
        change: containers("backend-task", list => { list[0].image = "docker.io/expertconnect/backend:1.0"; }),
    },
    {
        name: "backend image pulled from another account's ECR: that account decides what runs as the backend",
        change: containers("backend-task", list => { list[0].image = `${FOREIGN}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-backend:v1.0.0`; }),
    },
    {
        name: "X-Ray sidecar image set to the guide's 'amazon/aws-xray-daemon' (Docker Hub, implicit :latest): a sidecar shares the task role, so an upstream push runs as the backend",
        change: containers("backend-task", list => { list.find(c => c.name === "xray-daemon").image = "amazon/aws-xray-daemon"; }),
    },
    {
        name: "Docker Hub pull-through cache rule added and the backend runs python:3.12-slim through it: the upstream tag (mutable) decides the code run as the backend",
        change: all(
            add("aws:ecr/pullThroughCacheRule:PullThroughCacheRule", "docker-hub-cache", {
                ecrRepositoryPrefix: "docker-hub", upstreamRegistryUrl: "registry-1.docker.io",
                credentialArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:ecr-pullthroughcache/docker-hub-a1b2c3`,
            }),
            containers("backend-task", list => { list[0].image = `${REGISTRY}/docker-hub/library/python:3.12-slim`; list[0].command = ["sh", "-c", "pip install -r /srv/requirements.txt && gunicorn expertconnect.wsgi"]; }),
        ),
    },
    {
        name: "frontend task definition loads an environment file from expertconnect-prod-static, which the backend task writes (the backend would set the frontend's NODE_OPTIONS); as written the frontend execution role cannot even read it, so new frontend tasks fail to start",
        change: containers("frontend-task", list => { list[0].environmentFiles = [{ type: "s3", value: "arn:aws:s3:::expertconnect-prod-static/config/frontend.env" }]; }),
    },
    {
        name: "frontend task definition loads an environment file from expertconnect-prod-static and its execution role may read it: the backend task, which writes that bucket, sets NODE_OPTIONS/env of the frontend",
        change: all(
            containers("frontend-task", list => { list[0].environmentFiles = [{ type: "s3", value: "arn:aws:s3:::expertconnect-prod-static/config/frontend.env" }]; }),
            grant("frontend-roles-execution-policy",
                { Sid: "EnvFile", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::expertconnect-prod-static/config/frontend.env" },
                { Sid: "EnvFileBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "arn:aws:s3:::expertconnect-prod-static" },
                { Sid: "EnvFileKey", Effect: "Allow", Action: "kms:Decrypt", Resource: STATIC_KEY, Condition: { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } } }),
        ),
    },
    {
        name: "frontend task definition runs with the backend task role: the internet-facing Next.js process gets the DB login and bucket rights",
        change: edit(TD, p => { p.taskRoleArn = BACKEND_TASK; }, named("frontend-task")),
    },
    {
        name: "frontend task definition uses the backend execution role and injects DJANGO_SECRET_KEY: the frontend holds the key that signs every user session",
        change: all(
            edit(TD, p => { p.executionRoleArn = BACKEND_EXEC; }, named("frontend-task")),
            containers("frontend-task", list => { list[0].secrets = [{ name: "DJANGO_SECRET_KEY", valueFrom: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/django-secret-key-1ffb64` }]; }),
        ),
    },
    // ---------------- dr ----------------
    {
        name: "dr: frontend task role may ecs:ExecuteCommand in the dr cluster: after failover a frontend foothold shells into the backend",
        stack: "dr",
        change: rs => grant("frontend-roles-task-policy", { Sid: "DebugShell", Effect: "Allow", Action: "ecs:ExecuteCommand", Resource: "*" })(rs),
    },
    {
        name: "dr: backend task role may lambda:CreateFunction and iam:PassRole *: at promote a function runs its code as the db-tasks role",
        stack: "dr",
        change: grant("backend-roles-task-policy",
            { Sid: "Functions", Effect: "Allow", Action: ["lambda:CreateFunction", "lambda:UpdateFunctionCode"], Resource: "*" },
            { Sid: "PassAny", Effect: "Allow", Action: "iam:PassRole", Resource: "*" }),
    },
    {
        name: "dr: backend task definition reads the replicated prod master secret in us-west-2 through its execution role",
        stack: "dr",
        change: rs => {
            const secret = `arn:aws:secretsmanager:us-west-2:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
            containers("backend-task", list => { list[0].secrets.push({ name: "DATABASE_MASTER", valueFrom: secret }); })(rs);
            grant("backend-roles-execution-policy",
                { Sid: "ReadMaster", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secret },
                { Sid: "DecryptMaster", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" })(rs);
        },
    },
    {
        name: "dr: frontend task role may run tasks passing any role to ECS (iam:PassedToService only): at failover the frontend runs code as the dr backend",
        stack: "dr",
        change: grant("frontend-roles-task-policy",
            { Sid: "RegisterAndRun", Effect: "Allow", Action: ["ecs:RegisterTaskDefinition", "ecs:RunTask"], Resource: "*" },
            { Sid: "PassToEcsOnly", Effect: "Allow", Action: "iam:PassRole", Resource: "*", Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }),
    },
    {
        name: "dr: backend image taken from the replica repository by :latest: DR starts whatever was pushed last",
        stack: "dr",
        change: containers("backend-task", list => { list[0].image = list[0].image.replace(/:v1\.0\.0$/, ":latest"); }),
    },
];

// ---------------------------------------------------------------------------------------------
// Legitimate changes
// ---------------------------------------------------------------------------------------------
const deployTrust = doc({
    Effect: "Allow", Principal: { Federated: GITHUB_OIDC }, Action: "sts:AssumeRoleWithWebIdentity",
    Condition: { StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": "repo:expertconnect/platform:environment:production" } },
});

const compliant: Case[] = [
    {
        name: "deploy role for CI: GitHub OIDC pinned to the platform repo's production environment, may only push to the two repositories",
        change: newRole("expertconnect-prod-image-push", "deploy", deployTrust,
            doc({ Sid: "Auth", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                { Sid: "Push", Effect: "Allow", Action: PUSH, Resource: [BACKEND_REPO, FRONTEND_REPO] })),
    },
    {
        name: "migration runner role: GitHub OIDC pinned, may RunTask only the backend family in the prod cluster and pass only the backend roles to ECS",
        change: newRole("expertconnect-prod-migrations", "deploy", deployTrust,
            doc({ Sid: "RunMigration", Effect: "Allow", Action: "ecs:RunTask", Resource: BACKEND_FAMILY, Condition: { ArnEquals: { "ecs:cluster": CLUSTER } } },
                { Sid: "WatchMigration", Effect: "Allow", Action: ["ecs:DescribeTasks", "ecs:StopTask"], Resource: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-prod-cluster/*` },
                { Sid: "PassBackendRoles", Effect: "Allow", Action: "iam:PassRole", Resource: [BACKEND_TASK, BACKEND_EXEC], Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } },
                { Sid: "ReadMigrationLogs", Effect: "Allow", Action: ["logs:GetLogEvents", "logs:FilterLogEvents"], Resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/ecs/expertconnect-prod-backend:*` })),
    },
    {
        name: "release v1.1.0 of the backend (new immutable tag in the same repository)",
        change: containers("backend-task", list => { list[0].image = `${REGISTRY}/expertconnect-backend:v1.1.0`; }),
    },
    {
        name: "frontend release v1.0.1",
        change: containers("frontend-task", list => { list[0].image = `${REGISTRY}/expertconnect-frontend:v1.0.1`; }),
    },
    {
        name: "backend image pinned by digest in its own repository",
        change: containers("backend-task", list => { list[0].image = `${REGISTRY}/expertconnect-backend@sha256:${"3f".repeat(32)}`; }),
    },
    {
        name: "keep the 50 newest tagged images instead of 30 (longer rollback window)",
        change: edit("aws:ecr/lifecyclePolicy:LifecyclePolicy", p => {
            const d = JSON.parse(p.policy);
            d.rules[1].countNumber = 50;
            d.rules[1].description = "Keep the 50 newest tagged images";
            p.policy = JSON.stringify(d);
        }),
    },
    {
        name: "new payment-provider secret done right: Secrets Manager with the app-settings key, replicated to us-west-2, protected, read by the backend execution role only, injected as a task secret",
        change: rs => {
            const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/payment-provider-api-key-4c9e1a`;
            const props = {
                name: "expertconnect/prod/payment-provider-api-key", description: "API key of the payment provider (operators put it)", kmsKeyId: APP_KEY, recoveryWindowInDays: 30, tags: tags("app-settings"),
                replicas: [{ kmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:key/4e3f4db8-be07-4fca-a2af-2bf5f8f6b22f`, region: "us-west-2" }],
            };
            add("aws:secretsmanager/secret:Secret", "app-settings-payment-provider-api-key", props, { outputs: { ...props, arn, id: arn }, protect: true, retainOnDelete: true } as any)(rs);
            edit(RP, p => {
                const d = JSON.parse(p.policy);
                d.Statement.find((s: any) => s.Sid === "ReadSecrets").Resource.push(arn);
                p.policy = JSON.stringify(d);
            }, named("backend-roles-execution-policy"))(rs);
            containers("backend-task", list => { list[0].secrets.push({ name: "PAYMENT_PROVIDER_API_KEY", valueFrom: arn }); })(rs);
        },
    },
    {
        name: "tighten the backend's static-bucket key use to that bucket's encryption context",
        change: edit(RP, p => {
            const d = JSON.parse(p.policy);
            const s = d.Statement.find((x: any) => x.Sid === "Bucket0Key");
            s.Condition.StringLike = { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::expertconnect-prod-static", "arn:aws:s3:::expertconnect-prod-static/*"] };
            p.policy = JSON.stringify(d);
        }, named("backend-roles-task-policy")),
    },
    {
        name: "tighten db-tasks' master-secret decrypt to the secret's encryption context (SecretARN)",
        change: edit(RP, p => {
            const d = JSON.parse(p.policy);
            const s = d.Statement.find((x: any) => x.Sid === "DecryptMasterSecret");
            s.Condition.StringEquals["kms:EncryptionContext:SecretARN"] = MASTER_SECRET;
            p.policy = JSON.stringify(d);
        }, named("database-tasks-policy")),
    },
    {
        name: "tighten the canary's artifact key use to S3 (kms:ViaService)",
        change: edit(RP, p => {
            const d = JSON.parse(p.policy);
            const s = d.Statement.find((x: any) => x.Sid === "EncryptArtifacts");
            s.Condition = { StringEquals: { "kms:ViaService": `s3.${REGION}.amazonaws.com` } };
            p.policy = JSON.stringify(d);
        }, named("synthetic-check-role-policy")),
    },
    {
        name: "explicit guardrail on the backend task role: Deny IAM writes, role assumption, Lambda code/config changes, RunTask and ECR writes",
        change: grant("backend-roles-task-policy", {
            Sid: "NeverEscalate", Effect: "Deny",
            Action: ["iam:*", "sts:AssumeRole", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:CreateFunction", "ecs:RunTask", "ecs:RegisterTaskDefinition", "ecs:UpdateService", "ecr:PutImage", "ecr:BatchDeleteImage"],
            Resource: "*",
        }),
    },
    {
        name: "backend repository policy denies pushes and deletes from anyone but the CI push role",
        change: add("aws:ecr/repositoryPolicy:RepositoryPolicy", "backend-repository-policy", {
            repository: "expertconnect-backend",
            policy: doc({ Sid: "OnlyCiPushes", Effect: "Deny", Principal: "*", Action: [...PUSH.filter(a => a !== "ecr:BatchCheckLayerAvailability"), "ecr:BatchDeleteImage"], Condition: { StringNotEquals: { "aws:PrincipalArn": role("expertconnect-prod-image-push") } } }),
        }),
    },
    {
        name: "db-tasks function gets more memory and time for larger restore checks",
        change: edit("aws:lambda/function:Function", p => { p.memorySize = 512; p.timeout = 180; }, named("database-tasks-function")),
    },
    {
        name: "new worker repository done right: immutable tags, scan on push, KMS, protected, the standard lifecycle (covered by replication and scanning prefixes)",
        change: rs => {
            const props = {
                name: "expertconnect-worker", encryptionConfigurations: [{ encryptionType: "KMS" }], forceDelete: false,
                imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE", tags: tags("worker"),
            };
            add("aws:ecr/repository:Repository", "worker-repository", props, { outputs: { ...props, arn: `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/expertconnect-worker`, repositoryUrl: `${REGISTRY}/expertconnect-worker`, registryId: ACCOUNT }, protect: true, retainOnDelete: true } as any)(rs);
            const lifecycle = every(rs, "aws:ecr/lifecyclePolicy:LifecyclePolicy", named("backend-repository-lifecycle"))[0].inputs.policy;
            add("aws:ecr/lifecyclePolicy:LifecyclePolicy", "worker-repository-lifecycle", { repository: "expertconnect-worker", policy: lifecycle })(rs);
        },
    },
    {
        name: "backend may send transactional email only from its own domain identity (ses:FromAddress condition)",
        change: grant("backend-roles-task-policy", {
            Sid: "TransactionalEmail", Effect: "Allow", Action: ["ses:SendEmail", "ses:SendRawEmail"],
            Resource: `arn:aws:ses:${REGION}:${ACCOUNT}:identity/expertconnect.example`,
            Condition: { StringLike: { "ses:FromAddress": "*@expertconnect.example" } },
        }),
    },
    {
        name: "dr: release v1.1.0 of the backend from the us-west-2 replica repository",
        stack: "dr",
        change: containers("backend-task", list => { list[0].image = list[0].image.replace(/:v1\.0\.0$/, ":v1.1.0"); }),
    },
    {
        name: "dr: backend task role guardrail denying IAM writes and role assumption",
        stack: "dr",
        change: grant("backend-roles-task-policy", { Sid: "NeverEscalate", Effect: "Deny", Action: ["iam:*", "sts:AssumeRole", "lambda:UpdateFunctionCode", "ecs:RunTask"], Resource: "*" }),
    },
];

suite("adversarial class 1: from one workload to another's code", violations, compliant);
