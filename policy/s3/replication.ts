import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, regionOf } from "../lib/stack";
import { S3_REPLICATION } from "../lib/tokens";
import { bucketName, bucketsOf, settingsOf } from "./buckets";
import { patternListProperty } from "../lib/config";

interface Rule {
    status?: string;
    destination?: { bucket?: string };
}

/** The destination buckets of a replication configuration that are managed in this stack. */
function destinations(config: PolicyResource, rules: Rule[], buckets: PolicyResource[], source: PolicyResource): PolicyResource[] {
    const arns = rules.map(r => r.destination?.bucket).filter((a): a is string => typeof a === "string");
    const byArn = buckets.filter(b => arns.includes(knownString(b, "arn") ?? ""));
    // During preview the destination ARN is unknown; the dependency on the bucket still says which one.
    const byDependency = (config.propertyDependencies.rules ?? []).filter(d => buckets.includes(d) && d !== source);
    return byArn.length > 0 ? byArn : byDependency;
}

export const s3StaticReplication = stackPolicy<{ replicatedBuckets: string[] }>({
    name: "s3-static-replication",
    description: "In prod, the static-assets bucket replicates to a bucket in another region.",
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
    },
    validate: (resources, report, { config }) => {
        const patterns = config.replicatedBuckets.map(p => new RegExp(p));
        const buckets = bucketsOf(resources);
        const replication = settingsOf(resources, S3_REPLICATION);
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
                const sourceRegion = regionOf(bucket);
                const targets = destinations(c, enabled, buckets, bucket);
                const sameRegion = targets.filter(t => {
                    const region = regionOf(t);
                    return region !== undefined && region === sourceRegion;
                });
                if (targets.length > 0 && sameRegion.length === targets.length) {
                    return `bucket ${name} replicates only within ${sourceRegion}; the replica must be in another region.`;
                }
                return "ok";
            });
            if (!judged.some(j => j === "ok" || j === "unknown")) {
                report(judged.join(" "), bucket.urn);
            }
        }
    },
});
