/**
 * Who assumes each role the stack hands to an AWS service: ECS assumes a task's execution and
 * task roles, Lambda a function's (and a Synthetics canary's) role, CloudTrail its CloudWatch
 * Logs role, RDS the Enhanced Monitoring role, VPC Flow Logs its role, AWS Backup the roles of
 * its selections, S3 a replication role. The role's trust policy must let that service assume
 * it with the request context the service sends (`aws:SourceAccount`, and `aws:SourceArn` = the
 * resource acting: this function, this trail, this database instance, a task of this region).
 * IAM accepts any trust policy; a wrong principal or a source ARN naming another region or
 * resource only shows when the service first fails to assume the role.
 */
import { ask, RoleAccess, roleAccess } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { ECS_SERVICE, tasksOf } from "./tasks";

const CLUSTER = "aws:ecs/cluster:Cluster";

/** One resource's use of a role: the service that assumes it and the source it names. */
export interface RoleUse {
    resource: PathResource;
    /** The resource's input that names the role. */
    property: string;
    /** Service principal that calls sts:AssumeRole. */
    service: string;
    /** `aws:SourceArn` the service sends; undefined when it sends none. */
    sourceArn?: string;
    /** `aws:SourceAccount` the service sends. */
    account: string;
    label: string;
}

/** Builds an ARN of the service in the resource's region and account; undefined while either, or the name, is unknown. */
type At = (service: string, resource: string | undefined) => string | undefined;

/** A user of a role among resources of one type: the service, and the source ARN it sends (none for `undefined`). */
interface Assumer {
    type: string;
    property: string;
    service: string;
    /** The `aws:SourceArn` the service sends; undefined when the service sends none. */
    sourceArn?: (r: PathResource, at: At) => string | undefined;
}

const named = (r: PathResource): string => String(r.props.name ?? r.name);
const nameOr = (value: unknown, build: (name: string) => string): string | undefined => (typeof value === "string" && value !== "" ? build(value) : undefined);

/** What each service sends when it assumes the role it is given (AWS's confused-deputy guidance per service). */
const ASSUMERS: ReadonlyArray<Assumer> = [
    { type: "aws:lambda/function:Function", property: "role", service: "lambda.amazonaws.com",
        sourceArn: (r, at) => r.props.arn ?? at("lambda", nameOr(r.props.name, (n) => `function:${n}`)) },
    // A canary runs as a Lambda function AWS names cwsyn-<canary>-<id>.
    { type: "aws:synthetics/canary:Canary", property: "executionRoleArn", service: "lambda.amazonaws.com",
        sourceArn: (r, at) => at("lambda", nameOr(r.props.name, (n) => `function:cwsyn-${n}-pack-probe`)) },
    { type: "aws:cloudtrail/trail:Trail", property: "cloudWatchLogsRoleArn", service: "cloudtrail.amazonaws.com",
        sourceArn: (r, at) => r.props.arn ?? at("cloudtrail", nameOr(r.props.name, (n) => `trail/${n}`)) },
    { type: "aws:rds/instance:Instance", property: "monitoringRoleArn", service: "monitoring.rds.amazonaws.com",
        sourceArn: (r, at) => r.props.arn ?? at("rds", nameOr(r.props.identifier, (n) => `db:${n}`)) },
    { type: "aws:ec2/flowLog:FlowLog", property: "iamRoleArn", service: "vpc-flow-logs.amazonaws.com",
        sourceArn: (r, at) => r.props.arn ?? at("ec2", `vpc-flow-log/${r.id ?? "fl-packprobe"}`) },
    { type: "aws:s3/bucketReplicationConfig:BucketReplicationConfig", property: "role", service: "s3.amazonaws.com",
        sourceArn: (r) => nameOr(r.props.bucket, (n) => `arn:aws:s3:::${n}`) },
    { type: "aws:backup/selection:Selection", property: "iamRoleArn", service: "backup.amazonaws.com" },
    { type: "aws:backup/restoreTestingSelection:RestoreTestingSelection", property: "iamRoleArn", service: "backup.amazonaws.com" },
];

type Use = RoleUse & { role: RoleAccess };

/** ECS sends a task's ARN in the region and cluster it runs: the cluster of a service running the definition. */
function ecsUses(ix: StackIndex): Use[] {
    return tasksOf(ix).flatMap((t) => {
        const service = ix.ofType(ECS_SERVICE).find((s) => ix.refs(s, "taskDefinition", t.definition.type).includes(t.definition));
        const cluster = service ? ix.refs(service, "cluster", CLUSTER)[0] : undefined;
        const clusterName = cluster?.props.name ?? (typeof service?.props.cluster === "string" ? service.props.cluster.split("/").pop() : undefined);
        const sourceArn = `arn:aws:ecs:${t.region}:${t.account}:task/${clusterName ?? "pack-probe-cluster"}/pack-probe-task`;
        return ([["executionRoleArn", t.execution], ["taskRoleArn", t.taskRole]] as const).flatMap(([property, role]): Use[] =>
            (role ? [{ resource: t.definition, property, service: "ecs-tasks.amazonaws.com", sourceArn, account: t.account, label: `task ${t.family}`, role }] : []));
    });
}

function serviceUses(ix: StackIndex): Use[] {
    return ASSUMERS.flatMap((a) => ix.ofType(a.type).flatMap((r): Use[] => {
        const role = r.props[a.property] !== undefined ? roleAccess(ix, r.props[a.property], { resource: r, property: a.property }) : undefined;
        if (!role) return [];
        // Where the resource acts: its ARN's region and account, else its region input and its role's account.
        const own = arnParts(r.props.arn);
        const region: string | undefined = own.region ?? r.props.region;
        const account = own.account ?? arnParts(role.arn).account;
        if (!account) return [];
        const at: At = (service, resource) => (region && resource ? `arn:aws:${service}:${region}:${account}:${resource}` : undefined);
        const sourceArn = a.sourceArn?.(r, at);
        // The service sends a source this preview does not know yet: the preview that knows it verifies the path.
        if (a.sourceArn && sourceArn === undefined) return [];
        return [{ resource: r, property: a.property, service: a.service, sourceArn, account, label: `${r.type.split(":").pop()} ${named(r)}`, role }];
    }));
}

/** Whether the service may assume the role, as STS evaluates the trust policy for its request. */
async function assumePath(use: RoleUse, role: RoleAccess): Promise<PathResult> {
    const path = `${use.label} has ${use.service} assume its role ${role.arn} (${use.property})`;
    const context: Record<string, string> = { "aws:SourceAccount": use.account, ...(use.sourceArn ? { "aws:SourceArn": use.sourceArn } : {}) };
    const r = await ask({ action: "sts:AssumeRole", resource: role.arn, account: arnParts(role.arn).account ?? use.account, principal: use.service, resourcePolicy: role.trust, context });
    if (r.allowed) return ok(path);
    const sent = Object.entries(context).map(([k, v]) => `${k} ${v}`).join(", ");
    return broken(path, `sts:AssumeRole for ${use.service} in the trust policy (assumeRolePolicy) of ${role.arn}, for the request the service sends (${sent})`, role.role);
}

/** Every (resource, role it hands to a service) path of the stack. */
export async function trustPaths(ix: StackIndex): Promise<PathResult[]> {
    // A trust policy not known yet (or unreadable, which IAM refuses anyway) is verified elsewhere.
    const uses = [...ecsUses(ix), ...serviceUses(ix)].filter((u) => u.role.trust !== undefined);
    return Promise.all(uses.map((u) => assumePath(u, u.role)));
}
