/**
 * iam-no-broad-grants, transitively: an application role (the stack hands it to ECS tasks,
 * Lambda, EC2…) judged by what it holds and what it can take over (a role it assumes, a
 * function whose code or configuration it changes, a role it passes to a way of running code,
 * a role whose permissions it writes, a key whose policy it changes, the image a task definition
 * starts from by tag); and a role every
 * principal of the account may assume judged by what it holds.
 */
import { iamNoBroadGrants } from "../../policy/iam/broadGrants";
import { stackTable } from "./support/cases";
import { ACCOUNT } from "./support/fixtures";
import { StackResourceInput } from "./support/harness";
import { allow, doc, find, iamStack, KEY_ARN, LEAST_PRIVILEGE, REGION, ROLE_ARN, rolePolicy } from "./support/iam";

const MASTER_ARN = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:expertconnect/prod/database/master-69cf0a`;
const DB_ROLE = "expertconnect-prod-db-tasks";
const DB_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/${DB_ROLE}`;
const DB_FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-db-tasks`;
const TASK_DEFINITIONS = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-backend:*`;
const lambdaTrust = doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" });

/** The maintenance function's role (reads the master secret) and its function, beside the task role. */
function stack(): StackResourceInput[] {
    return [
        ...iamStack(),
        { type: "aws:secretsmanager/secret:Secret", name: "master", props: { name: "expertconnect/prod/database/master", arn: MASTER_ARN } },
        { type: "aws:iam/role:Role", name: "db-role", props: { name: DB_ROLE, arn: DB_ROLE_ARN, assumeRolePolicy: lambdaTrust } },
        {
            type: "aws:iam/rolePolicy:RolePolicy", name: "db-policy", propertyDependencies: { role: ["db-role"] },
            props: { role: DB_ROLE, policy: doc(allow("secretsmanager:GetSecretValue", MASTER_ARN)) },
        },
        { type: "aws:lambda/function:Function", name: "db-fn", props: { name: "expertconnect-prod-db-tasks", arn: DB_FN_ARN, role: DB_ROLE_ARN } },
    ];
}

