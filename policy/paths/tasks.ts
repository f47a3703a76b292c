/**
 * What each ECS task needs from AWS before its application runs: its images (own repository,
 * GuardDuty's runtime agent, sidecars), every secret and parameter it references, its log
 * group, and, where ECS Exec is enabled, the Exec channels, mounts and session logging.
 */
import { ANY_REQUEST, Answer, ask, asRole, endpointRefusal, fromWhere, keyAccess, keyGap, RoleAccess, roleAccess, resourcePolicyOf, serviceKeyGap, storeDecryptContext } from "./access";
import { unpinnedImage } from "../ecr/imageReference";
import { ecrImage, layerBucket } from "../lib/ecr";
import { EXEC_CONTAINERS } from "../lib/facts/guideNames";
import { guardDutyAgentRepositoryArn } from "../lib/facts/guardDutyAgent";
import { SECRET_SUFFIX } from "../lib/iam/arn";
import { arnParts, broken, ok, parsed, PathResource, PathResult, StackIndex } from "./model";
import { Origin, originsOf } from "./origin";

export const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
export const ECS_SERVICE = "aws:ecs/service:Service";
const CLUSTER = "aws:ecs/cluster:Cluster";
const SECRET = "aws:secretsmanager/secret:Secret";
const PARAMETER = "aws:ssm/parameter:Parameter";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const DETECTOR_FEATURE = "aws:guardduty/detectorFeature:DetectorFeature";
const REPOSITORY = "aws:ecr/repository:Repository";

/** Paths the SSM agent of ECS Exec writes to; with a read-only root they must be writable mounts. */
export const ECS_EXEC_PATHS = ["/managed-agents", "/var/lib/amazon/ssm", "/var/log/amazon/ssm"];
const EXEC_CHANNELS = ["ssmmessages:CreateControlChannel", "ssmmessages:CreateDataChannel", "ssmmessages:OpenControlChannel", "ssmmessages:OpenDataChannel"];
const PULL = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];

interface Container {
    name?: string;
    image?: string;
    readonlyRootFilesystem?: boolean;
    mountPoints?: Array<{ sourceVolume?: string; containerPath?: string; readOnly?: boolean }>;
    linuxParameters?: { initProcessEnabled?: boolean };
    environment?: Array<{ name?: string; value?: string }>;
    secrets?: Array<{ name?: string; valueFrom?: string }>;
    /** Files of variables the agent downloads before the task starts (`type: "s3"`, `value`: the object's ARN). */
    environmentFiles?: Array<{ type?: string; value?: string }>;
    logConfiguration?: { logDriver?: string; options?: Record<string, string> };
    systemControls?: Array<{ namespace?: string; value?: string }>;
}

export interface Task {
    definition: PathResource;
    family: string;
    containers: Container[];
    account: string;
    region: string;
    execution?: RoleAccess;
    taskRole?: RoleAccess;
    /** Where the task's call of an action comes from (the subnets of the services running it). */
    from: (action: string) => Origin[];
}

/** The task definitions whose containers, account and region are known. */
export function tasksOf(ix: StackIndex): Task[] {
    return ix.ofType(TASK_DEFINITION).flatMap((d): Task[] => {
        const containers = parsed<Container[]>(d.props.containerDefinitions);
        const { account } = arnParts(d.props.executionRoleArn ?? d.props.arn);
        const where = arnParts(d.props.arn);
        const r = d.props.region ?? where.region;
        if (!Array.isArray(containers) || !account || !r) return [];
        return [{
            definition: d, family: d.props.family ?? d.name, containers, account, region: r,
            execution: roleAccess(ix, d.props.executionRoleArn, { resource: d, property: "executionRoleArn" }),
            taskRole: roleAccess(ix, d.props.taskRoleArn, { resource: d, property: "taskRoleArn" }),
            from: (action) => originsOf(ix, d, action, r),
        }];
    });
}

/** A task's settings by variable name: plain environment values and the values of the stack's parameters it reads. */
export function settingsOf(ix: StackIndex, t: Task): Map<string, string> {
    const settings = new Map<string, string>();
    for (const c of t.containers) {
        for (const e of c.environment ?? []) {
            if (typeof e.name === "string" && typeof e.value === "string") settings.set(e.name, e.value);
        }
        for (const s of c.secrets ?? []) {
            const value = ix.named(s.valueFrom, PARAMETER)[0]?.props.value;
            if (typeof s.name === "string" && typeof value === "string") settings.set(s.name, value);
        }
    }
    return settings;
}

