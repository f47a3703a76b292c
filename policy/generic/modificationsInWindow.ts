import { resourcePolicy } from "../lib/define";
import { IMMEDIATE_CHANGE_PHASES, interruptingChanges, MULTI_AZ_NOW_PHASE } from "../lib/facts/databaseModifications";
import { failoverPhase, FAILOVER_PHASE_TAG, productionEvidence } from "../lib/role";
import { known } from "../lib/stack";
import { ELASTICACHE_REPLICATION_GROUP, RDS_INSTANCE } from "../lib/tokens";

/** The input naming each judged type's store, for messages and the opt-out list. */
const IDENTIFIER: Record<string, string> = { [RDS_INSTANCE[0]]: "identifier", [ELASTICACHE_REPLICATION_GROUP[0]]: "replicationGroupId" };

export const dataModificationsInWindow = resourcePolicy<{ immediateChangesAllowed: string[] }>({
    name: "data-modifications-in-window",
    description: "A database or cache serving production (prod, or the dr database from its promotion on) leaves its modifications to the maintenance window: " +
        "applyImmediately is not true, since it pulls every pending change (engine upgrade, instance class, CA certificate, storage type, subnets; a cache's engine or node type) into the deployment, " +
        "with its restart or outage at whatever hour the deployment runs; except in the failover phases that need changes now (policy/lib/facts/databaseModifications.ts: promoted, failback) " +
        "or for a store listed in immediateChangesAllowed. In the promoted phase the reverse holds: a Multi-AZ primary must apply immediately, or its standby waits up to a week for the window.",
    enforcementLevel: "mandatory",
    // Both stacks: the environment (with the dr database's phase) says whether the store serves production.
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: "Maintenance Procedures › Regular Maintenance Tasks (maintenance in the weekly window); Disaster Recovery › Disaster Recovery Plan",
        fsbpControl: undefined,
        remediationSteps: "Remove applyImmediately from the production database and cache (components/data: it is false unless components/dr/phase.ts sets it for promoted and failback); " +
            "the change then applies in the maintenance window (expertconnect:database.maintenanceWindow), which data-windows-off-peak keeps outside the business day. " +
            "For an incident fix that cannot wait, list the identifier in this policy's immediateChangesAllowed in the stack's policy config, in the pull request that needs it, and remove it afterwards.",
    },
    config: {
        immediateChangesAllowed: {
            type: "array", items: { type: "string" }, uniqueItems: true, default: [],
            description: "RDS instance identifiers and ElastiCache replication group ids that may apply modifications at deployment time while serving production " +
                "(default []: none; an incident fix that cannot wait for the window, justified in its pull request).",
        },
    },
    types: [...RDS_INSTANCE, ...ELASTICACHE_REPLICATION_GROUP],
    validate: (props, report, { args, config }) => {
        const evidence = productionEvidence(props, config.environment);
        if (evidence === undefined) {
            return args.notApplicable("the store does not serve production (dr on standby)");
        }
        const rds = RDS_INSTANCE.includes(args.type as typeof RDS_INSTANCE[number]);
        const immediate = known(() => props.applyImmediately) === true;
        const phase = config.environment === "dr" ? failoverPhase(props) : undefined;
        if (phase !== undefined && IMMEDIATE_CHANGE_PHASES.includes(phase)) {
            if (rds && phase === MULTI_AZ_NOW_PHASE && known(() => props.multiAz) === true && !immediate) {
                report(`${FAILOVER_PHASE_TAG}=${phase} with multiAz true but applyImmediately not true: RDS queues the Multi-AZ conversion for the next maintenance window, ` +
                    "so the primary now serving production runs without a standby for up to a week. Set applyImmediately: true in this phase (components/dr/phase.ts).");
            }
            return;
        }
        const id = known(() => props[IDENTIFIER[args.type]]);
        if (!immediate || (typeof id === "string" && config.immediateChangesAllowed.includes(id))) {
            return;
        }
        const interrupting = Object.entries(interruptingChanges(rds ? "rds" : "cache")).map(([name, what]) => `${name} (${what})`);
        report(`applyImmediately is true on ${typeof id === "string" ? id : "a store"} serving production (${evidence}${phase ? `, ${FAILOVER_PHASE_TAG}=${phase}` : ""}): ` +
            `every pending change is applied at deployment time instead of in the maintenance window, whatever the hour; a change to ${interrupting.join("; ")} then interrupts service while users work. ` +
            "Leave it unset (the change waits for the off-peak maintenance window), or list the store in immediateChangesAllowed for an incident fix.");
    },
});
