/**
 * Class 1 (IAM), runtime paths: a role IAM accepts but its service cannot assume (wrong
 * principal, a source ARN of another region, function, trail or instance), and conditions that
 * hold for the request AWS actually sends (resource account, encryption context) stay allowed.
 */
import { ACCOUNT, Case, Change, edit, named, suite } from "./support";

const ROLE = "aws:iam/role:Role";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/** Edits the first statement of a role's trust policy. */
const trust = (role: string, fn: (st: any) => void): Change => edit(ROLE, p => {
    const d = JSON.parse(p.assumeRolePolicy);
    fn(d.Statement[0]);
    p.assumeRolePolicy = JSON.stringify(d);
}, named(role));
/** Edits the statement `sid` of the backend task role's policy. */
const taskGrant = (sid: string, fn: (st: any) => void): Change => edit(ROLE_POLICY, p => {
    const d = JSON.parse(p.policy);
    fn(d.Statement.find((s: any) => s.Sid === sid));
    p.policy = JSON.stringify(d);
}, named("backend-roles-task-policy"));

const violations: Case[] = [
    { name: "task role trust principal changed to ecs.amazonaws.com", change: trust("backend-roles-task", st => { st.Principal.Service = "ecs.amazonaws.com"; }) },
    { name: "execution role trust SourceArn in us-west-2 (prod tasks cannot assume it)", change: trust("backend-roles-execution", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:ecs:us-west-2:${ACCOUNT}:*`; }) },
    { name: "frontend task role trust narrowed to a cluster ARN of another region", change: trust("frontend-roles-task", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:ecs:eu-west-1:${ACCOUNT}:task/*`; }) },
    { name: "db-tasks role trust SourceArn names another function", change: trust("database-tasks-role", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:expertconnect-prod-db-task`; }) },
    { name: "db-tasks role trusts ecs-tasks instead of Lambda", change: trust("database-tasks-role", st => { st.Principal.Service = "ecs-tasks.amazonaws.com"; }) },
    { name: "CloudTrail logs role trust names another trail", change: trust("audit-trail-logs-role", st => { st.Condition.StringEquals["aws:SourceArn"] = `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/expertconnect-prod-trail`; }) },
    { name: "RDS monitoring role trust names another instance", change: trust("database-monitoring", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-db`; }) },
    { name: "RDS monitoring role trusts rds.amazonaws.com instead of monitoring.rds", change: trust("database-monitoring", st => { st.Principal.Service = "rds.amazonaws.com"; }) },
    { name: "flow-logs role trust SourceArn in another region", change: trust("network-flow-logs-role", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:ec2:us-west-2:${ACCOUNT}:vpc-flow-log/*`; }) },
    { name: "[dr] execution role trust principal becomes ecs.amazonaws.com", stack: "dr", change: trust("backend-roles-execution", st => { st.Principal.Service = "ecs.amazonaws.com"; }) },
    { name: "[dr] monitoring role trust names the prod instance", stack: "dr", change: trust("database-monitoring", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:rds:us-east-1:${ACCOUNT}:db:expertconnect-prod-db`; }) },
];

const compliant: Case[] = [
    { name: "task role trust narrowed to this region's tasks", change: trust("backend-roles-task", st => { st.Condition.ArnLike["aws:SourceArn"] = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/*`; }) },
    { name: "task role S3 object statement gains aws:ResourceAccount = ours", change: taskGrant("Bucket0Objects", st => { st.Condition = { StringEquals: { "aws:ResourceAccount": ACCOUNT } }; }) },
    { name: "backup-key grant gains the bucket's encryption context (bucket and objects)", change: taskGrant("Bucket1Key", st => { st.Condition = { ...st.Condition, StringLike: { "kms:EncryptionContext:aws:s3:arn": ["arn:aws:s3:::expertconnect-backup", "arn:aws:s3:::expertconnect-backup/*"] } }; }) },
    { name: "task role S3 object statement confined to TLS", change: taskGrant("Bucket0Objects", st => { st.Condition = { Bool: { "aws:SecureTransport": "true" } }; }) },
];

suite("adversarial class 1: roles their services can assume, conditions as AWS evaluates them", violations, compliant);