/** The task role's least privilege plus `statements`. */
const task = (...statements: object[]) => rolePolicy(...LEAST_PRIVILEGE, ...statements);
/** A role `name` trusting `trust`, with `statements` inline. */
const role = (name: string, trust: string, ...statements: object[]) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:iam/role:Role", name, props: { name, arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, assumeRolePolicy: trust, inlinePolicies: [{ name: "p", policy: doc(...statements) }] } });
};
const CLUSTER = `arn:aws:ecs:${REGION}:${ACCOUNT}:cluster/expertconnect-prod-cluster`;
/** An ECS service (ECS Exec on or off) whose tasks run as a migrations role that reads the master secret. */
const migrations = (exec: boolean) => (s: StackResourceInput[]) => {
    role("migrations", doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))(s);
    const definition = `arn:aws:ecs:${REGION}:${ACCOUNT}:task-definition/expertconnect-prod-migrations:1`;
    s.push({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "migrations-task", props: { family: "expertconnect-prod-migrations", arn: definition, taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/migrations` } });
    s.push({ type: "aws:ecs/service:Service", name: "migrations-service", props: { name: "expertconnect-prod-migrations", cluster: CLUSTER, taskDefinition: definition, enableExecuteCommand: exec } });
};
/** A user that reads the master secret. */
const operator = (s: StackResourceInput[]) => {
    s.push({ type: "aws:iam/user:User", name: "operator", props: { name: "operator", arn: `arn:aws:iam::${ACCOUNT}:user/operator` } });
    s.push({ type: "aws:iam/userPolicy:UserPolicy", name: "operator-policy", props: { user: "operator", policy: doc(allow("secretsmanager:GetSecretValue", MASTER_ARN)) }, propertyDependencies: { user: ["operator"] } });
};
/** An instance whose profile's role reads the master secret. */
const instance = (s: StackResourceInput[]) => {
    role("bastion", doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))(s);
    s.push({ type: "aws:iam/instanceProfile:InstanceProfile", name: "bastion-profile", props: { name: "bastion", role: "bastion", arn: `arn:aws:iam::${ACCOUNT}:instance-profile/bastion` } });
    s.push({ type: "aws:ec2/instance:Instance", name: "bastion", props: { arn: `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`, iamInstanceProfile: "bastion" } });
};
const REPOSITORY = "expertconnect-migrations";
const REPOSITORY_ARN = `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/${REPOSITORY}`;
const REPOSITORY_URL = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${REPOSITORY}`;
const DIGEST = `sha256:${"ab".repeat(32)}`;
/** The migrations task definition starts `image` from the stack's repository with tag setting `mutability`. */
const migrationsImage = (image: string, mutability = "IMMUTABLE", filters?: object[]) => (s: StackResourceInput[]) => {
    migrations(false)(s);
    find(s, "migrations-task").props.containerDefinitions = JSON.stringify([{ name: "migrate", image }]);
    s.push({ type: "aws:ecr/repository:Repository", name: "migrations-repo", props: { name: REPOSITORY, arn: REPOSITORY_ARN, repositoryUrl: REPOSITORY_URL, imageTagMutability: mutability, imageTagMutabilityExclusionFilters: filters } });
};
/** A repository policy on the migrations repository. */
const repositoryPolicy = (...statements: object[]) => (s: StackResourceInput[]) => {
    s.push({ type: "aws:ecr/repositoryPolicy:RepositoryPolicy", name: "migrations-repo-policy", props: { repository: REPOSITORY, policy: doc(...statements) } });
};
const PUSH = ["ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:PutImage"];
const EXEC = allow("ecs:ExecuteCommand", [CLUSTER, `arn:aws:ecs:${REGION}:${ACCOUNT}:task/expertconnect-prod-cluster/*`]);
const both = (...changes: ((s: StackResourceInput[]) => void)[]) => (s: StackResourceInput[]) => changes.forEach(c => c(s));
const dbTrust = (trust: object) => (s: StackResourceInput[]) => { find(s, "db-role").props.assumeRolePolicy = doc(trust); };

describe("iam-no-broad-grants: transitive escalation", function () {
    this.timeout(30000);
    stackTable(iamNoBroadGrants, stack(), {
        passes: {
            "the task role invokes the maintenance function (running it is not changing it)": { change: task(allow("lambda:InvokeFunction", DB_FN_ARN)) },
            "the task role passes its own role to ECS with RunTask (nothing beyond what it holds)": {
                change: task(allow("iam:PassRole", ROLE_ARN, { Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }), allow("ecs:RunTask", TASK_DEFINITIONS)),
            },
            "PassRole on the db-tasks role, but only to ECS (which the role does not trust)": {
                change: task(allow("iam:PassRole", DB_ROLE_ARN, { Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } } }), allow("ecs:RunTask", TASK_DEFINITIONS), allow("lambda:CreateFunction", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-*`)),
            },
            "PassRole on the db-tasks role with no way to run code": { change: task(allow("iam:PassRole", DB_ROLE_ARN)) },
            "the task role may assume a reporting role that holds less": {
                change: both(task(allow("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/reports`)),
                    role("reports", doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "sts:AssumeRole" }), allow("s3:GetObject", "arn:aws:s3:::expertconnect-prod-static/*"))),
            },
            "sts:AssumeRole on the db-tasks role, whose trust admits only Lambda": { change: task(allow("sts:AssumeRole", DB_ROLE_ARN)) },
            "a maintenance role (not handed to running code) may update the function": {
                change: role("deployer", doc({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/ci` }, Action: "sts:AssumeRole" }), allow("lambda:UpdateFunctionCode", DB_FN_ARN)),
            },
            "KMS CreateGrant only for AWS resources (EBS, RDS attach their own grants)": {
                change: task(allow("kms:CreateGrant", KEY_ARN, { Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } } })),
            },
            "ECS Exec into the cluster, whose other service does not accept ECS Exec": { change: both(migrations(false), task(EXEC)) },
            "an SSM session on instances only with a tag the bastion does not carry": {
                change: both(instance, task(allow("ssm:StartSession", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`, { Condition: { StringEquals: { "ssm:resourceTag/Purpose": "debug" } } }))),
            },
            "the task role may push to a repository whose image a task starts by digest": { change: both(migrationsImage(`${REPOSITORY_URL}@${DIGEST}`, "MUTABLE"), task(allow(PUSH, REPOSITORY_ARN))) },
            "the task role may push, but the tag is immutable and it may not delete images": { change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`), task(allow(PUSH, REPOSITORY_ARN))) },
            "the task role may push layers but not the manifest (no tag moves)": { change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`, "MUTABLE"), task(allow(PUSH.slice(0, 3), REPOSITORY_ARN))) },
            "a MUTABLE_WITH_EXCLUSION repository keeps the deployed release tags immutable": {
                change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`, "MUTABLE_WITH_EXCLUSION", [{ filter: "v*", filterType: "WILDCARD" }]), task(allow(PUSH, REPOSITORY_ARN))),
            },
            "the repository policy lets the task role push, but its Deny keeps the manifest out": {
                change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`, "MUTABLE"), repositoryPolicy(
                    { Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: PUSH },
                    { Effect: "Deny", Principal: { AWS: ROLE_ARN }, Action: "ecr:PutImage", Resource: REPOSITORY_ARN })),
            },
            "the task role may write other objects of the bucket the environment file is in": {
                change: both(migrations(false), s => { find(s, "migrations-task").props.containerDefinitions = JSON.stringify([{ name: "migrate", image: `${REPOSITORY_URL}@${DIGEST}`, environmentFiles: [{ type: "s3", value: "arn:aws:s3:::expertconnect-prod-config/migrations.env" }] }]); },
                    task(allow("s3:PutObject", "arn:aws:s3:::expertconnect-prod-config/uploads/*"))),
            },
            "PassRole on a Step Functions role with StartExecution only (its state machines are the stack's)": {
                change: both(task(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/flows`), allow("states:StartExecution")),
                    role("flows", doc({ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))),
            },
            "the task role may attach only the stack's read-only policy to the db-tasks role": {
                change: task(allow("iam:AttachRolePolicy", DB_ROLE_ARN, { Condition: { ArnEquals: { "iam:PolicyARN": `arn:aws:iam::${ACCOUNT}:policy/db-tasks-read-only` } } })),
            },
            "the task role may create roles only under the stack's boundary": {
                change: task(allow(["iam:CreateRole", "iam:PutRolePolicy"], `arn:aws:iam::${ACCOUNT}:role/app-*`, { Condition: { ArnEquals: { "iam:PermissionsBoundary": `arn:aws:iam::${ACCOUNT}:policy/app-boundary` } } })),
            },
            "the task role may list the operator's access keys (not create one)": { change: both(operator, task(allow("iam:ListAccessKeys", `arn:aws:iam::${ACCOUNT}:user/operator`))) },
            "the db-tasks role trusts the account, but only for one named principal": {
                change: dbTrust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole", Condition: { ArnEquals: { "aws:PrincipalArn": `arn:aws:iam::${ACCOUNT}:role/break-glass` } } }),
            },
        },
        violations: {
            "the task role may rewrite the function's code": { change: task(allow("lambda:UpdateFunctionCode", DB_FN_ARN)), message: /lambda:UpdateFunctionCode on function expertconnect-prod-db-tasks.*secretsmanager:GetSecretValue on secret expertconnect\/prod\/database\/master/ },
            "the task role may change the function's configuration (layers, environment)": { change: task(allow("lambda:UpdateFunctionConfiguration", "arn:aws:lambda:*:*:function:expertconnect-*")), message: /lambda:UpdateFunctionConfiguration on function/ },
            "PassRole on the db-tasks role and CreateFunction on a prefix": {
                change: task(allow("iam:PassRole", DB_ROLE_ARN), allow("lambda:CreateFunction", `arn:aws:lambda:${REGION}:${ACCOUNT}:function:expertconnect-prod-*`)), message: /iam:PassRole on role expertconnect-prod-db-tasks with lambda:CreateFunction/,
            },
            "PassRole on an EC2 role that reads the master secret, and RunInstances": {
                change: both(task(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/bastion`), allow("ec2:RunInstances")),
                    role("bastion", doc({ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))),
                message: /iam:PassRole on role bastion with ec2:RunInstances/,
            },
            "an assume-role chain: a jobs role the task role assumes may rewrite the function": {
                change: both(task(allow("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/jobs`)),
                    role("jobs", doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "sts:AssumeRole" }), allow("lambda:UpdateFunctionCode", DB_FN_ARN))),
                message: /sts:AssumeRole on role jobs.*then lambda:UpdateFunctionCode.*master/,
            },
            "PassRole on an ECS role that reads the master secret, with RegisterTaskDefinition + UpdateService": {
                change: both(task(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/migrations`), allow(["ecs:RegisterTaskDefinition", "ecs:UpdateService"])),
                    role("migrations", doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))),
                message: /iam:PassRole on role migrations with ecs:RegisterTaskDefinition \+ ecs:UpdateService/,
            },
            "the task role may publish a new version of a policy attached to the db-tasks role": {
                change: both(task(allow("iam:CreatePolicyVersion", `arn:aws:iam::${ACCOUNT}:policy/db-tasks-extra`)), s => {
                    s.push({ type: "aws:iam/policy:Policy", name: "db-extra", props: { name: "db-tasks-extra", arn: `arn:aws:iam::${ACCOUNT}:policy/db-tasks-extra`, policy: doc(allow("logs:PutLogEvents", `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/x:*`)) } });
                    s.push({ type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment", name: "db-extra-attach", props: { role: DB_ROLE, policyArn: `arn:aws:iam::${ACCOUNT}:policy/db-tasks-extra` }, propertyDependencies: { role: ["db-role"], policyArn: ["db-extra"] } });
                }),
                message: /iam:CreatePolicyVersion on role expertconnect-prod-db-tasks/,
            },
            "the task role may rewrite the db-tasks role's trust policy (then assume it)": { change: task(allow("iam:UpdateAssumeRolePolicy", DB_ROLE_ARN)), message: /iam:UpdateAssumeRolePolicy on role expertconnect-prod-db-tasks.*master/ },
            "ECS Exec into the tasks of a service whose role reads the master secret": {
                change: both(migrations(true), task(EXEC)), message: /ecs:ExecuteCommand into the tasks of service expertconnect-prod-migrations \(which runs as role migrations\).*master/,
            },
            "the task role may push over a mutable tag that the migrations task starts": {
                change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`, "MUTABLE"), task(allow("ecr:*", REPOSITORY_ARN))),
                message: /ecr:PutImage over the tag v1\.4\.2 in repository expertconnect-migrations, which starts the tasks of task definition expertconnect-prod-migrations \(which runs as role migrations\).*master/,
            },
            "the task role may delete the image and push another under the freed immutable tag": {
                change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`), task(allow([...PUSH, "ecr:BatchDeleteImage"], "arn:aws:ecr:*:*:repository/expertconnect-*"))),
                message: /ecr:BatchDeleteImage then ecr:PutImage of another image under the freed immutable tag v1\.4\.2/,
            },
            "an exclusion filter leaves the deployed tag mutable": {
                change: both(migrationsImage(`${REPOSITORY_URL}:release-7`, "IMMUTABLE_WITH_EXCLUSION", [{ filter: "release-*", filterType: "WILDCARD" }]), task(allow(PUSH, REPOSITORY_ARN))),
                message: /ecr:PutImage over the tag release-7/,
            },
            "the repository policy (not the role's) lets the task role push": {
                change: both(migrationsImage(`${REPOSITORY_URL}:v1.4.2`, "MUTABLE"), repositoryPolicy({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: PUSH })),
                message: /ecr:PutImage over the tag v1\.4\.2 .*migrations/,
            },
            "the task role may write the environment file the migrations task starts with": {
                change: both(migrations(false), s => { find(s, "migrations-task").props.containerDefinitions = JSON.stringify([{ name: "migrate", image: `${REPOSITORY_URL}@${DIGEST}`, environmentFiles: [{ type: "s3", value: "arn:aws:s3:::expertconnect-prod-config/migrations.env" }] }]); },
                    task(allow("s3:PutObject", "arn:aws:s3:::expertconnect-prod-config/*"))),
                message: /s3:PutObject on the environment file arn:aws:s3:::expertconnect-prod-config\/migrations\.env, which starts the tasks of task definition expertconnect-prod-migrations/,
            },
            "PassRole on a scheduler role that reads the master secret, and CreateSchedule (a universal target calls any API as it)": {
                change: both(task(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/scheduler`), allow("scheduler:CreateSchedule", `arn:aws:scheduler:${REGION}:${ACCOUNT}:schedule/default/*`)),
                    role("scheduler", doc({ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))),
                message: /iam:PassRole on role scheduler with scheduler:CreateSchedule.*master/,
            },
            "PassRole on a Step Functions role that reads the master secret, with CreateStateMachine + StartExecution": {
                change: both(task(allow("iam:PassRole", `arn:aws:iam::${ACCOUNT}:role/flows`), allow(["states:CreateStateMachine", "states:StartExecution"])),
                    role("flows", doc({ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))),
                message: /iam:PassRole on role flows with states:CreateStateMachine \+ states:StartExecution/,
            },
            "the task role may start a build (buildspec override) of a project whose role reads the master secret": {
                change: both(task(allow("codebuild:StartBuild", `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/*`)), s => {
                    role("builder", doc({ Effect: "Allow", Principal: { Service: "codebuild.amazonaws.com" }, Action: "sts:AssumeRole" }), allow("secretsmanager:GetSecretValue", MASTER_ARN))(s);
                    s.push({ type: "aws:codebuild/project:Project", name: "release", props: { name: "release", arn: `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/release`, serviceRole: `arn:aws:iam::${ACCOUNT}:role/builder` } });
                }),
                message: /codebuild:StartBuild with a buildspec override in project release \(which runs as role builder\).*master/,
            },
            "the task role may put a policy on a group (every member then holds what it writes)": {
                change: both(task(allow("iam:PutGroupPolicy", `arn:aws:iam::${ACCOUNT}:group/operators`)), s => {
                    s.push({ type: "aws:iam/group:Group", name: "operators", props: { name: "operators", arn: `arn:aws:iam::${ACCOUNT}:group/operators` } });
                    s.push({ type: "aws:iam/groupPolicy:GroupPolicy", name: "operators-policy", props: { group: "operators", policy: doc(allow("cloudwatch:GetMetricData")) }, propertyDependencies: { group: ["operators"] } });
                }),
                message: /iam:PutGroupPolicy on group operators.*writes the permissions of group operators \(every member's\)/,
            },
            "the task role may attach any AWS managed policy to the db-tasks role (AdministratorAccess is one)": {
                change: task(allow("iam:AttachRolePolicy", DB_ROLE_ARN, { Condition: { ArnLike: { "iam:PolicyARN": "arn:aws:iam::aws:policy/*" } } })),
                message: /iam:AttachRolePolicy on role expertconnect-prod-db-tasks.*writes the permissions/,
            },
            "the task role may create roles and attach policies to them, with a boundary any policy may be": {
                change: task(allow(["iam:CreateRole", "iam:AttachRolePolicy"], `arn:aws:iam::${ACCOUNT}:role/app-*`, { Condition: { ArnLike: { "iam:PermissionsBoundary": "arn:aws:iam::*:policy/*" } } })),
                message: /iam:CreateRole of arn:aws:iam::\d+:role\/app-.* \(trusting itself\) with iam:AttachRolePolicy on it.*creates a role it assumes/,
            },
            "the task role may overwrite the object the maintenance function's code is deployed from": {
                change: both(s => { Object.assign(find(s, "db-fn").props, { s3Bucket: "expertconnect-prod-static", s3Key: "functions/db-tasks.zip" }); }, task(allow("s3:PutObject", "arn:aws:s3:::expertconnect-prod-static/*"))),
                message: /s3:PutObject on its code object s3:\/\/expertconnect-prod-static\/functions\/db-tasks\.zip, which the next create, update or replacement installs in function expertconnect-prod-db-tasks.*master/,
            },
            "the task role may push the image another workload starts, though that workload holds nothing more (lateral movement)": {
                change: both(s => {
                    role("frontend", doc({ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }))(s);
                    s.push({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "frontend-task", props: { family: "expertconnect-prod-frontend", taskRoleArn: `arn:aws:iam::${ACCOUNT}:role/frontend`, containerDefinitions: JSON.stringify([{ name: "frontend", image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/expertconnect-frontend:v2.0.0` }]) } });
                }, task(allow(PUSH, `arn:aws:ecr:${REGION}:${ACCOUNT}:repository/expertconnect-frontend`))),
                message: /lets application role expertconnect-prod-backend-task change the code another workload runs: ecr:PutImage over the tag v2\.0\.0 in repository expertconnect-frontend, which starts the tasks of task definition expertconnect-prod-frontend/,
            },
            "an SSM session on an instance whose profile's role reads the master secret": {
                change: both(instance, task(allow("ssm:StartSession", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/*`))), message: /ssm:StartSession into instance bastion \(which runs as role bastion\).*master/,
            },
            "the task role may create an access key for a user that reads the master secret": {
                change: both(operator, task(allow("iam:CreateAccessKey", `arn:aws:iam::${ACCOUNT}:user/operator`))), message: /iam:CreateAccessKey on user operator.*master/,
            },
            "the task role may attach a policy to a user": {
                change: both(operator, task(allow("iam:AttachUserPolicy", `arn:aws:iam::${ACCOUNT}:user/operator`))), message: /iam:AttachUserPolicy on user operator.*writes the permissions/,
            },
            "the task role may assume a role allowed everything (bounded work, the most sensitive reach shown)": {
                change: both(task(allow("sts:AssumeRole", `arn:aws:iam::${ACCOUNT}:role/ops`)), role("ops", doc({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "sts:AssumeRole" }), allow("*"))),
                message: /sts:AssumeRole on role ops \(its trust policy admits role expertconnect-prod-backend-task\); through it the role holds .*which it does not hold itself/,
            },
            "the task role may put a policy on the db-tasks role": { change: task(allow("iam:PutRolePolicy", DB_ROLE_ARN)), message: /iam:PutRolePolicy on role expertconnect-prod-db-tasks.*writes the permissions/ },
            "the task role may change a stack key's policy": { change: task(allow("kms:PutKeyPolicy", KEY_ARN)), message: /kms:PutKeyPolicy on key/ },
            "the task role may grant itself a key's use": { change: task(allow(["kms:CreateGrant"], KEY_ARN)), message: /kms:CreateGrant on key/ },
            "the db-tasks role trusts the account root without a condition": {
                change: dbTrust({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "sts:AssumeRole" }), message: /trust policy admits the account itself.*GetSecretValue/,
            },
            "the db-tasks role trusts the bare account id": {
                change: dbTrust({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "sts:AssumeRole" }), message: /trust policy admits the account itself/,
            },
        },
    });
});