/**
 * A path whose role the task definition does not name (or names outside what the stack shows):
 * ECS then makes the call with no credentials, and the task fails to start or to work.
 */
export function noRole(path: string, t: Task, property: "executionRoleArn" | "taskRoleArn", what: string): PathResult {
    return t.definition.props[property] === undefined
        ? broken(path, `${property} on the task definition (without it the task cannot ${what})`, t.definition)
        : ok(path);
}

/**
 * A regional AWS endpoint inside a text (`….us-west-2.rds.amazonaws.com`, `s3.eu-west-1.amazonaws.com`):
 * what the application connects to. Region names elsewhere (an ACM ARN for CloudFront, an SES
 * region setting) are not connections and are left alone.
 */
const REGIONAL_ENDPOINT = /\b((?:us|eu|ap|sa|ca|me|af|il|mx)-(?:gov-)?(?:east|west|north|south|central|northeast|northwest|southeast|southwest)-\d)\.(?:[a-z0-9-]+\.)*amazonaws\.com\b/g;

/** Another region than `home` whose endpoint a plain parameter value names, if any. */
export function otherRegion(value: unknown, home: string): string | undefined {
    return typeof value === "string" ? [...value.matchAll(REGIONAL_ENDPOINT)].map((m) => m[1]).find((r) => r !== home) : undefined;
}

/** Whether the task's role may make the request, from wherever the task runs (through the endpoints it passes); else why not (` (as it comes from …)`). */
async function roleMay(t: Task, role: RoleAccess, action: string, resource: string, context?: Record<string, string>): Promise<Answer & { where: string }> {
    const r = await ask({ action, resource, account: t.account, ...asRole(role), context, from: t.from(action) });
    return { ...r, where: fromWhere(r) };
}

/** Runtime Monitoring manages the Fargate agent in this stack's account. */
function guardDutyManagesFargate(ix: StackIndex): boolean {
    return ix.ofType(DETECTOR_FEATURE).some((f) => f.props.name === "RUNTIME_MONITORING" && f.props.status === "ENABLED"
        && (f.props.additionalConfigurations ?? []).some((c: { name?: string; status?: string }) => c.name === "ECS_FARGATE_AGENT_MANAGEMENT" && c.status === "ENABLED"));
}

/** Private ECR image → repository ARN. */
function ecrRepository(image: string): string | undefined {
    const parts = ecrImage(image);
    return parts ? `arn:aws:ecr:${parts.region}:${parts.account}:repository/${parts.repository}` : undefined;
}

/**
 * A repository of the stack may carry its own policy: within the account the role's grant is
 * enough, so what it adds to a pull is its explicit Deny (one keyed on where the pull comes
 * from decides with the task's origins: the ECR endpoints of its VPC, or its NAT gateways).
 */
async function repositoryPolicyPath(ix: StackIndex, t: Task, path: string, repoArn: string): Promise<PathResult> {
    const held = resourcePolicyOf(ix, ix.named(repoArn, REPOSITORY)[0]);
    if (!held?.policy || !t.execution) return ok(path);
    for (const action of PULL) {
        const r = await ask({ action, resource: repoArn, account: t.account, ...asRole(t.execution), resourcePolicy: held.policy, from: t.from(action) });
        if (!r.allowed) return endpointRefusal(path, r, `${action} on ${repoArn} for execution role ${t.execution.arn}`) ?? broken(path, `${action} for execution role ${t.execution.arn}: the repository policy refuses it${fromWhere(r)}`, held.resource);
    }
    return ok(path);
}

/**
 * Stands for the AWS account that owns ECR's layer bucket (AWS does not publish its id): the
 * layers download with a URL ECR signs (GetDownloadUrlForLayer), so the request is neither the
 * task's credentials nor on a bucket of the account.
 */
const LAYER_OWNER = "000000000000";

/**
 * An image's layers come from ECR's bucket through the subnet's S3 way (its gateway endpoint):
 * only that endpoint's policy can refuse them, as it judges a request of AWS's on AWS's bucket.
 */
