import { PolicyResource } from "@pulumi/policy";

import { GUIDE_DR } from "../dr/backupCopy";
import { stackPolicy } from "../lib/define";
import { DATABASE_STORAGE_OUTPUT } from "../lib/facts/databaseOutputs";
import { isUnknown, known } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";
import { ReplicaOfSource, replicasWithSources } from "./replicaSource";

/** A known positive number of GiB of a resource's property, or undefined. */
function gib(resource: PolicyResource, property: string): number | undefined {
    return asGib(known(() => resource.props[property]));
}

/** The most storage an instance can reach: its autoscaling ceiling, else its allocated storage (undefined when neither is known). */
export function storageCeiling(allocated: number | undefined, maxAllocated: number | undefined): number | undefined {
    const known = [allocated, maxAllocated].filter((n): n is number => n !== undefined);
    return known.length === 0 ? undefined : Math.max(...known);
}

/** What the replica's stack knows of its source: its name and sizes in GiB (undefined where unknown). */
export interface SourceStorage {
    name: string;
    allocated?: number;
    maxAllocated?: number;
}

/** A positive number of GiB from a value (a number, or digits), or undefined. */
function asGib(value: unknown): number | undefined {
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return typeof n === "number" && n > 0 ? n : undefined;
}

/** The same-stack source instance's sizes, or undefined while one is unknown (judged once known). */
function sourceInStack(source: PolicyResource): SourceStorage | undefined {
    if (["allocatedStorage", "maxAllocatedStorage"].some(p => isUnknown(source, p))) {
        return undefined;
    }
    return { name: source.name, allocated: gib(source, "allocatedStorage"), maxAllocated: gib(source, "maxAllocatedStorage") };
}

/** The sizes another stack publishes for its database through a stack reference's outputs (prod's storage output, read by dr). */
function publishedStorage(published: NonNullable<ReplicaOfSource["published"]>): SourceStorage {
    const storage = (published.outputs[DATABASE_STORAGE_OUTPUT] ?? {}) as { allocated?: unknown; maxAllocated?: unknown };
    return {
        name: `${published.arn} (published by stack reference ${published.reference.name})`,
        allocated: asGib(storage.allocated),
        maxAllocated: asGib(storage.maxAllocated),
    };
}

/**
 * Why `replica` could fill up before its source, or [] when it cannot. `source` is what the stack
 * knows of the source (the instance when the stack holds it, the sizes another stack publishes),
 * undefined when it knows nothing of its sizes.
 */
export function replicaStorageProblems(replica: PolicyResource, source: SourceStorage | undefined): string[] {
    if (["allocatedStorage", "maxAllocatedStorage"].some(p => isUnknown(replica, p))) {
        return []; // judged once the sizes are known (at the latest, on the deployed state)
    }
    const allocated = gib(replica, "allocatedStorage");
    const maxAllocated = gib(replica, "maxAllocatedStorage");
    const sourceCeiling = source && storageCeiling(source.allocated, source.maxAllocated);
    if (source === undefined || sourceCeiling === undefined) {
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
    const replicaCeiling = storageCeiling(allocated, maxAllocated);
    if (replicaCeiling === undefined || replicaCeiling < sourceCeiling) {
        return [`can hold ${replicaCeiling === undefined ? "only the size it was created with" : `at most ${replicaCeiling} GiB`}, ` +
            `less than its source ${source.name} (up to ${sourceCeiling} GiB): set maxAllocatedStorage to at least ${sourceCeiling}`];
    }
    return [];
}

export const rdsReplicaStorage = stackPolicy({
    name: "rds-replica-storage",
    description: "A read replica can grow as far as its source: its storage ceiling (maxAllocatedStorage, else allocatedStorage) is at least its source's, " +
        "whether the stack holds the source or another stack publishes it (prod's databaseArn and databaseStorageGb outputs, read by dr through its stack reference); " +
        "with nothing known of the source's size it has storage autoscaling of its own.",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (create-db-instance-read-replica expertconnect-dr-db: the replica takes over prod's data)`,
        fsbpControl: undefined,
        remediationSteps: "Set maxAllocatedStorage on the replica to at least its source's maxAllocatedStorage (the program gives the dr replica the stack's database.maxAllocatedStorageGb, raised to the ceiling prod publishes).",
    },
    validate: (resources, report) => {
        for (const { replica, local, published } of replicasWithSources(resources)) {
            let source: SourceStorage | undefined;
            if (local !== undefined) {
                source = sourceInStack(local);
                if (source === undefined) {
                    continue; // the source's sizes are unknown during preview: judged on the deployed state
                }
            } else if (published !== undefined) {
                source = publishedStorage(published);
            }
            for (const problem of replicaStorageProblems(replica, source)) {
                report(`database ${replica.name}: ${problem}.`, replica.urn);
            }
        }
    },
});
