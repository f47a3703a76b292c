/**
 * Where a resource puts data: the regions it lives in or sends copies to. Read from values, the
 * way AWS reads them, rather than from a list of known replication settings, so a construct the
 * pack has never seen is judged the same way:
 * - the resource's own region (its v7 `region`, its ARN, its provider's region): an RDS
 *   automated-backups replication, a cross-region read replica, a KMS replica key, a DynamoDB
 *   table replica, an EBS snapshot or AMI copy, a log group, a parameter are created where the
 *   copy lives;
 * - every property named for a region (`region`, `regionName`, `destinationRegion`,
 *   `awslogs-region` …): a secret's `replicas[].region`, a DynamoDB table's `replicas[].regionName`,
 *   an RDS snapshot copy's `destinationRegion`, a container's log driver region;
 * - every ARN a property names with a region: an AWS Backup copy action's `destinationVaultArn`,
 *   a log subscription's `destinationArn`, a Firehose or Kinesis target, an EventBridge target, an
 *   SNS subscription's queue or function;
 * - every bucket a property names (an S3 ARN carries no region, a name none at all): a replication
 *   rule's destination, a delivery stream's, a trail's or a log's bucket, placed where the stack
 *   creates that bucket.
 * JSON documents held in a string (container definitions, a delivery configuration) are read
 * too, except access policies: a grant names what may be reached, not where data is put.
 */
import { PolicyResource } from "@pulumi/policy";

import { REGION_NAME } from "../lib/facts/drRegion";
import { known, knownString, ofType, regionOf } from "../lib/stack";
import { S3_BUCKET } from "../lib/tokens";

/** A region a resource puts data in, and the property (a path into its inputs) that says so. */
export interface Placement {
    field: string;
    region: string;
}

/** An AWS region name (policy/lib/facts/drRegion.ts). */
const REGION = new RegExp(`^${REGION_NAME}$`);
/** Property names that hold a region: `region`, `regionName`, `destinationRegion`, `awslogs-region`; not `regions` (Route 53 checkers). */
const REGION_KEY = /(?:^|[a-z_-])region(?:name)?$/i;
/** Property names that hold a bucket's name or ARN: `bucket`, `s3BucketName`, `targetBucket`, `bucketArn`. */
const BUCKET_KEY = /(?:^|[a-z])bucket(?:name|arn)?$/i;
/** Properties that say nothing about where data goes: labels, and access policies (grants, judged by the IAM policies). */
const SKIPPED_KEY = /^(?:tags|tagsAll|description)$|policy$/i;

/**
 * Services with no region of their own: an IAM role or a hosted zone created through a provider
 * of any region is the same global resource and holds no copy of data there (Route 53's resolver
 * endpoints are regional).
 */
const GLOBAL_TYPE = /^aws:(?:iam|cloudfront|organizations|budgets|costexplorer|shield|globalaccelerator|account)\/|^aws:route53\/(?!resolver)/;

/** The stack's buckets by name, with the region each is created in. */
export function bucketRegions(resources: PolicyResource[]): Map<string, string> {
    const regions = new Map<string, string>();
    for (const b of ofType(resources, S3_BUCKET)) {
        const name = knownString(b, "bucket");
        const region = regionOf(b);
        if (name !== undefined && region !== undefined) {
            regions.set(name, region);
        }
    }
    return regions;
}

/** The region a string value places data in: a region named by a region property, an ARN's region, or a bucket's. */
function regionOfValue(key: string, value: string, buckets: ReadonlyMap<string, string>): string | undefined {
    if (REGION_KEY.test(key) && REGION.test(value)) {
        return value;
    }
    if (value.startsWith("arn:")) {
        const parts = value.split(":");
        if (parts[2] === "s3" && parts[3] === "") {
            return buckets.get(parts.slice(5).join(":").split("/")[0]);
        }
        return REGION.test(parts[3] ?? "") ? parts[3] : undefined;
    }
    return BUCKET_KEY.test(key) ? buckets.get(value) : undefined;
}

/** A JSON document held in a string, or undefined when the string is not one. */
function parsedDocument(value: string): unknown {
    const head = value.trimStart()[0];
    if (head !== "{" && head !== "[") {
        return undefined;
    }
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/** The placements named anywhere inside `value`, found under `path`. */
export function valuePlacements(key: string, path: string, value: unknown, buckets: ReadonlyMap<string, string>): Placement[] {
    const found: Placement[] = [];
    collect(key, [path], value, buckets, found);
    return found;
}

/**
 * Walks `value` once, adding what it places to `found`; the property path is a stack of parts
 * joined only for a hit, so the walk allocates nothing per node (it reads every property of the stack).
 */
function collect(key: string, path: string[], value: unknown, buckets: ReadonlyMap<string, string>, found: Placement[]): void {
    if (SKIPPED_KEY.test(key)) {
        return;
    }
    if (typeof value === "string") {
        const region = regionOfValue(key, value, buckets);
        if (region !== undefined) {
            found.push({ field: path.join(""), region });
            return;
        }
        const document = parsedDocument(value);
        if (document !== undefined) {
            collect(key, path, document, buckets, found);
        }
    } else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            path.push(`[${i}]`);
            collect(key, path, value[i], buckets, found);
            path.pop();
        }
    } else if (typeof value === "object" && value !== null) {
        for (const k of Object.keys(value)) {
            path.push(path.length === 1 && path[0] === "" ? k : `.${k}`);
            collect(k, path, (value as Record<string, unknown>)[k], buckets, found);
            path.pop();
        }
    }
}

/** Every region `resource` puts data in, with the property that says so (unknown values wait for the deployed state). */
export function placementsOf(resource: PolicyResource, buckets: ReadonlyMap<string, string>): Placement[] {
    if (!resource.type.startsWith("aws:")) {
        return [];
    }
    const own = GLOBAL_TYPE.test(resource.type) ? undefined : regionOf(resource);
    const keys = known(() => Object.keys(resource.props), [] as string[]);
    // Walked in place (no copy out of the unknown-checking proxy): an unknown value anywhere in a
    // property leaves that property unjudged until the deployed state.
    const named = keys.flatMap(k => known(() => valuePlacements(k, k, resource.props[k], buckets), [] as Placement[]));
    return [...(own !== undefined ? [{ field: "region", region: own }] : []), ...named.filter(p => !(p.field === "region" && p.region === own))];
}