async function layerPath(t: Task, path: string): Promise<PathResult> {
    const bucket = layerBucket(t.region);
    const r = await ask({ action: "s3:GetObject", resource: `arn:aws:s3:::${bucket}/layer-probe`, account: LAYER_OWNER, principal: `arn:aws:iam::${LAYER_OWNER}:role/ecr-layer-download`,
        identity: [ANY_REQUEST], from: t.from("s3:GetObject") });
    return endpointRefusal(path, r, `s3:GetObject on the image layers in ${bucket} (ECR's bucket, downloaded with a URL ECR signs)`) ?? ok(path);
}

async function pullPaths(ix: StackIndex, t: Task): Promise<PathResult[]> {
    const results: PathResult[] = [];
    const images = t.containers.map((c) => c.image).filter((i): i is string => typeof i === "string");
    if (guardDutyManagesFargate(ix)) images.push(`GuardDuty agent (${guardDutyAgentRepositoryArn(t.region)})`);
    for (const image of images) {
        const path = `task ${t.family} pulls ${image}`;
        const repo = image.startsWith("GuardDuty agent") ? guardDutyAgentRepositoryArn(t.region) : ecrRepository(image);
        if (repo) {
            // The stack's own repository says whether the tag can move; one ECR created (a replica)
            // is judged by the creation template in the stack that owns it.
            const unpinned = image.startsWith("GuardDuty agent") ? undefined : unpinnedImage(image, ix.named(repo, REPOSITORY)[0]?.props);
            if (unpinned) { results.push(broken(path, `a pinned release (${unpinned})`, t.definition)); continue; }
            if (!t.execution) { results.push(noRole(path, t, "executionRoleArn", "pull from a private repository")); continue; }
            const needs: Array<[string, string]> = [["ecr:GetAuthorizationToken", "*"], ...PULL.map((a): [string, string] => [a, repo])];
            let gap: PathResult | undefined;
            for (const [action, resource] of needs) {
                const may = await roleMay(t, t.execution, action, resource);
                if (!may.allowed) { gap = endpointRefusal(path, may, `${action} on ${resource} for execution role ${t.execution.arn}`) ?? broken(path, `execution role ${t.execution.arn} lacks ${action} on ${resource}${may.where}`, t.execution.role); break; }
            }
            if (gap) { results.push(gap); continue; }
            const pulled = await repositoryPolicyPath(ix, t, path, repo);
            results.push(pulled.ok ? await layerPath(t, path) : pulled);
        } else if (/^public\.ecr\.aws\/[^:@]+(?::([^:@]+)|@sha256:[0-9a-f]{64})$/.test(image) && !/:latest$/.test(image)) {
            results.push(ok(path));
        } else {
            results.push(broken(path, "a pinned image from ECR or ECR Public (Docker Hub pulls go through NAT under rate limits; an untagged or latest image moves)", t.definition));
        }
    }
    return results;
}

/**
 * The parameter a `valueFrom` names when it is one the stack must hold: an SSM reference (ARN or
 * name) in the task's own account and region, outside AWS's public `/aws/` parameters. Another
 * account's or region's parameter is judged by the grant and region checks instead.
 */
export function ownParameterName(ref: string, t: Pick<Task, "account" | "region">): string | undefined {
    const arn = arnParts(ref);
    if (ref.startsWith("arn:") && (arn.service !== "ssm" || arn.account !== t.account || arn.region !== t.region)) return undefined;
    const name = ref.startsWith("arn:") ? ref.split(":").slice(5).join(":").replace(/^parameter\/?/, "") : ref;
    const full = name.startsWith("/") ? name : `/${name}`;
    return full.startsWith("/aws/") ? undefined : full;
}

/**
 * ECS fetches a parameter by its current name: one the stack removed or renamed (its ARN follows
 * the name) fails the task's start with ResourceInitializationError. A parameter whose name is not
 * known yet (preview) may be it.
 */
export function parameterHeld(ix: StackIndex, name: string): boolean {
    return ix.ofType(PARAMETER).some((p) => p.props.name === undefined || p.props.name === name || `/${p.props.name}` === name);
}

