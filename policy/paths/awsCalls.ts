/**
 * Each workload reaches the AWS APIs it calls, the way the VPC carries the call: an ECS service's
 * tasks (dr's pilot light too, as reach.ts's `mustReach` holds), a function, a canary or the rotation app's function, from each subnet it runs in, to the
 * service's interface endpoint when its private DNS is on (the regional name then resolves to the
 * endpoint's network interfaces in every subnet it has: no fallback to the NAT gateway), through
 * the route of its gateway endpoint (S3, DynamoDB), or out by the subnet's NAT gateway
 * (policy/paths/origin.ts decides which). The caller's security groups must let HTTPS out to it,
 * the endpoint's groups must let it in, and every network ACL on the way must pass the request and
 * its reply (policy/paths/network.ts). The policy of the endpoint a call passes is judged with the
 * request's other policies wherever a path asks IAM (`ask` in access.ts); here it is also asked
 * for each request a workload's role is granted, since what a role is granted is what it calls.
 *
 * What a workload calls: a task what ECS makes for it at start and while serving (its image from
 * ECR, the layers from S3, its logs, parameters and secrets, the application's buckets) and ECS
 * Exec's channels when the service enables it; every workload what its runtime roles are granted
 * (not `rds-db:connect`, a token signed locally, nor a statement confined to `kms:ViaService`, which
 * the named service calls); a function the secrets its environment names; the rotation app the
 * Secrets Manager calls of a rotation. STS is callable by anyone without a grant
 * (`sts:GetCallerIdentity` needs no permission), so an STS interface endpoint with private DNS
 * must admit every workload of its VPC.
 */
import { ecrImage } from "../lib/ecr";
import { appBucketOf } from "../lib/facts/purposes";
import { namedInstances, NormalPolicy } from "../lib/iam";
import { ANY_REQUEST, ask, asRole, endpointPolicyOf, endpointRefusal, RoleAccess, roleAccess } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex, strings } from "./model";
import { AWS_EPHEMERAL, connection, Connection, DEFAULT_SECURITY_GROUP, Endpoint, Rule, SECURITY_GROUP, securityGroupRules, subnetSides, taskEphemeral } from "./network";
import { endpointService, Origin, originsOf, wayFrom, workloadSubnets } from "./origin";
import { mustReach } from "./reach";
import { ECS_SERVICE, settingsOf, Task, tasksOf, TASK_DEFINITION } from "./tasks";

const BUCKET = "aws:s3/bucket:Bucket";
const LAMBDA = "aws:lambda/function:Function";
const CANARY = "aws:synthetics/canary:Canary";
const ROTATION_APP = "aws:serverlessrepository/cloudFormationStack:CloudFormationStack";
const SUBNET = "aws:ec2/subnet:Subnet";
const HTTPS = 443;

/** One AWS call a workload makes, and what it is for. */
export interface Call {
    action: string;
    what: string;
}

/** The AWS calls a task makes at start and while serving, each with what it is for. */
export function taskCalls(ix: StackIndex, t: Task): Call[] {
    const calls: Call[] = [];
    if (t.containers.some((c) => typeof c.image === "string" && ecrImage(c.image))) {
        calls.push({ action: "ecr:GetAuthorizationToken", what: "image pulls (ECR API)" },
            { action: "ecr:BatchGetImage", what: "image pulls (ECR registry)" }, { action: "s3:GetObject", what: "image layers (S3)" });
    }
    if (t.containers.some((c) => c.logConfiguration?.logDriver === "awslogs")) calls.push({ action: "logs:PutLogEvents", what: "its logs" });
    const refs = t.containers.flatMap((c) => (c.secrets ?? []).map((s) => String(s.valueFrom ?? "")));
    if (refs.some((r) => r.startsWith("arn:aws:ssm:") || (!r.startsWith("arn:") && r !== ""))) calls.push({ action: "ssm:GetParameters", what: "its parameters" });
    if (refs.some((r) => r.startsWith("arn:aws:secretsmanager:"))) calls.push({ action: "secretsmanager:GetSecretValue", what: "its secrets" });
    const buckets = ix.ofType(BUCKET).map((b) => b.props.bucket);
    if ([...settingsOf(ix, t)].some(([variable, value]) => buckets.includes(value) && appBucketOf(variable) !== undefined)) {
        calls.push({ action: "s3:PutObject", what: "the application's buckets" });
    }
    return calls;
}

