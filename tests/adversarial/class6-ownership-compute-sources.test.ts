/**
 * Class 6: what compute runs as and runs from is the stack's own. A task's, function's or
 * canary's role must be a role the stack holds (its policies are the ones the pack judges); a
 * function's code bucket, its layers and an image's repository must be the stack's (or a
 * referenced stack's, or AWS's GuardDuty agent); and no role the stack writes may pull images
 * from repositories outside the stack, as the IAM evaluation decides.
 */
import { ACCOUNT, add, all, Case, edit, FOREIGN, named, suite, tags } from "./support";

const TD = "aws:ecs/taskDefinition:TaskDefinition";
const LAMBDA = "aws:lambda/function:Function";
const RP = "aws:iam/rolePolicy:RolePolicy";
const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

/** Edits a role policy's document. */
const policyEdit = (name: string, f: (d: any) => void) => edit(RP, p => {
    const d = JSON.parse(p.policy);
    f(d);
    p.policy = JSON.stringify(d);
}, named(name));
/** Sets the backend execution role's image pull statement's Resource. */
const pullFrom = (resource: unknown) => policyEdit("backend-roles-execution-policy", d => { d.Statement.find((s: any) => s.Sid === "PullImage").Resource = resource; });
const backendImage = (image: string) => edit(TD, p => {
    const list = JSON.parse(p.containerDefinitions);
    list[0].image = image;
    p.containerDefinitions = JSON.stringify(list);
}, named("backend-task"));
const dbTasks = (f: (p: any) => void) => edit(LAMBDA, f, named("database-tasks-function"));

const violations: Case[] = [
    { name: "backend task role set to the account's OrganizationAccountAccessRole", change: edit(TD, p => { p.taskRoleArn = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`; }, named("backend-task")) },
    { name: "frontend execution role set to a role another team manages", change: edit(TD, p => { p.executionRoleArn = `arn:aws:iam::${ACCOUNT}:role/platform-ecs-execution`; }, named("frontend-task")) },
    { name: "db-tasks Lambda runs as an admin role of the account", change: dbTasks(p => { p.role = `arn:aws:iam::${ACCOUNT}:role/Admin`; }) },
    { name: "canary runs as a role outside the stack", change: edit("aws:synthetics/canary:Canary", p => { p.executionRoleArn = `arn:aws:iam::${ACCOUNT}:role/monitoring-canary`; }) },
    { stack: "dr", name: "dr: backend task role set to an account admin role", change: edit(TD, p => { p.taskRoleArn = `arn:aws:iam::${ACCOUNT}:role/OrganizationAccountAccessRole`; }, named("backend-task")) },
    { name: "db-tasks Lambda code from a bucket named for another account", change: dbTasks(p => { delete p.code; p.s3Bucket = `shared-lambda-artifacts-${FOREIGN}`; p.s3Key = "db-tasks/latest.zip"; }) },
    { name: "db-tasks Lambda code from a bucket the stack does not hold", change: dbTasks(p => { delete p.code; p.s3Bucket = "expertconnect-ci-artifacts"; p.s3Key = "db-tasks/latest.zip"; }) },
    { name: "db-tasks Lambda gets a layer of the account the stack does not publish", change: dbTasks(p => { p.layers = [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:debug-shell:4`]; }) },
    {
        name: "new Lambda from an image of an out-of-stack repository of the account",
        change: add(LAMBDA, "report-job", { name: "expertconnect-prod-report", packageType: "Image", imageUri: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/reports:1.0`, role: `arn:aws:iam::${ACCOUNT}:role/database-tasks-role-65f58cf`, tags: tags("database") }),
    },
    { name: "backend execution role may pull any repository (Resource *)", change: pullFrom("*") },
    { name: "backend execution role may pull any account's repositories (wildcard ARN)", change: pullFrom("arn:aws:ecr:*:*:repository/*") },
    { name: "backend execution role may pull every repository of the account", change: pullFrom(`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/*`) },
    {
        name: "task role gets a pull grant on a repository the stack does not hold",
        change: policyEdit("backend-roles-task-policy", d => { d.Statement.push({ Sid: "Tools", Effect: "Allow", Action: PULL, Resource: `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/ops-tools` }); }),
    },
    { stack: "dr", name: "dr: backend execution role may pull any repository", change: pullFrom("*") },
];

const compliant: Case[] = [
    { name: "backend image bumped in the stack's repository", change: backendImage(`${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/expertconnect-backend:v1.1.0`) },
    { stack: "dr", name: "dr: backend image bumped in the replica repository prod exports", change: backendImage(`${ACCOUNT}.dkr.ecr.us-west-2.amazonaws.com/expertconnect-backend:v1.1.0`) },
    { name: "backend execution role pull grant lists the stack's repository and GuardDuty's agent", change: pullFrom([`arn:aws:ecr:us-east-1:${ACCOUNT}:repository/expertconnect-backend`, `arn:aws:ecr:us-east-1:593207742271:repository/aws-guardduty-agent-fargate`]) },
    {
        name: "db-tasks Lambda code from the stack's canary artifacts bucket",
        change: dbTasks(p => { delete p.code; p.s3Bucket = `expertconnect-prod-canary-artifacts-${ACCOUNT}`; p.s3Key = "code/db-tasks.zip"; }),
    },
    {
        name: "db-tasks Lambda with a layer the stack publishes",
        change: all(
            add("aws:lambda/layerVersion:LayerVersion", "pg-layer", { layerName: "pg-helpers", arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:layer:pg-helpers:1`, compatibleRuntimes: ["nodejs20.x"] }),
            dbTasks(p => { p.layers = [`arn:aws:lambda:us-east-1:${ACCOUNT}:layer:pg-helpers:1`]; }),
        ),
    },
];

suite("adversarial class 6: compute runs as the stack's roles and from the stack's code", violations, compliant);
