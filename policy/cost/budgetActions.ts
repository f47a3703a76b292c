/**
 * AWS Budgets actions (aws:budgets/budgetAction) that would take production down. An action runs
 * when its budget's threshold is crossed: with approvalModel AUTOMATIC at once, with MANUAL only
 * after someone approves it in the console. Its three kinds (CreateBudgetAction `ActionType`):
 * APPLY_IAM_POLICY attaches a policy to roles, users or groups; APPLY_SCP_POLICY attaches a
 * service control policy to accounts or organizational units; RUN_SSM_DOCUMENTS runs the SSM
 * document that stops EC2 or RDS instances (`STOP_EC2_INSTANCES`, `STOP_RDS_INSTANCES`).
 * Automatic on what serves production, a cost spike (or a denial-of-wallet attack) becomes an
 * outage of the payments platform; a human approval, or a scope that serves nothing, does not.
 *
 * What serves, by value:
 * - roles the stack hands to its workloads: ECS task and execution roles of its task
 *   definitions, its Lambda functions' roles, its instance profiles' roles;
 * - IAM users the stack issues access keys to (a machine identity), and the groups holding them;
 * - the stack's account, and any organization root or OU (it may hold the account), for an SCP;
 * - the stack's RDS instances and EC2 instances in the region the document runs in.
 * A policy the stack defines with no Deny statement restricts nothing and is not judged; any
 * other (AWSDenyAll, a policy outside the stack) is taken to deny.
 */
import { PolicyResource } from "@pulumi/policy";

import { isPolicyError, parsePolicy } from "../lib/iam/document";
import { known, knownDeep, knownString, ofType, regionOf } from "../lib/stack";

export const BUDGET_ACTION = ["aws:budgets/budgetAction:BudgetAction"] as const;

/** Properties that hand a role to a workload that serves: ECS runs tasks with them, Lambda and EC2 run as them. */
const ROLE_USERS: ReadonlyArray<{ type: string; property: string }> = [
    { type: "aws:ecs/taskDefinition:TaskDefinition", property: "taskRoleArn" },
    { type: "aws:ecs/taskDefinition:TaskDefinition", property: "executionRoleArn" },
    { type: "aws:lambda/function:Function", property: "role" },
    { type: "aws:iam/instanceProfile:InstanceProfile", property: "role" },
];

/** A role's, user's or group's name from its name or ARN (`arn:aws:iam::1:role/path/name`). */
const principalName = (value: string): string => value.split("/").pop()!.toLowerCase();

const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === "string" && v !== "");

/** The names of the principals whose loss of permissions stops the service. */
function servingPrincipals(resources: PolicyResource[]): { roles: Set<string>; users: Set<string>; groups: Set<string> } {
    const roles = new Set(ROLE_USERS.flatMap(u => resources.filter(r => r.type === u.type).flatMap(r => strings(known(() => r.props[u.property])))).map(principalName));
    const users = new Set(resources.filter(r => r.type === "aws:iam/accessKey:AccessKey").flatMap(k => strings(known(() => k.props.user))).map(principalName));
    const groups = new Set<string>();
    for (const m of resources.filter(r => r.type === "aws:iam/groupMembership:GroupMembership")) {
        if (strings(known(() => m.props.users)).some(u => users.has(principalName(u)))) strings(known(() => m.props.group)).forEach(g => groups.add(principalName(g)));
    }
    for (const m of resources.filter(r => r.type === "aws:iam/userGroupMembership:UserGroupMembership")) {
        if (strings(known(() => m.props.user)).some(u => users.has(principalName(u)))) strings(known(() => m.props.groups)).forEach(g => groups.add(principalName(g)));
    }
    return { roles, users, groups };
}

/** Whether the stack defines the policy (by ARN, name or id) and it holds no Deny statement: attaching it takes nothing away. */
function deniesNothing(resources: PolicyResource[], types: string[], reference: string | undefined, documentProperty: string): boolean {
    if (reference === undefined) return false;
    const own = resources.find(r => types.includes(r.type) && [knownString(r, "arn"), knownString(r, "id"), knownString(r, "name")].includes(reference));
    const parsed = own === undefined ? undefined : parsePolicy(knownDeep(() => own.props[documentProperty]));
    return parsed !== undefined && !isPolicyError(parsed) && parsed.statements.every(s => s.effect !== "Deny");
}

/** What an automatic action would take from production: empty when it touches nothing that serves. */
function servingTargets(action: PolicyResource, resources: PolicyResource[], account: string | undefined): string[] {
    const definition = (knownDeep(() => action.props.definition, {}) ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const iam = definition.iamActionDefinition;
    if (iam) {
        if (deniesNothing(resources, ["aws:iam/policy:Policy"], strings(iam.policyArn)[0], "policy")) return [];
        const serving = servingPrincipals(resources);
        return [
            ...strings(iam.roles).filter(r => serving.roles.has(principalName(r))).map(r => `role ${r} (a workload of the stack runs as it)`),
            ...strings(iam.users).filter(u => serving.users.has(principalName(u))).map(u => `user ${u} (the stack issues it access keys)`),
            ...strings(iam.groups).filter(g => serving.groups.has(principalName(g))).map(g => `group ${g} (it holds a user the stack issues access keys)`),
        ];
    }
    const scp = definition.scpActionDefinition;
    if (scp) {
        if (deniesNothing(resources, ["aws:organizations/policy:Policy"], strings(scp.policyId)[0], "content")) return [];
        return strings(scp.targetIds).filter(t => t === account || /^(r|ou)-/.test(t))
            .map(t => (t === account ? `account ${t} (the stack's own)` : `${t.startsWith("r-") ? "organization root" : "organizational unit"} ${t} (it may hold the stack's account)`));
    }
    const ssm = definition.ssmActionDefinition;
    if (ssm) {
        const region = strings(ssm.region)[0];
        const rds = strings(ssm.actionSubType)[0] === "STOP_RDS_INSTANCES";
        const instances = resources.filter(r => (rds ? ["aws:rds/instance:Instance", "aws:rds/clusterInstance:ClusterInstance"] : ["aws:ec2/instance:Instance"]).includes(r.type))
            .filter(r => region === undefined || regionOf(r) === undefined || regionOf(r) === region);
        const ids = new Set(instances.flatMap(r => (rds ? [knownString(r, "identifier"), knownString(r, "id")] : [knownString(r, "id")])).filter((i): i is string => i !== undefined).map(i => i.toLowerCase()));
        // RDS stores identifiers in lower case and matches them case-insensitively.
        return strings(ssm.instanceIds).filter(i => ids.has(i.toLowerCase())).map(i => `${rds ? "RDS" : "EC2"} instance ${i} (the stack's, in ${region ?? "its region"})`);
    }
    return [];
}

/** Each automatic budget action of the stack that acts on what serves production, with what it touches. */
export function automaticServingActions(resources: PolicyResource[], account: string | undefined): Array<{ action: PolicyResource; targets: string[] }> {
    return ofType(resources, BUDGET_ACTION)
        // MANUAL waits for someone to approve it; an unknown model is judged by the preview that knows it.
        .filter(a => knownString(a, "approvalModel") === "AUTOMATIC")
        .map(action => ({ action, targets: servingTargets(action, resources, account) }))
        .filter(a => a.targets.length > 0);
}