/** A request a role's policy grants: the action and the resources as the statement writes them (wildcards included). */
interface Granted {
    action: string;
    resources: string[];
}

/**
 * The requests a role's Allow statements name, as the workload makes them: not `rds-db:connect`
 * (the login token is signed locally, no API is called), not `iam:PassRole` (a permission checked
 * inside another call), nor a statement confined to `kms:ViaService` (the named service calls KMS).
 */
function grantedRequests(role: RoleAccess): Granted[] {
    return role.policies.flatMap((p: NormalPolicy) => p.statements).flatMap((st) => {
        if (st.effect !== "Allow" || !st.action) return [];
        if (Object.values(st.condition).some((keys) => Object.keys(keys).some((k) => k.toLowerCase() === "kms:viaservice"))) return [];
        return st.action.filter((a) => !/^\*|^rds-db:|^iam:PassRole$/i.test(a) && a.includes(":"))
            .map((action) => ({ action, resources: st.resource ?? [] }));
    });
}

/** The Secrets Manager requests of a rotation (AWS's rotation functions' template: read, stage and describe the secret, draw a password). */
const ROTATION_ACTIONS = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecretVersionStage", "secretsmanager:GetRandomPassword"];

/** A workload of the stack in a VPC, as its AWS calls leave it. */
interface Workload {
    label: string;
    /** What `originsOf` takes for its calls (the task definition, for a service). */
    caller: PathResource;
    groups: PathResource[];
    subnets: PathResource[];
    ephemeral: readonly [number, number];
    account: string;
    region: string;
    calls: Call[];
    /** Its runtime roles with the requests each is granted; the principal a role-less workload (the rotation app) calls as. */
    principals: Array<{ role?: RoleAccess; principal: string; requests: Granted[] }>;
}

const grantedCalls = (role: RoleAccess | undefined): Call[] => (role ? grantedRequests(role).map((g) => ({ action: g.action, what: "its role's grants" })) : []);

