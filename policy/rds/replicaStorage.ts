import { PolicyResource } from "@pulumi/policy";

import { GUIDE_DR } from "../dr/backupCopy";
import { stackPolicy } from "../lib/define";
import { isUnknown, known, ofType, valueLinker } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";
import { isReplica } from "./instance";

/** A known positive number of GiB, or undefined. */
function gib(resource: PolicyResource, property: string): number | undefined {
    const value = known(() => resource.props[property]);
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return typeof n === "number" && n > 0 ? n : undefined;
}

/** The most storage an instance can reach: its autoscaling ceiling, else its allocated storage (undefined when neither is known). */
export function storageCeiling(allocated: number | undefined, maxAllocated: number | undefined): number | undefined {
    const known = [allocated, maxAllocated].filter((n): n is number => n !== undefined);
    return known.length === 0 ? undefined : Math.max(...known);
}

/**
 * Why `replica` could fill up before its source, or [] when it cannot. `source` is the source
 * instance when the stack holds it (a same-region replica), undefined for a source in another
 * stack (the dr replica of prod's database), whose sizes the replica's stack does not know.
 */
export function replicaStorageProblems(replica: PolicyResource, source: PolicyResource | undefined): string[] {
    const sizes = ["allocatedStorage", "maxAllocatedStorage"];
    if ([replica, ...(source ? [source] : [])].some(r => sizes.some(p => isUnknown(r, p)))) {
        return []; // judged once the sizes are known (at the latest, on the deployed state)
    }
    const allocated = gib(replica, "allocatedStorage");
    const maxAllocated = gib(replica, "maxAllocatedStorage");
    if (source === undefined) {
        // RDS copies the source's allocated storage to a new replica, not its autoscaling: without
        // its own ceiling the replica stays at the size it was created with while the source grows.
        if (maxAllocated === undefined) {
            return ["maxAllocatedStorage is not set: storage autoscaling is off on the replica (RDS does not carry the source's to it), " +
                "so once its source grows past the replica's size, replication stops and the replica fills up; set it to at least the source's ceiling"];
        }
        if (allocated !== undefined && maxAllocated <= allocated) {
            return [`maxAllocatedStorage (${maxAllocated} GiB) is not above allocatedStorage (${allocated} GiB): storage autoscaling is off on the replica, ` +
                "so it cannot follow its source's growth"];
        }
        return [];
    }
    const sourceCeiling = storageCeiling(gib(source, "allocatedStorage"), gib(source, "maxAllocatedStorage"));
    const replicaCeiling = storageCeiling(allocated, maxAllocated);
    if (sourceCeiling !== undefined && (replicaCeiling === undefined || replicaCeiling < sourceCeiling)) {
        return [`can hold ${replicaCeiling === undefined ? "only the size it was created with" : `at most ${replicaCeiling} GiB`}, ` +
            `less than its source ${source.name} (up to ${sourceCeiling} GiB): set maxAllocatedStorage to at least ${sourceCeiling}`];
    }
    return [];
}

export const rdsReplicaStorage = stackPolicy({
    name: "rds-replica-storage",
    description: "A read replica can grow as far as its source: its storage ceiling (maxAllocatedStorage, else allocatedStorage) is at least its source's when the stack holds the source, " +
        "and it has storage autoscaling of its own when the source is another stack's (the dr replica of prod's database).",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (create-db-instance-read-replica expertconnect-dr-db: the replica takes over prod's data)`,
        fsbpControl: undefined,
        remediationSteps: "Set maxAllocatedStorage on the replica to at least its source's maxAllocatedStorage (the program gives the dr replica the stack's database.maxAllocatedStorageGb).",
    },
    validate: (resources, report) => {
        const instances = ofType(resources, RDS_INSTANCE);
        const replicas = instances.filter(db => known(() => isReplica(db.props), false));
        if (replicas.length === 0) {
            return;
        }
        const sourceOf = valueLinker(instances, ["identifier", "arn", "id"]);
        for (const replica of replicas) {
            const [source] = sourceOf(replica, "replicateSourceDb").filter(s => s !== replica);
            for (const problem of replicaStorageProblems(replica, source)) {
                report(`database ${replica.name}: ${problem}.`, replica.urn);
            }
        }
    },
});
