import { PolicyResource } from "@pulumi/policy";

import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { S3_BUCKET } from "../lib/tokens";
import { HOLDS_DATA_TAG, holdsData } from "../lib/facts/dataHolders";

/** A bucket that holds nothing worth keeping carries HoldsData=false (policy/lib/facts/dataHolders.ts): the documented opt-out from versioning and protection. */
export { HOLDS_DATA_TAG, holdsData };

/** The operators' guide section the bucket policies enforce. */
export const GUIDE_S3 = "Backup and Recovery › Application Backup (expertconnect-prod-static, expertconnect-backup)";

/** A bucket's physical name, or its logical name while the physical one is unknown. */
export function bucketName(bucket: PolicyResource): string {
    return knownString(bucket, "bucket") ?? bucket.name;
}

/** Every bucket in the stack. */
export function bucketsOf(resources: PolicyResource[]): PolicyResource[] {
    return ofType(resources, S3_BUCKET);
}

/**
 * The settings resources (encryption, public access block, policy, versioning, replication) of
 * each bucket. In v7 these are separate resources whose `bucket` input is the bucket's name.
 */
export function settingsOf(resources: PolicyResource[], types: readonly string[]): Map<PolicyResource, PolicyResource[]> {
    const buckets = bucketsOf(resources);
    const result = new Map<PolicyResource, PolicyResource[]>(buckets.map(b => [b, []]));
    const bucketOf = linker(buckets, ["bucket", "id"]);
    for (const setting of ofType(resources, types)) {
        for (const bucket of bucketOf(setting, "bucket")) {
            result.get(bucket)!.push(setting);
        }
    }
    return result;
}

/** Whether a stack resource holds data (reads its tags; unknown tags count as holding data). */
export function bucketHoldsData(bucket: PolicyResource): boolean {
    return holdsData(knownDeep(() => bucket.props.tags));
}
