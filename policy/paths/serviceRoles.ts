/**
 * What the roles handed to delivering services must grant: VPC Flow Logs writes streams into its
 * log group with the flow log's role; a Synthetics canary writes its artifacts to its S3 location
 * (listing the account's buckets, locating its own, and through the artifacts key) with its execution role,
 * through the bucket's policy (what else it does as that role on every run: metricProducers.ts);
 * RDS Enhanced Monitoring sends each instance's OS metrics into RDSOSMetrics with the instance's
 * monitoringRoleArn. A role pointed at another group or prefix, or that lost its policy, is valid
 * IAM, and delivery stops silently.
 */
import { ask, asRole, bucketPolicyOf, endpointRefusal, fromWhere, keyAccess, keyGap, roleAccess } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { originsOf } from "./origin";
import { s3EncryptionContext } from "./buckets";
import { CANARY_RUN_REQUESTS, ENHANCED_MONITORING_REQUESTS, RDS_OS_METRICS_GROUP } from "../lib/facts/metricProducers";

const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const CANARY = "aws:synthetics/canary:Canary";
const BUCKET = "aws:s3/bucket:Bucket";
const DB_INSTANCE = "aws:rds/instance:Instance";

async function flowLogPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const fl of ix.ofType(FLOW_LOG)) {
        if ((fl.props.logDestinationType ?? "cloud-watch-logs") !== "cloud-watch-logs" || typeof fl.props.logDestination !== "string") continue;
        const role = fl.props.iamRoleArn !== undefined ? roleAccess(ix, fl.props.iamRoleArn, { resource: fl, property: "iamRoleArn" }) : undefined;
        const group = fl.props.logDestination.replace(/:\*$/, "");
        const account = arnParts(group).account;
        if (!role || !account || role.managed.length > 0) continue;
        const path = `flow log ${fl.props.name ?? fl.name} delivers to ${group.split(":log-group:")[1]}`;
        let gap: string | undefined;
        for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
            if (!(await ask({ action, resource: `${group}:log-stream:eni-probe-all`, account, ...asRole(role) })).allowed) { gap = action; break; }
        }
        results.push(gap ? broken(path, `${gap} on ${group} in role ${role.arn}'s policies (the flow log's iamRoleArn)`, role.role) : ok(path));
    }
    return results;
}

async function canaryPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const canary of ix.ofType(CANARY)) {
        const location = /^s3:\/\/([^/]+)\/?(.*)$/.exec(String(canary.props.artifactS3Location ?? ""));
        const role = canary.props.executionRoleArn !== undefined ? roleAccess(ix, canary.props.executionRoleArn, { resource: canary, property: "executionRoleArn" }) : undefined;
        const account = role && arnParts(role.arn).account;
        const region = arnParts(canary.props.arn).region ?? canary.props.region;
        if (!location || !role || !account || role.managed.length > 0) continue;
        const [, bucketName, prefix] = location;
        const path = `canary ${canary.props.name ?? canary.name} stores its artifacts in s3://${bucketName}/${prefix}`;
        const bucketArn = `arn:aws:s3:::${bucketName}`;
        const object = `${bucketArn}/${prefix.replace(/\/?$/, "/")}probe/run.har`;
        // What Synthetics calls before and for the upload (CANARY_RUN_REQUESTS.artifacts): ListAllMyBuckets names no bucket.
        const needs = CANARY_RUN_REQUESTS.artifacts.map((action): [string, string] => [action, action === "s3:PutObject" ? object : action === "s3:ListAllMyBuckets" ? "*" : bucketArn]);
        // The bucket's own policy decides too, for the request as it leaves the canary's network.
        const held = bucketPolicyOf(ix, bucketName);
        let gap: { missing: string; change: PathResource } | undefined;
        for (const [action, resource] of needs) {
            const r = await ask({ action, resource, account, ...asRole(role), resourcePolicy: resource === "*" ? undefined : held?.policy, ...(region ? { from: originsOf(ix, canary, action, region) } : {}) });
            if (r.allowed) continue;
            const refused = endpointRefusal(path, r, `${action} on ${resource} for role ${role.arn}`);
            gap = refused ? { missing: refused.missing!, change: r.endpointRefused! } : r.identityAllows && held
                ? { missing: `${action} on ${resource} for role ${role.arn}: the bucket policy refuses it${fromWhere(r)}`, change: held.resource }
                : { missing: `${action} on ${resource} in role ${role.arn}'s policies (the canary's executionRoleArn)${fromWhere(r)}`, change: role.role };
            break;
        }
        if (gap) { results.push(broken(path, gap.missing, gap.change)); continue; }
        const keyArn = canary.props.artifactConfig?.s3Encryption?.kmsKeyArn;
        const key = keyArn !== undefined ? keyAccess(ix, keyArn, { resource: canary, property: "artifactConfig" }) : undefined;
        const keyMissing = key && region && await keyGap(role, key, "kms:GenerateDataKey",
            { "kms:ViaService": `s3.${region}.amazonaws.com`, ...s3EncryptionContext(ix, ix.named(bucketName, BUCKET)[0], bucketArn, object) }, account);
        results.push(keyMissing ? broken(path, `${keyMissing.missing} (to encrypt the artifacts)`, keyMissing.change) : ok(path));
    }
    return results;
}

/** Each instance with Enhanced Monitoring on: its monitoring role may create RDSOSMetrics and write the instance's stream. */
async function enhancedMonitoringPaths(ix: StackIndex): Promise<PathResult[]> {
    const results: PathResult[] = [];
    for (const db of ix.ofType(DB_INSTANCE)) {
        if (!(Number(db.props.monitoringInterval ?? 0) > 0) || db.props.monitoringRoleArn === undefined) continue;
        const role = roleAccess(ix, db.props.monitoringRoleArn, { resource: db, property: "monitoringRoleArn" });
        const account = role && arnParts(role.arn).account;
        const region = arnParts(db.props.arn).region ?? db.props.region;
        // A managed policy the pack holds no document for may grant it (ownership-references judges a role outside the stack).
        if (!role || !account || !region || role.managed.length > 0) continue;
        const group = `arn:aws:logs:${region}:${account}:log-group:${RDS_OS_METRICS_GROUP}`;
        const requests: Array<[string, string]> = [
            ...ENHANCED_MONITORING_REQUESTS.group.map((action): [string, string] => [action, group]),
            ...ENHANCED_MONITORING_REQUESTS.stream.map((action): [string, string] => [action, `${group}:log-stream:${db.props.resourceId ?? "db-probe"}`]),
        ];
        const path = `database ${db.props.identifier ?? db.name} sends its OS metrics (Enhanced Monitoring) to ${RDS_OS_METRICS_GROUP}`;
        let gap: string | undefined;
        for (const [action, resource] of requests) {
            const r = await ask({ action, resource, account, ...asRole(role) });
            if (!r.allowed) { gap = `${action} on ${resource} in role ${role.arn}'s policies (the instance's monitoringRoleArn${r.explicitlyDenied ? ": an explicit Deny refuses it" : ""})`; break; }
        }
        results.push(gap ? broken(path, gap, role.role) : ok(path));
    }
    return results;
}

export async function serviceRolePaths(ix: StackIndex): Promise<PathResult[]> {
    const [flows, canaries, monitoring] = await Promise.all([flowLogPaths(ix), canaryPaths(ix), enhancedMonitoringPaths(ix)]);
    return [...flows, ...canaries, ...monitoring];
}