/** A secret ARN's name without the six characters Secrets Manager appends (`name-AbCdEf` → `name`). */
const withoutSuffix = (name: string) => name.replace(SECRET_SUFFIX, "");

/**
 * Why a Secrets Manager `valueFrom` of the task's own account and region names no secret that
 * exists, or undefined: ECS fetches the full ARN as written, and its last six characters are the
 * suffix Secrets Manager gave the secret when it was created (a deleted and recreated secret has
 * another), so it must be a secret the stack holds, or a replica a stack it references publishes
 * (dr's, from prod's outputs); a partial ARN (no suffix) must be the name of one. Undefined while
 * an ARN is not known yet (preview), and for another account's or region's secret (the grant and
 * region checks judge those).
 */
export function secretGap(ix: StackIndex, ref: string, t: Pick<Task, "account" | "region">): string | undefined {
    const arn = ref.split(":").slice(0, 7).join(":");
    const parts = arnParts(arn);
    if (parts.service !== "secretsmanager" || parts.account !== t.account || parts.region !== t.region) return undefined;
    const secrets = ix.ofType(SECRET);
    const references = ix.ofType(STACK_REFERENCE);
    if (secrets.some((x) => typeof x.props.arn !== "string") || references.some((r) => r.props.outputs === undefined || (r.pending ?? []).includes("outputs"))) return undefined;
    const held = [
        ...secrets.map((x) => x.props.arn as string),
        // A replica's ARN is its primary's in the replica's region (same name, same suffix).
        ...secrets.flatMap((x) => (Array.isArray(x.props.replicas) ? x.props.replicas : []).map((r: { region?: string }) => typeof r.region === "string" ? (x.props.arn as string).replace(/^(arn:[^:]+:secretsmanager:)[^:]+/, `$1${r.region}`) : undefined)),
        ...references.flatMap((r) => JSON.stringify(r.props.outputs).match(/arn:aws[a-z-]*:secretsmanager:[^"]+/g) ?? []),
    ].filter((a): a is string => typeof a === "string");
    if (held.includes(arn)) return undefined;
    const name = arn.split(":")[6] ?? "";
    const heldNames = held.map((a) => withoutSuffix(a.split(":")[6] ?? ""));
    // A partial ARN (the name alone) resolves to the secret of that name.
    if (heldNames.includes(name)) return undefined;
    const stale = held.find((a) => withoutSuffix(a.split(":")[6] ?? "") === withoutSuffix(name));
    return stale
        ? `the secret ${arn}: its suffix is not the one Secrets Manager gave the secret (${stale}), so ECS finds nothing and the task fails to start with ResourceInitializationError; set valueFrom from the secret's arn output`
        : `the secret ${arn} in the stack or a stack it references (no such secret: the task fails to start with ResourceInitializationError); set valueFrom from the secret's arn output`;
}

/**
 * A `valueFrom`'s JSON key (`arn:…:secret:name-AbCdEf:key::`) against the value the stack writes
 * into the secret: ECS extracts the key from a JSON object, and a plain-string value, or an object
 * without the key, fails the task's start. Undefined when the key is fine or the value is not the
 * stack's to know (no version in the stack, or a value not known yet).
 */
export function jsonKeyGap(ix: StackIndex, ref: string, secret: PathResource): string | undefined {
    const key = ref.split(":")[7];
    if (!key) return undefined;
    const versions = ix.ofType(SECRET_VERSION).filter((v) => ix.refs(v, "secretId", SECRET).includes(secret));
    for (const v of versions) {
        const value = v.props.secretString ?? v.props.secretStringWo;
        if (typeof value !== "string") continue;
        const object = parsed<unknown>(value);
        if (object === null || typeof object !== "object" || Array.isArray(object)) {
            return `a JSON object in ${secret.props.name ?? secret.name} for the JSON key ${key} (the stack writes a plain value into it); drop :${key}:: from valueFrom`;
        }
        if (!(key in (object as Record<string, unknown>))) {
            return `the key ${key} in ${secret.props.name ?? secret.name} (its JSON value has ${Object.keys(object as object).join(", ") || "no keys"}); name one of them in valueFrom`;
        }
    }
    return undefined;
}

async function secretPaths(ix: StackIndex, t: Task): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const c of t.containers) {
        for (const s of c.secrets ?? []) {
            const ref = s.valueFrom ?? "";
            const path = `task ${t.family} reads ${s.name} (${ref})`;
            if (!t.execution) { results.push(noRole(path, t, "executionRoleArn", "read secrets and parameters")); continue; }
            const isSecret = arnParts(ref).service === "secretsmanager";
            const parameter = isSecret ? undefined : ownParameterName(ref, t);
            if (parameter !== undefined && !parameterHeld(ix, parameter)) {
                results.push(broken(path, `the parameter ${parameter} in the stack (removed or renamed, the task fails to start with ResourceInitializationError); point valueFrom at a parameter the stack holds`, t.definition));
                continue;
            }
            // ECS fetches the value when a task starts: one in another region ties every start (and scale-out) to that region.
            const fetchedFrom = ref.startsWith("arn:") ? arnParts(ref).region : undefined;
            if (fetchedFrom && fetchedFrom !== t.region) {
                results.push(broken(path, `a value in ${t.region}: valueFrom names ${fetchedFrom}, so the task cannot start while ${fetchedFrom} is down (and reads that region's value, another environment's); read a secret replica or a parameter of the task's own region`, t.definition));
                continue;
            }
            const missingSecret = isSecret ? secretGap(ix, ref, t) : undefined;
            if (missingSecret) {
                results.push(broken(path, missingSecret, t.definition));
                continue;
            }
            // ECS resolves a bare parameter name in the task's own account and region.
            const arn = isSecret ? ref.split(":").slice(0, 7).join(":") : parameter !== undefined && !ref.startsWith("arn:") ? `arn:aws:ssm:${t.region}:${t.account}:parameter${parameter}` : ref;
            const action = isSecret ? "secretsmanager:GetSecretValue" : "ssm:GetParameters";
            const may = await roleMay(t, t.execution, action, arn);
            if (!may.allowed) {
                results.push(endpointRefusal(path, may, `${action} on ${arn} for execution role ${t.execution.arn}`) ?? broken(path, `execution role ${t.execution.arn} lacks ${action} on ${arn}${may.where}`, t.execution.role));
                continue;
            }
            const holder = ix.named(arn, SECRET, PARAMETER)[0];
            const keyGapOfValue = holder?.type === SECRET ? jsonKeyGap(ix, ref, holder) : undefined;
            if (keyGapOfValue) {
                results.push(broken(path, keyGapOfValue, t.definition));
                continue;
            }
            const secretPolicy = holder?.type === SECRET ? resourcePolicyOf(ix, holder) : undefined;
            const read = secretPolicy?.policy && await ask({ action, resource: arn, account: t.account, ...asRole(t.execution), resourcePolicy: secretPolicy.policy, from: t.from(action) });
            if (read && !read.allowed) {
                results.push(broken(path, `${action} for execution role ${t.execution.arn}: the secret's resource policy refuses it${fromWhere(read)}`, secretPolicy.resource));
                continue;
            }
            const elsewhere = holder?.type === PARAMETER ? otherRegion(holder.props.value, t.region) : undefined;
            if (elsewhere) {
                results.push(broken(path, `a value in ${t.region}: the parameter names an endpoint in ${elsewhere} (in a regional outage the task follows it into the lost region)`, holder));
                continue;
            }
            const keyRef = holder?.type === SECRET ? holder.props.kmsKeyId : holder?.props.type === "SecureString" ? holder.props.keyId : undefined;
            const key = holder && keyRef !== undefined ? keyAccess(ix, keyRef, { resource: holder, property: holder.type === SECRET ? "kmsKeyId" : "keyId" }) : undefined;
            if (key) {
                const gap = await keyGap(t.execution, key, "kms:Decrypt", storeDecryptContext(isSecret ? "secretsmanager" : "ssm", t.region, holder.props.arn), t.account);
                if (gap) { results.push(broken(path, gap.missing, gap.change)); continue; }
            }
            results.push(ok(path));
        }
    }
    return results;
}

/** FireLens outputs that deliver to an AWS resource of the account, and the option naming it. */
const FIRELENS_DESTINATIONS: Record<string, string> = {
    cloudwatch: "log_group_name", cloudwatch_logs: "log_group_name", kinesis_firehose: "delivery_stream", firehose: "delivery_stream",
    kinesis_streams: "stream", kinesis: "stream", s3: "bucket",
};

/**
 * Where a container's log driver sends its output, when that is not into the stack: awslogs into a
 * group the stack does not hold (ECS fails the start unless awslogs-create-group, and the guide's
 * `LOG_GROUP` reads stay empty), FireLens to an output that is not a resource of the stack, or
 * another driver (splunk, syslog, fluentd, gelf …: the logs leave for an endpoint outside AWS).
 * Undefined when the logs land in the stack, or the container has no log driver (ECS.9 judges it).
 */
export function logDestinationGap(ix: StackIndex, driver: string | undefined, options: Record<string, string>): string | undefined {
    if (driver === undefined) return undefined;
    const held = (name: string | undefined) => name !== undefined && ix.named(name).length > 0;
    if (driver === "awslogs") {
        const group = options["awslogs-group"];
        return group === undefined || ix.ofType(LOG_GROUP).some((g) => g.props.name === undefined || g.props.name === group) ? undefined
            : `the log group ${group} in the stack (the awslogs driver writes only into an existing group, with the stack's retention and key); name one of the stack's groups in awslogs-group`;
    }
    if (driver === "awsfirelens") {
        const output = String(options.Name ?? "").toLowerCase();
        const target = FIRELENS_DESTINATIONS[output] ? options[FIRELENS_DESTINATIONS[output]] : undefined;
        return held(target) ? undefined
            : `a FireLens output into the stack (cloudwatch_logs to one of its log groups, or its stream or bucket); ${output || "no"} output ${target ?? ""} is not the stack's`;
    }
    return `the awslogs driver into the stack's log group (the ${driver} driver sends the logs outside the account, where the guide's log commands do not read and the account's retention and encryption do not hold)`;
}

async function logPaths(ix: StackIndex, t: Task): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const c of t.containers) {
        const driver = c.logConfiguration?.logDriver;
        const outside = logDestinationGap(ix, driver, c.logConfiguration?.options ?? {});
        if (outside) {
            results.push(broken(`task ${t.family} container ${c.name} logs into the stack`, outside, t.definition));
            continue;
        }
        const options = driver === "awslogs" ? c.logConfiguration?.options ?? {} : undefined;
        const name = options?.["awslogs-group"];
        if (!name) continue;
        const path = `task ${t.family} container ${c.name} writes its logs to ${name}`;
        if (!t.execution) { results.push(noRole(path, t, "executionRoleArn", "create log streams and put log events")); continue; }
        const groupArn = `arn:aws:logs:${options["awslogs-region"] ?? t.region}:${t.account}:log-group:${name}`;
        let gap: PathResult | undefined;
        for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
            const may = await roleMay(t, t.execution, action, `${groupArn}:log-stream:probe`);
            if (!may.allowed) { gap = endpointRefusal(path, may, `${action} on ${groupArn} for execution role ${t.execution.arn}`) ?? broken(path, `execution role ${t.execution.arn} lacks ${action}${may.where} on ${groupArn}`, t.execution.role); break; }
        }
        if (gap) { results.push(gap); continue; }
        results.push(await logGroupKeyPath(ix, path, name, groupArn, t.account, t.region));
    }
    return results;
}

