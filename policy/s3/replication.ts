import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, regionOf } from "../lib/stack";
import { S3_REPLICATION } from "../lib/tokens";
import { bucketName, bucketsOf, settingsOf } from "./buckets";
import { drRegionProperty, patternListProperty } from "../lib/config";
import { regionState } from "../lib/role";

interface Rule {
    status?: string;
    destination?: { bucket?: string };
    /** The V1 rule filter, still accepted: a key prefix. */
    prefix?: string;
    filter?: { prefix?: string; tag?: unknown; and?: { prefix?: string; tags?: Record<string, string> } };
}

/**
 * What part of the bucket a rule replicates that it should not leave out: a prefix or tag filter
 * replicates only the objects written under it (S3 replicates per object, by its key and tags),
 * so a rule filtered to a prefix the application never writes copies nothing. Undefined when the
 * rule covers every object.
 */
export function ruleFilterLimit(rule: Rule): string | undefined {
    const prefix = rule.filter?.prefix ?? rule.filter?.and?.prefix ?? rule.prefix;
    if (typeof prefix === "string" && prefix !== "") {
        return `objects under the prefix ${JSON.stringify(prefix)}`;
    }
    const tags = rule.filter?.tag !== undefined || Object.keys(rule.filter?.and?.tags ?? {}).length > 0;
    return tags ? "objects carrying the filter's tags" : undefined;
}

/** The destination buckets of a replication configuration that are managed in this stack. */
function destinations(config: PolicyResource, rules: Rule[], buckets: PolicyResource[], source: PolicyResource): PolicyResource[] {
    const arns = rules.map(r => r.destination?.bucket).filter((a): a is string => typeof a === "string");
    const byArn = buckets.filter(b => arns.includes(knownString(b, "arn") ?? ""));
    // During preview the destination ARN is unknown; the dependency on the bucket still says which one.
    const byDependency = (config.propertyDependencies.rules ?? []).filter(d => buckets.includes(d) && d !== source);
    return byArn.length > 0 ? byArn : byDependency;
}

export const s3StaticReplication = stackPolicy<{ replicatedBuckets: string[]; drRegion: string }>({
    name: "s3-static-replication",
    description: "In prod, the static-assets bucket replicates every object (a rule without prefix or tag filter) to a bucket in the dr region (drRegion); a fenced prod (its drFenced output) has no Enabled rule on it.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "high",
        guideSection: "Disaster Recovery › AWS Multi-Region Recovery (put-bucket-replication --bucket expertconnect-prod-static)",
        fsbpControl: "S3.7",
        remediationSteps: "Add an aws.s3.BucketReplicationConfig on the static bucket with an Enabled rule whose destination is the versioned replica bucket in us-west-2.",
    },
    config: {
        replicatedBuckets: patternListProperty(["-static$"], "Regular expressions; buckets whose name matches one must be replicated cross-region."),
        drRegion: drRegionProperty(),
    },
    validate: (resources, report, { config }) => {
        const patterns = config.replicatedBuckets.map(p => new RegExp(p));
        const buckets = bucketsOf(resources);
        const replication = settingsOf(resources, S3_REPLICATION);
        // A fenced prod (its drFenced output) pauses the rule instead: its backlog of old objects
        // would overwrite files dr wrote while it was the primary.
        if (regionState(config.environment, false, resources)?.fenced) {
            for (const bucket of buckets.filter(b => patterns.some(p => p.test(bucketName(b))))) {
                const enabled = (replication.get(bucket) ?? []).some(c => (knownDeep(() => c.props.rules as Rule[] | undefined) ?? []).some(r => r.status === "Enabled"));
                if (enabled) report(`bucket ${bucketName(bucket)} still replicates (an Enabled rule) although prod is fenced: its backlog overwrites, in the dr region, files dr wrote while it was the primary; disable the rule (the program pauses it).`, bucket.urn);
            }
            return;
        }
        for (const bucket of buckets.filter(b => patterns.some(p => p.test(bucketName(b))))) {
            const configs = replication.get(bucket) ?? [];
            const name = bucketName(bucket);
            if (configs.length === 0) {
                report(`bucket ${name} has no replication configuration.`, bucket.urn);
                continue;
            }
            const judged = configs.map(c => {
                const rules = knownDeep(() => c.props.rules as Rule[] | undefined);
                if (rules === undefined) {
                    return "unknown";
                }
                const enabled = rules.filter(r => r.status === "Enabled");
                if (enabled.length === 0) {
                    return `bucket ${name}'s replication has no Enabled rule.`;
                }
                const whole = enabled.filter(r => ruleFilterLimit(r) === undefined);
                if (whole.length === 0) {
                    return `bucket ${name}'s replication copies only ${enabled.map(r => ruleFilterLimit(r)).join(", ")}: remove the rule's filter (filter: {}) so every object is replicated.`;
                }
                // A destination outside the stack has no region the pack can read: can't judge it.
                const targets = destinations(c, whole, buckets, bucket);
                const regions = targets.map(t => regionOf(t));
                if (targets.length > 0 && !regions.some(r => r === undefined || r === config.drRegion)) {
                    return `bucket ${name} replicates to ${[...new Set(regions)].join(", ")}, not to the dr region ${config.drRegion}: the dr stack serves its replica there.`;
                }
                return "ok";
            });
            if (!judged.some(j => j === "ok" || j === "unknown")) {
                report(judged.join(" "), bucket.urn);
            }
        }
    },
});
