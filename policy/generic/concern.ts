import { ConfigProperty, GuardMetadata, GuardPolicy, resourcePolicy } from "../lib/define";
import { Environment } from "../lib/config";
import { productionEvidence } from "../lib/role";
import { Rules } from "./checks";

interface ConcernDefinition {
    name: string;
    description: string;
    metadata: GuardMetadata;
    /** The check of each type the concern applies to. */
    rules: Rules;
    config?: Record<string, ConfigProperty>;
    environments?: readonly Environment[];
    /**
     * Applies wherever a resource serves production (lib/role.ts): in prod, and in dr to resources
     * tagged as prod's or with a serving failover phase. Implies environments prod and dr.
     * @default false
     */
    byRole?: boolean;
}

/** One mandatory policy judging one concern over every type of its rules table. */
export function concernPolicy(def: ConcernDefinition): GuardPolicy {
    return resourcePolicy<Record<string, unknown>>({
        name: def.name,
        description: def.description,
        enforcementLevel: "mandatory",
        metadata: def.metadata,
        config: def.config,
        environments: def.byRole ? ["prod", "dr"] : def.environments,
        types: Object.keys(def.rules),
        validate: (props, report, { args, config }) => {
            if (def.byRole && !productionEvidence(props, (config as { environment: Environment }).environment)) {
                return args.notApplicable("the resource does not serve production (dr stack, not tagged Environment=prod nor with a serving failover phase)");
            }
            for (const message of def.rules[args.type]?.(props, config) ?? []) {
                report(`${message}.`);
            }
        },
    });
}

/** Engines whose data ElastiCache and MemoryDB can snapshot and encrypt (not memcached). */
export function redisLike(props: Record<string, unknown>): boolean {
    return ["redis", "valkey"].includes(String(props.engine ?? "redis").toLowerCase());
}

/** A cache cluster that belongs to a replication group is judged through its group. */
export function standalone(props: Record<string, unknown>): boolean {
    return props.replicationGroupId === undefined || props.replicationGroupId === null || props.replicationGroupId === "";
}