/** CloudWatch Logs must be able to use the log group's key (when it has one in the stack). */
export async function logGroupKeyPath(ix: StackIndex, path: string, name: string, groupArn: string, account: string, region: string): Promise<PathResult> {
    const group = ix.ofType(LOG_GROUP).find((g) => g.props.name === name);
    const key = group?.props.kmsKeyId !== undefined && group ? keyAccess(ix, group.props.kmsKeyId, { resource: group, property: "kmsKeyId" }) : undefined;
    if (!key) return ok(path);
    const gap = await serviceKeyGap(`logs.${region}.amazonaws.com`, key, ["kms:GenerateDataKey", "kms:Decrypt"],
        { "kms:EncryptionContext:aws:logs:arn": groupArn, "aws:SourceAccount": account }, account);
    return gap ? broken(path, `${gap.missing} for the group's encryption context (kms:EncryptionContext:aws:logs:arn ${groupArn})`, gap.change) : ok(path);
}

/** Exec prerequisites of every service that enables it. */
/**
 * What the SSM agent asks, with the task role, to send a session's output to a log group (ECS
 * developer guide, "Monitor Amazon ECS containers with ECS Exec": the IAM permissions for logging):
 * it finds the group (logs:DescribeLogGroups, which with cloudWatchEncryptionEnabled is how it
 * checks the group's encryption before a session opens), then creates, finds and writes its stream.
 */
