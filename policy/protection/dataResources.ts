import { PolicyResource, ReportViolation, StackValidationPolicy } from "@pulumi/policy";

import { isWritten, writtenGroups } from "../cloudwatch/logWriters";
import { GuardPolicy, resourcePolicy, stackPolicy } from "../lib/define";
import { DATA_HOLDERS, HOLDS_DATA_TAG, holdsData } from "../lib/facts/dataHolders";
import { knownString, ofType } from "../lib/stack";
import { BACKUP_VAULT } from "../lib/tokens";

interface ProtectionConfig { exemptResources: string[] }

/** Types that hold data from creation: judged one resource at a time. */
const HELD_FROM_CREATION = Object.keys(DATA_HOLDERS).filter((t) => !DATA_HOLDERS[t].heldOnceWritten);
/** Types that hold data once a producer of the stack writes them (log groups): judged across the stack. */
const HELD_ONCE_WRITTEN = Object.keys(DATA_HOLDERS).filter((t) => DATA_HOLDERS[t].heldOnceWritten);

const NAME = "protection-data-resources";
const DESCRIPTION = `Every resource that holds data or state (policy/lib/facts/dataHolders.ts: databases and clusters, caches (ElastiCache has no deletion protection of its own), KMS keys, secrets, backup vaults, image repositories, GuardDuty detectors, buckets not tagged ${HOLDS_DATA_TAG}=false, and every log group a producer of the stack writes: the application's containers, data stores and functions, the trail, flow logs and firewall) has the protect option, so no destroy or replace can lose it, and buckets and vaults do not set forceDestroy, nor repositories forceDelete, which empty them when they are deleted.`;
const METADATA = {
    severity: "critical" as const,
    guideSection: "Backup and Recovery; Disaster Recovery",
    fsbpControl: undefined,
    remediationSteps: "Pass keptOptions(keep) from policy/lib/facts/dataHolders.ts ({ protect: true, retainOnDelete: true }) to the resource and leave forceDestroy (forceDelete on an ECR repository) unset (false). retainOnDelete is not carried by the analyzer protocol, so the pack cannot see it; " +
        "a deliberate exception goes in the exemptResources policy config (logical names) with its reason in the pull request.",
};
const CONFIG = {
    exemptResources: { type: "array" as const, items: { type: "string" as const, minLength: 1 }, uniqueItems: true, default: [], description: "Logical names deliberately left unprotected (default none)." },
};

const unprotected = (name: string, type: string) => `${name} is not protected: a destroy or a replacing change would delete ${DATA_HOLDERS[type].holds}.`;

const eachResource = resourcePolicy<ProtectionConfig>({
    name: NAME, description: DESCRIPTION, enforcementLevel: "mandatory", metadata: METADATA, config: CONFIG,
    types: HELD_FROM_CREATION,
    validate: (props, report, { args, config }) => {
        if (config.exemptResources.includes(args.name)) {
            return args.notApplicable("exempted in policy config");
        }
        if (DATA_HOLDERS[args.type].mayHoldNothing && !holdsData(props.tags)) {
            return args.notApplicable(`tagged ${HOLDS_DATA_TAG}=false`);
        }
        if (args.opts.protect !== true) {
            report(unprotected(args.name, args.type));
        }
        // forceDestroy deletes every object (every version) or recovery point first, so even a
        // delete that protect was lifted for, or a replace, cannot stop at a non-empty bucket or vault.
        if (props.forceDestroy === true) {
            report(`${args.name} sets forceDestroy: deleting it would first delete every ${(BACKUP_VAULT as readonly string[]).includes(args.type) ? "recovery point in it" : "object and version in it"}.`);
        }
        // An ECR repository's forceDelete deletes it with every image in it, the running release and
        // its rollback target included; without it ECR refuses to delete a repository that holds images.
        if (props.forceDelete === true) {
            report(`${args.name} sets forceDelete: deleting or replacing it would delete every image in it, the releases the services run included.`);
        }
    },
});

/**
 * Log groups hold data once a producer of the stack writes them (policy/cloudwatch/logWriters.ts
 * resolves each producer's group by value, as the service does): those must be protected. A group
 * created ahead of its writer holds nothing yet; one whose name is unknown (generated) or whose
 * writers are not all known (preview) is judged when they are.
 */
const writtenGroupsProtected = stackPolicy<ProtectionConfig>({
    name: NAME, description: DESCRIPTION, enforcementLevel: "mandatory", metadata: METADATA, config: CONFIG,
    types: HELD_ONCE_WRITTEN,
    onlyWith: HELD_ONCE_WRITTEN[0],
    validate: (resources: PolicyResource[], report: ReportViolation, { config }) => {
        const written = writtenGroups(resources);
        for (const group of ofType(resources, HELD_ONCE_WRITTEN)) {
            const name = knownString(group, "name");
            if (group.opts.protect === true || config.exemptResources.includes(group.name) || name === undefined || !isWritten(name, written)) continue;
            report(`${unprotected(group.name, group.type)} (${name} is written by a producer of the stack)`, group.urn);
        }
    },
});

/** Judged per resource (inputs and deployed state), and across the stack for the log groups its producers write. */
export const dataResourcesProtected: GuardPolicy = Object.assign(eachResource, {
    types: [...HELD_FROM_CREATION, ...HELD_ONCE_WRITTEN],
    validateStack: (writtenGroupsProtected as StackValidationPolicy).validateStack,
});
