import { Props, resourcePolicy } from "../lib/define";
import { known } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";

/**
 * Storage types RDS no longer offers for new volumes: magnetic ("standard") is the previous
 * generation, capped at 3 TiB and 1,000 IOPS and without Elastic Volumes, so growing it is a long
 * storage migration rather than the online resize storage autoscaling relies on.
 */
const PREVIOUS_GENERATION_STORAGE = ["standard"];

/** A number of GiB from a value (a number, or digits as the state may hold them), or undefined. */
function gib(value: unknown): number | undefined {
    const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

/**
 * Why an instance can't grow its own storage before it fills up, or [] when it can. A replica
 * without allocatedStorage among its inputs (RDS copies the source's) is judged on its ceiling
 * alone; once deployed, its state holds both.
 */
export function storageAutoscalingProblems(props: Props): string[] {
    const problems: string[] = [];
    const storageType = known(() => props.storageType as unknown);
    if (typeof storageType === "string" && PREVIOUS_GENERATION_STORAGE.includes(storageType.toLowerCase())) {
        problems.push(`storageType is ${JSON.stringify(storageType)} (magnetic, previous generation: at most 3 TiB and 1,000 IOPS, no online resize); use gp3`);
    }
    const unknown = Symbol("unknown");
    const maxAllocated = known(() => props.maxAllocatedStorage as unknown, unknown);
    if (maxAllocated === unknown) {
        return problems; // computed during preview: judged once known (at the latest, on the deployed state)
    }
    const ceiling = gib(maxAllocated);
    const allocated = gib(known(() => props.allocatedStorage as unknown));
    if (ceiling === undefined || ceiling <= 0) {
        problems.push(`maxAllocatedStorage is ${ceiling === undefined ? "not set" : ceiling}: storage autoscaling is off, so the database stops accepting writes when its ` +
            `${allocated === undefined ? "" : `${allocated} GiB of `}storage fill up; set it above allocatedStorage (expertconnect:database.maxAllocatedStorageGb)`);
    } else if (allocated !== undefined && ceiling <= allocated) {
        problems.push(`maxAllocatedStorage (${ceiling} GiB) is not above allocatedStorage (${allocated} GiB): RDS has no room to grow the storage, ` +
            "so autoscaling is off in effect; raise maxAllocatedStorage (expertconnect:database.maxAllocatedStorageGb)");
    }
    return problems;
}

export const rdsStorageAutoscaling = resourcePolicy({
    name: "rds-storage-autoscaling",
    description: "Every RDS instance, a read replica included, grows its own storage before it fills up: storage autoscaling is on " +
        "(maxAllocatedStorage above allocatedStorage) on current-generation storage (not magnetic \"standard\"). Judged on the inputs and on the deployed state.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Scaling the Application › Vertical Scaling › AWS Deployment (the database grows without a modify-db-instance)",
        fsbpControl: undefined,
        remediationSteps: "Set maxAllocatedStorage above allocatedStorage (the program sends expertconnect:database.maxAllocatedStorageGb, which the config keeps above allocatedStorageGb) " +
            "and storageType gp3; a change made in the console is undone by `pulumi up`.",
    },
    types: RDS_INSTANCE,
    validate: (props, report) => {
        storageAutoscalingProblems(props).forEach(p => report(`${p}.`));
    },
});