function execLogRequests(group: string, encrypted: boolean): [string, string][] {
    const stream = `${group}:log-stream:probe`;
    return [
        // DescribeLogGroups lists the account's groups (its resource is every group of the region).
        ...(encrypted ? [["logs:DescribeLogGroups", "*"] as [string, string]] : []),
        ["logs:CreateLogStream", stream], ["logs:DescribeLogStreams", stream], ["logs:PutLogEvents", stream],
    ];
}

/** The first request the role may not make (action, resource and the answer), or undefined when it may make them all. */
async function firstRefused(t: Task, role: RoleAccess, requests: [string, string][]): Promise<{ action: string; resource: string; may: Answer & { where: string } } | undefined> {
    for (const [action, resource] of requests) {
        const may = await roleMay(t, role, action, resource);
        if (!may.allowed) return { action, resource, may };
    }
    return undefined;
}

async function execPaths(ix: StackIndex, tasks: Task[]): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const service of ix.ofType(ECS_SERVICE)) {
        const definition = ix.refs(service, "taskDefinition", TASK_DEFINITION)[0];
        const t = tasks.find((x) => x.definition === definition);
        if (!t) continue;
        const label = `ECS Exec into ${service.props.name ?? service.name}`;
        // The runbook's commands exec into these containers (migrations, a shell): their services must allow it.
        const runbook = t.containers.filter((c) => c.name !== undefined && EXEC_CONTAINERS.includes(c.name));
        if (service.props.enableExecuteCommand !== true) {
            if (runbook.length > 0) {
                results.push(broken(`${label}: operators reach container ${runbook[0].name}`, "enableExecuteCommand: true on the service (the runbook's execute-command fails without it)", service));
            }
            continue;
        }
        for (const c of runbook) results.push(ok(`${label}: operators reach container ${c.name}`));
        const volumes = new Set(((t.definition.props.volumes ?? []) as Array<{ name?: string }>).map((v) => v.name));
        for (const c of t.containers) {
            // The agent's shells and commands are children of the container's PID 1: without an init
            // process there, nothing reaps them when a session ends or forwards signals (AWS
            // recommends initProcessEnabled with ECS Exec).
            const init = `${label}: container ${c.name} reaps the exec agent's processes`;
            results.push(c.linuxParameters?.initProcessEnabled === true ? ok(init)
                : broken(init, "linuxParameters.initProcessEnabled true (an init process as PID 1 reaps the orphaned processes of ended sessions and forwards signals)", t.definition));
            const path = `${label}: container ${c.name} has writable SSM agent paths`;
            if (c.readonlyRootFilesystem !== true) { results.push(ok(path)); continue; }
            const missing = ECS_EXEC_PATHS.filter((p) => !(c.mountPoints ?? []).some((m) => m.containerPath === p && m.readOnly !== true && volumes.has(m.sourceVolume)));
            results.push(missing.length ? broken(path, `a writable volume mounted at ${missing.join(", ")} (root filesystem is read-only)`, t.definition) : ok(path));
        }
        const channels = `${label}: task role opens the SSM channels`;
        if (!t.taskRole) { results.push(noRole(channels, t, "taskRoleArn", "open the SSM channels")); continue; }
        const lacking: string[] = [];
        let refused: PathResult | undefined;
        for (const action of EXEC_CHANNELS) {
            const may = await roleMay(t, t.taskRole, action, "*");
            if (!may.allowed) refused ??= endpointRefusal(channels, may, `${action} for task role ${t.taskRole.arn}`);
            if (!may.allowed && !may.endpointRefused) lacking.push(`${action}${may.where}`);
        }
        results.push(lacking.length ? broken(channels, `task role ${t.taskRole.arn} lacks ${lacking.join(", ")}`, t.taskRole.role) : refused ?? ok(channels));
        const cluster = ix.refs(service, "cluster", CLUSTER)[0];
        const config = cluster?.props.configuration?.executeCommandConfiguration;
        const logGroup = config?.logConfiguration?.cloudWatchLogGroupName;
        if (cluster && !(cluster.pending ?? []).includes("configuration") && (String(config?.logging ?? "DEFAULT").toUpperCase() !== "OVERRIDE" || (typeof logGroup !== "string" && !config?.logConfiguration?.s3BucketName))) {
            // DEFAULT sends a session's output through the container's awslogs configuration, with the
            // task role's credentials, into the application's group (its retention, mixed with app
            // lines), where the task role may not write: transcripts are lost. NONE keeps nothing.
            results.push(broken(`${label}: session output reaches the cluster's audit log group`,
                `logging OVERRIDE with logConfiguration.cloudWatchLogGroupName in the cluster's configuration.executeCommandConfiguration (logging is ${String(config?.logging ?? "unset, so DEFAULT")})`, cluster));
        }
        if (typeof logGroup === "string") {
            const path = `${label}: session output reaches ${logGroup}`;
            const group = `arn:aws:logs:${t.region}:${t.account}:log-group:${logGroup}`;
            const gap = await firstRefused(t, t.taskRole, execLogRequests(group, config?.logConfiguration?.cloudWatchEncryptionEnabled === true));
            results.push(gap === undefined
                ? await logGroupKeyPath(ix, path, logGroup, group, t.account, t.region)
                : endpointRefusal(path, gap.may, `${gap.action} on ${gap.resource} for task role ${t.taskRole.arn}`) ?? broken(path, `task role ${t.taskRole.arn} lacks ${gap.action} on ${gap.resource}${gap.may.where}`, t.taskRole.role));
        }
        const bucket = config?.logConfiguration?.s3BucketName;
        if (typeof bucket === "string" && bucket !== "") {
            const path = `${label}: session output reaches bucket ${bucket}`;
            const prefix = typeof config?.logConfiguration?.s3KeyPrefix === "string" ? config.logConfiguration.s3KeyPrefix.replace(/\/?$/, "/") : "";
            const requests: [string, string][] = [["s3:PutObject", `arn:aws:s3:::${bucket}/${prefix}probe`]];
            // With s3EncryptionEnabled the agent reads the bucket's encryption before it sends anything.
            if (config?.logConfiguration?.s3EncryptionEnabled === true) requests.push(["s3:GetEncryptionConfiguration", `arn:aws:s3:::${bucket}`]);
            const gap = await firstRefused(t, t.taskRole, requests);
            results.push(gap === undefined ? ok(path)
                : endpointRefusal(path, gap.may, `${gap.action} on ${gap.resource} for task role ${t.taskRole.arn}`) ?? broken(path, `task role ${t.taskRole.arn} lacks ${gap.action} on ${gap.resource}${gap.may.where}`, t.taskRole.role));
        }
        if (cluster && !(cluster.pending ?? []).includes("configuration") && (config?.kmsKeyId === undefined || config.kmsKeyId === null || config.kmsKeyId === "")) {
            // Without it a session (commands and output, credentials included) has the SSM channel's TLS only.
            results.push(broken(`${label}: sessions encrypted with a customer-managed key`, "kmsKeyId in the cluster's configuration.executeCommandConfiguration", cluster));
        }
        const key = config?.kmsKeyId !== undefined && cluster ? keyAccess(ix, config.kmsKeyId, { resource: cluster, property: "configuration" }) : undefined;
        if (key) {
            const path = `${label}: session encryption key usable by the task`;
            const gap = await keyGap(t.taskRole, key, "kms:Decrypt", {}, t.account, t.from("kms:Decrypt"));
            results.push(gap ? broken(path, gap.missing, gap.change) : ok(path));
        }
    }
    return results;
}

/** Every task path of the stack. */
export async function taskPaths(ix: StackIndex): Promise<PathResult[]> {
    const tasks = tasksOf(ix);
    const per = await Promise.all(tasks.map(async (t) => [...await pullPaths(ix, t), ...await secretPaths(ix, t), ...await logPaths(ix, t)]));
    return [...per.flat(), ...await execPaths(ix, tasks)];
}
