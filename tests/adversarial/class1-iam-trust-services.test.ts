/**
 * Class 1: a role trusts only the services the stack hands it to. Each change edits a role's
 * trust policy in the real prod export; the compliant ones keep the service the role's users need.
 */
import { ACCOUNT, Case, edit, named, suite } from "./support";

const ROLE = "aws:iam/role:Role";
/** Rewrites a role's trust document. */
const trust = (role: string, fn: (d: { Statement: Record<string, unknown>[] }) => void) => edit(ROLE, p => {
    const d = typeof p.assumeRolePolicy === "string" ? JSON.parse(p.assumeRolePolicy) : p.assumeRolePolicy;
    fn(d);
    p.assumeRolePolicy = JSON.stringify(d);
}, named(role));
const service = (Service: string | string[], Condition?: object) => ({ Effect: "Allow", Principal: { Service }, Action: "sts:AssumeRole", ...(Condition ? { Condition } : {}) });

const violations: Case[] = [
    { name: "task role also trusted by ec2.amazonaws.com in the same statement", change: trust("backend-roles-task", d => { (d.Statement[0].Principal as { Service: unknown }).Service = ["ecs-tasks.amazonaws.com", "ec2.amazonaws.com"]; }) },
    { name: "execution role gains a lambda.amazonaws.com statement without conditions", change: trust("backend-roles-execution", d => { d.Statement.push(service("lambda.amazonaws.com")); }) },
    { name: "db-tasks function role also trusted by ECS tasks (with source conditions)", change: trust("database-tasks-role", d => { d.Statement.push(service("ecs-tasks.amazonaws.com", { StringEquals: { "aws:SourceAccount": ACCOUNT } })); }) },
    { name: "flow-logs role's principal replaced by EC2", change: trust("network-flow-logs-role", d => { (d.Statement[0].Principal as { Service: unknown }).Service = "ec2.amazonaws.com"; }) },
];

const compliant: Case[] = [
    { name: "task role trust narrowed to the cluster's tasks", change: trust("backend-roles-task", d => { (d.Statement[0].Condition as { ArnLike: Record<string, string> }).ArnLike["aws:SourceArn"] = `arn:aws:ecs:us-east-1:${ACCOUNT}:task/expertconnect-prod-cluster/*`; }) },
    { name: "task role trust gains sts:TagSession for the same ECS principal", change: trust("backend-roles-task", d => { d.Statement[0].Action = ["sts:AssumeRole", "sts:TagSession"]; }) },
];

suite("adversarial class 1: roles trust only the services the stack hands them to", violations, compliant);