function workloadsOf(ix: StackIndex): Workload[] {
    const out: Workload[] = [];
    const inVpc = (r: PathResource) => (workloadSubnets(ix, r) ?? []).filter((s): s is PathResource => s !== undefined);
    const tasks = tasksOf(ix);
    for (const service of ix.ofType(ECS_SERVICE).filter(mustReach(ix))) {
        const t = tasks.find((x) => x.definition === ix.refs(service, "taskDefinition", TASK_DEFINITION)[0]);
        if (!t) continue;
        const exec = service.props.enableExecuteCommand === true ? [{ action: "ssmmessages:OpenDataChannel", what: "ECS Exec" }] : [];
        out.push({
            label: `service ${service.props.name ?? service.name}`, caller: t.definition,
            groups: ix.refs(service, "networkConfiguration", SECURITY_GROUP), subnets: inVpc(service), ephemeral: taskEphemeral(t.containers), account: t.account, region: t.region,
            calls: [...taskCalls(ix, t), ...exec, ...grantedCalls(t.taskRole), ...grantedCalls(t.execution)],
            principals: [t.taskRole, t.execution].filter((r): r is RoleAccess => r !== undefined).map((role) => ({ role, principal: role.arn, requests: grantedRequests(role) })),
        });
    }
    for (const f of ix.ofType(LAMBDA, CANARY)) {
        const roleRef = f.type === LAMBDA ? "role" : "executionRoleArn";
        const role = f.props[roleRef] !== undefined ? roleAccess(ix, f.props[roleRef], { resource: f, property: roleRef }) : undefined;
        const account = arnParts(f.props.arn).account ?? arnParts(f.props[roleRef]).account;
        const region = arnParts(f.props.arn).region ?? f.props.region;
        if (!account || !region) continue;
        const secrets = strings(f.props.environment?.variables).some((v) => arnParts(v).service === "secretsmanager") ? [{ action: "secretsmanager:GetSecretValue", what: "the secrets its environment names" }] : [];
        out.push({
            label: `${f.type === LAMBDA ? "function" : "canary"} ${f.props.name ?? f.name}`, caller: f,
            groups: ix.refs(f, "vpcConfig", SECURITY_GROUP), subnets: inVpc(f), ephemeral: AWS_EPHEMERAL, account, region,
            calls: [...secrets, ...grantedCalls(role)], principals: role ? [{ role, principal: role.arn, requests: grantedRequests(role) }] : [],
        });
    }
    for (const app of ix.ofType(ROTATION_APP)) {
        const params = app.props.parameters ?? {};
        const { account, region } = arnParts(app.props.arn);
        if (!account || !region) continue;
        const ids = typeof params.vpcSecurityGroupIds === "string" ? params.vpcSecurityGroupIds.split(",").map((x: string) => x.trim()) : [];
        const groups = ids.flatMap((id: string) => ix.named(id, SECURITY_GROUP));
        // The app's function runs as a role its template creates, outside the stack: a principal of the account stands for it.
        const principal = `arn:aws:iam::${account}:role/${params.functionName ?? "rotation"}-role`;
        out.push({
            label: "rotation function", caller: app, groups: groups.length > 0 ? groups : ix.refs(app, "parameters", SECURITY_GROUP), subnets: inVpc(app),
            ephemeral: AWS_EPHEMERAL, account, region, calls: ROTATION_ACTIONS.map((action) => ({ action, what: "rotation" })),
            principals: [{ principal, requests: ROTATION_ACTIONS.map((action) => ({ action, resources: ["*"] })) }],
        });
    }
    return out.filter((w) => w.subnets.length > 0);
}

/** The groups an interface endpoint's network interfaces are in: its own, else (none given) its VPC's default group. */
function endpointGroups(ix: StackIndex, endpoint: PathResource): PathResource[] {
    const named = ix.refs(endpoint, "securityGroupIds", SECURITY_GROUP, DEFAULT_SECURITY_GROUP);
    if (named.length > 0 || strings(endpoint.props.securityGroupIds).length > 0 || (endpoint.pending ?? []).includes("securityGroupIds")) return named;
    return ix.ofType(DEFAULT_SECURITY_GROUP).filter((g) => g.props.vpcId === endpoint.props.vpcId);
}

/** The other side of a call from `subnet`: the endpoint's interfaces, or the service's public addresses. */
function destination(ix: StackIndex, subnet: PathResource, action: string, region: string): { to: Endpoint; label: string; endpoint?: PathResource } {
    const way = wayFrom(ix, subnet, action, region);
    const e = way.endpoint;
    const id = e && (e.id ?? e.name);
    if (way.via === "interface" && e) {
        const subnets = ix.refs(e, "subnetIds", SUBNET);
        return { to: { groups: endpointGroups(ix, e), cidrs: subnets.map((s) => s.props.cidrBlock).filter((c): c is string => typeof c === "string"), subnets: subnetSides(ix, subnets) }, label: `its interface endpoint ${id}`, endpoint: e };
    }
    if (way.via === "gateway" && e) return { to: { groups: [], aws: { prefixLists: true } }, label: `its gateway endpoint ${id}`, endpoint: e };
    const natSubnet = way.nat && ix.refs(way.nat, "subnetId", SUBNET)[0];
    return { to: { groups: [], aws: { prefixLists: false, nat: natSubnet ? subnetSides(ix, [natSubnet])[0] : undefined } }, label: way.nat ? `NAT gateway ${way.nat.id ?? way.nat.name}` : "the subnet's way out of the VPC" };
}

