/**
 * What an ECS task needs to use the buckets it is told about: a bucket named in its environment,
 * or in an SSM parameter it reads (STATIC_BUCKET → /expertconnect/prod/storage/static-bucket →
 * expertconnect-prod-static). For each, the object actions its task role grants there (reading,
 * writing) must also pass the bucket policy, as S3 evaluates it for a TLS request, and the
 * bucket's KMS key must let the role encrypt (write) or decrypt (read) through S3. A task given
 * a bucket its role may neither read nor write is broken too: the application fails on its
 * first upload or download, long after the deploy. A bucket the application uses by a setting
 * the program and the pack share (policy/lib/facts/purposes.ts: the backend reads and writes
 * STATIC_BUCKET and only writes BACKUP_BUCKET) must also allow what the task's workload does
 * there: each object verb of its purpose, not any one of them.
 */
import { ask, asRole, bucketPolicyOf, endpointRefusal, fromWhere, keyAccess, keyGap, resourcePolicyOf, RoleAccess } from "./access";
import { appBucketOf, BucketVerb, bucketVerbs, serviceOfTask, WORKLOADS } from "../lib/facts/purposes";
import { broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { noRole, settingsOf, Task, tasksOf } from "./tasks";

const BUCKET = "aws:s3/bucket:Bucket";
const BUCKET_SSE = "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration";

/** Object actions and the key action each needs under SSE-KMS. */
const OBJECT_ACTIONS: ReadonlyArray<{ action: string; verb: BucketVerb; keyAction: string }> = [
    { action: "s3:GetObject", verb: "read", keyAction: "kms:Decrypt" },
    { action: "s3:PutObject", verb: "write", keyAction: "kms:GenerateDataKey" },
];

function sseRule(ix: StackIndex, bucket: PathResource) {
    const sse = ix.ofType(BUCKET_SSE).find((s) => ix.refs(s, "bucket", BUCKET).includes(bucket));
    return { sse, rule: (sse?.props.rules ?? [])[0] as { bucketKeyEnabled?: boolean; applyServerSideEncryptionByDefault?: { kmsMasterKeyId?: string } } | undefined };
}

/** The KMS key a bucket encrypts with, from its SSE configuration in the stack. */
export function bucketKey(ix: StackIndex, bucket: PathResource | undefined) {
    if (!bucket) return undefined;
    const { sse, rule } = sseRule(ix, bucket);
    const keyId = rule?.applyServerSideEncryptionByDefault?.kmsMasterKeyId;
    return sse && keyId !== undefined ? keyAccess(ix, keyId, { resource: sse, property: "rules" }) : undefined;
}

/**
 * The encryption context S3 sends KMS for an object: the bucket's ARN under an S3 Bucket Key
 * (one data key per bucket), the object's ARN otherwise. A key or role statement conditioned on
 * `kms:EncryptionContext:aws:s3:arn` decides on it, as AWS's own examples do.
 */
export function s3EncryptionContext(ix: StackIndex, bucket: PathResource | undefined, bucketArn: string, objectArn: string): Record<string, string> {
    const bucketKeyEnabled = bucket !== undefined && sseRule(ix, bucket).rule?.bucketKeyEnabled === true;
    return { "kms:EncryptionContext:aws:s3:arn": bucketKeyEnabled ? bucketArn : objectArn };
}

/**
 * The object verbs the task must have on the application bucket a setting names: its workload's
 * purpose there, or, for a task of no known workload, every workload's.
 */
function neededVerbs(t: Task, variable: string): readonly BucketVerb[] {
    const bucket = appBucketOf(variable);
    if (bucket === undefined) return [];
    const workload = serviceOfTask(t.containers.map((c) => c.name), t.definition.props.tags?.Component);
    return workload ? bucketVerbs(workload, bucket) : [...new Set(WORKLOADS.flatMap((w) => bucketVerbs(w, bucket)))];
}

/** The object ARN patterns (`arn:aws:s3:::bucket/media/*`) the role's Allow statements name in `bucketArn`. */
function objectPatterns(role: RoleAccess, bucketArn: string): string[] {
    return role.policies.flatMap((p) => p.statements)
        .filter((st) => st.effect === "Allow")
        .flatMap((st) => st.resource ?? [])
        .filter((r) => r.startsWith(`${bucketArn}/`));
}

/** The stack's buckets a task is told about, with the variable that tells it (its environment or a parameter it reads). */
function bucketsOf(ix: StackIndex, t: Task): Array<{ bucket: PathResource; variable: string }> {
    const found: Array<{ bucket: PathResource; variable: string }> = [];
    for (const [variable, value] of settingsOf(ix, t)) {
        ix.ofType(BUCKET).filter((b) => value !== "" && b.props.bucket === value).forEach((bucket) => found.push({ bucket, variable }));
    }
    return found.filter((f, i) => found.findIndex((g) => g.bucket === f.bucket) === i);
}

async function bucketPath(ix: StackIndex, t: Task, bucket: PathResource, variable: string): Promise<PathResult> {
    const name = String(bucket.props.bucket);
    const path = `task ${t.family} uses bucket ${name} (${variable})`;
    const role = t.taskRole;
    if (!role) {
        return noRole(path, t, "taskRoleArn", `read or write ${name}`);
    }
    const bucketArn = bucket.props.arn ?? `arn:aws:s3:::${name}`;
    // Objects where the role's own grants point (a prefix such as media/*), else one at the root.
    const probes = [...new Set([...objectPatterns(role, bucketArn).map((p) => p.replace(/\*/g, "pack-probe").replace(/\?/g, "x")), `${bucketArn}/pack-probe-object`])];
    const held = resourcePolicyOf(ix, bucket);
    const bucketPolicy = held?.policy;
    const granted: Array<typeof OBJECT_ACTIONS[number] & { object: string }> = [];
    for (const o of OBJECT_ACTIONS) {
        for (const object of probes) {
            const r = await ask({ action: o.action, resource: object, account: t.account, ...asRole(role) });
            if (r.identityAllows) { granted.push({ ...o, object }); break; }
        }
    }
    const verbs = neededVerbs(t, variable);
    const lacking = OBJECT_ACTIONS.filter((o) => verbs.includes(o.verb) && !granted.some((g) => g.action === o.action));
    if (lacking.length > 0) {
        return broken(path, `${lacking.map((o) => o.action).join(", ")} on ${name} in task role ${role.arn}'s policies (the task's purpose on ${variable} is ${verbs.join(", ")}: it must ${lacking.map((o) => o.verb).join(" and ")} objects there; policy/lib/facts/purposes.ts)`, role.role);
    }
    if (granted.length === 0) {
        return broken(path, `s3:GetObject or s3:PutObject on ${name} in task role ${role.arn}'s policies (the task is given the bucket and may neither read nor write it)`, role.role);
    }
    for (const o of granted) {
        const r = await ask({ action: o.action, resource: o.object, account: t.account, ...asRole(role), resourcePolicy: bucketPolicy, from: t.from(o.action) });
        const refused = endpointRefusal(path, r, `${o.action} on ${o.object} for ${role.arn}`);
        if (refused) return refused;
        if (!r.allowed && !r.identityAllows) {
            // The role's grant holds only from somewhere its task's calls do not come from.
            return broken(path, `${o.action} on ${o.object} in task role ${role.arn}'s policies${fromWhere(r)}`, role.role);
        }
        if (!r.allowed) {
            return broken(path, `${o.action} for ${role.arn} in the bucket policy of ${name} (the role may ${o.verb} objects, the bucket refuses${fromWhere(r)})`, held?.resource ?? bucket);
        }
        const key = bucketKey(ix, bucket);
        const gap = key && await keyGap(role, key, o.keyAction, { "kms:ViaService": `s3.${t.region}.amazonaws.com`, ...s3EncryptionContext(ix, bucket, bucketArn, o.object) }, t.account);
        if (gap) {
            return broken(path, `${gap.missing} (to ${o.verb} objects of ${name} under its key)`, gap.change);
        }
    }
    return ok(path);
}

/**
 * A task's environment files: the agent downloads each with the execution role before the task
 * starts (ECS developer guide, "Pass environment variables to a container": s3:GetObject on the
 * object, s3:GetBucketLocation on the bucket), through the task's network and the bucket's policy
 * and key. One it cannot read fails every start with ResourceInitializationError.
 */
async function environmentFilePath(ix: StackIndex, t: Task, object: string): Promise<PathResult> {
    const path = `task ${t.family} starts with environment file ${object}`;
    if (!t.execution) return noRole(path, t, "executionRoleArn", "download its environment files");
    const name = object.slice("arn:aws:s3:::".length).split("/")[0];
    const bucketArn = `arn:aws:s3:::${name}`;
    const held = bucketPolicyOf(ix, name);
    for (const [action, resource] of [["s3:GetObject", object], ["s3:GetBucketLocation", bucketArn]]) {
        const r = await ask({ action, resource, account: t.account, ...asRole(t.execution), resourcePolicy: held?.policy, from: t.from(action) });
        const refused = endpointRefusal(path, r, `${action} on ${resource} for execution role ${t.execution.arn}`);
        if (refused) return refused;
        if (!r.allowed) {
            return r.identityAllows
                ? broken(path, `${action} for execution role ${t.execution.arn} in the bucket policy of ${name}${fromWhere(r)}`, held?.resource ?? t.definition)
                : broken(path, `${action} on ${resource} in execution role ${t.execution.arn}'s policies${fromWhere(r)}`, t.execution.role);
        }
    }
    const bucket = ix.named(name, "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")[0];
    const key = bucketKey(ix, bucket);
    const gap = key && await keyGap(t.execution, key, "kms:Decrypt", { "kms:ViaService": `s3.${t.region}.amazonaws.com`, ...s3EncryptionContext(ix, bucket, bucketArn, object) }, t.account);
    return gap ? broken(path, `${gap.missing} (to read the file under the bucket's key)`, gap.change) : ok(path);
}

/** Every (task, bucket it is told about) path of the stack, and every environment file a task starts with. */
export async function bucketPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const t of tasksOf(ix)) {
        for (const { bucket, variable } of bucketsOf(ix, t)) {
            results.push(await bucketPath(ix, t, bucket, variable));
        }
        const files = t.containers.flatMap((c) => c.environmentFiles ?? []).filter((f) => f.type === "s3" && typeof f.value === "string" && f.value.startsWith("arn:aws:s3:::"));
        for (const file of new Set(files.map((f) => f.value!))) {
            results.push(await environmentFilePath(ix, t, file));
        }
    }
    return results;
}