/** What stops a connection, and what to change: a group's rule, or an ACL's entries. */
function blocked(c: Exclude<Connection, { ok: true }>, port: number, label: string): { missing: string; change: PathResource } {
    if ("acl" in c) return { missing: c.missing, change: c.acl };
    return c.side === "egress"
        ? { missing: `egress rule for TCP ${port} to ${label}`, change: c.group }
        : { missing: `ingress rule for TCP ${port} from the caller's security group or subnet on ${label}'s security group (with private DNS on, the call does not fall back to the NAT gateway)`, change: c.group };
}

/** Whether the origins of a call pass an endpoint with a policy (only then are its granted requests asked). */
const throughPolicy = (origins: Origin[]): boolean => origins.some((o) => endpointPolicyOf(o.endpoint) !== undefined);

/** The first request of the workload's to `service` that an endpoint policy on its way refuses. */
async function endpointGap(ix: StackIndex, w: Workload, service: string, path: string): Promise<PathResult | undefined> {
    for (const p of w.principals) {
        for (const g of p.requests.filter((r) => endpointService(r.action) === service && !r.action.includes("*"))) {
            const from = originsOf(ix, w.caller, g.action, w.region);
            if (!throughPolicy(from)) continue;
            // What the statement names, as resources of the action's types (`log-group:/ecs/app:*` names the group's streams).
            for (const resource of g.resources.length > 0 ? await namedInstances(g.action, g.resources, w.account, w.region) : ["*"]) {
                const r = await ask({ action: g.action, resource, account: w.account, ...(p.role ? asRole(p.role) : { principal: p.principal, identity: [ANY_REQUEST] }), from });
                const refused = endpointRefusal(path, r, `${g.action} on ${resource} for ${p.principal}`);
                if (refused) return refused;
            }
        }
    }
    return undefined;
}

/** One path per workload and service it calls: every subnet's way there, then the endpoint policies on it. */
async function workloadPaths(ix: StackIndex, w: Workload, rules: Rule[], services: Map<string, string[]>): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const [service, whats] of services) {
        const action = w.calls.find((c) => endpointService(c.action) === service)?.action ?? "sts:GetCallerIdentity";
        const path = `${w.label} reaches ${service} (${[...new Set(whats)].join(", ")})`;
        let gap: PathResult | undefined;
        for (const subnet of w.subnets) {
            const { to, label, endpoint } = destination(ix, subnet, action, w.region);
            // Groups not known yet (preview) are given the benefit of the doubt.
            if (w.groups.length === 0 || (!to.aws && to.groups.length === 0)) continue;
            const from: Endpoint = { groups: w.groups, cidrs: typeof subnet.props.cidrBlock === "string" ? [subnet.props.cidrBlock] : undefined, subnets: subnetSides(ix, [subnet]), ephemeral: w.ephemeral };
            const c = connection(rules, from, to, HTTPS);
            if (!c.ok) {
                const b = blocked(c, HTTPS, label);
                gap = broken(path, `${b.missing} (from ${subnet.props.cidrBlock ?? subnet.name}${endpoint ? "" : ", to AWS's public endpoint"})`, b.change);
                break;
            }
        }
        results.push(gap ?? await endpointGap(ix, w, service, path) ?? ok(path));
    }
    return results;
}

/** Every workload's paths to the AWS services it calls. */
export async function awsCallPaths(ix: StackIndex): Promise<PathResult[]> {
    const rules = securityGroupRules(ix);
    const per = await Promise.all(workloadsOf(ix).map((w) => {
        const services = new Map<string, string[]>();
        for (const c of w.calls) services.set(endpointService(c.action), [...(services.get(endpointService(c.action)) ?? []), c.what]);
        // STS needs no grant: whoever its endpoint's private DNS captures may be calling it.
        if (!services.has("sts") && w.subnets.some((s) => wayFrom(ix, s, "sts:GetCallerIdentity", w.region).via === "interface")) services.set("sts", ["sts:GetCallerIdentity, which needs no grant"]);
        return workloadPaths(ix, w, rules, services);
    }));
    return per.flat();
}
