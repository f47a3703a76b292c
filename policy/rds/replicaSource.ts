/**
 * A read replica runs like its source. RDS upgrades a PostgreSQL replica's engine with its
 * source's major version (RDS user guide, "Choosing a major version for an RDS for PostgreSQL
 * upgrade": the read replicas are upgraded too), so the replica's own parameter group, the one
 * that applies once it is promoted, must be of the source's family; and a replica with less
 * memory than its source replays the source's writes slower (ReplicaLag grows past the RPO under
 * write load) and, once promoted, must carry the source's traffic. What the stack knows of the
 * source: the instance itself when the stack holds it, else what the stack that holds it publishes
 * through the stack reference (prod's outputs, read by dr: policy/lib/facts/databaseOutputs.ts).
 */
import { PolicyResource } from "@pulumi/policy";

import { GUIDE_DR } from "../dr/backupCopy";
import { stackPolicy } from "../lib/define";
import {
    DATABASE_ARN_OUTPUT, DATABASE_ENGINE_OUTPUT, DATABASE_INSTANCE_CLASS_OUTPUT, PublishedDatabaseEngine,
} from "../lib/facts/databaseOutputs";
import { instanceClassGib } from "../lib/facts/rdsMaxConnections";
import { DR_SERVING_PHASES } from "../lib/facts/roleProbe";
import { failoverPhase } from "../lib/role";
import { isUnknown, known, knownDeep, knownString, ofType, otherStackReferences, valueLinker } from "../lib/stack";
import { RDS_INSTANCE, RDS_PARAMETER_GROUP } from "../lib/tokens";
import { postgresMajor } from "./engine";
import { isReplica } from "./instance";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** A replica and what the stack knows of its source. */
export interface ReplicaOfSource {
    replica: PolicyResource;
    /** The source instance, when the stack holds it. */
    local?: PolicyResource;
    /** The outputs of the stack reference that publishes the source's ARN (prod's, read by dr). */
    published?: { reference: PolicyResource; arn: string; outputs: Record<string, unknown> };
    /**
     * The database was the source's replica and a failover promoted it: its engine is its own
     * from then on (prod may be upgraded while fenced), only its class is still held to prod's.
     */
    promoted?: boolean;
}

/**
 * Every read replica of the stack with its source: an instance of the stack its replicateSourceDb
 * names (identifier, ARN or id), else the stack reference whose `databaseArn` output is that ARN.
 * A replica whose source neither is known has no entry for its source (only `replica`).
 */
export function replicasWithSources(resources: PolicyResource[]): ReplicaOfSource[] {
    const instances = ofType(resources, RDS_INSTANCE);
    const replicas = instances.filter(db => known(() => isReplica(db.props), false));
    if (replicas.length === 0) {
        return [];
    }
    const sourceOf = valueLinker(instances, ["identifier", "arn", "id"]);
    // Any reference: a replica's source is never the replica's own stack's last deployment.
    const references = ofType(resources, [STACK_REFERENCE]).map(reference => ({
        reference, outputs: knownDeep(() => reference.props.outputs, undefined) as Record<string, unknown> | undefined,
    }));
    return replicas.map(replica => {
        const [local] = sourceOf(replica, "replicateSourceDb").filter(s => s !== replica);
        if (local !== undefined) {
            return { replica, local };
        }
        const arn = knownString(replica, "replicateSourceDb");
        const publisher = arn === undefined ? undefined : references.find(r => r.outputs?.[DATABASE_ARN_OUTPUT] === arn);
        return publisher ? { replica, published: { reference: publisher.reference, arn: arn!, outputs: publisher.outputs! } } : { replica };
    });
}

/**
 * The dr database once a failover made it serve (tagged FailoverPhase promote or promoted): no
 * longer a replica, it carries prod's traffic, so its class is held to that of the database the
 * stack's reference publishes (when exactly one is published).
 */
export function promotedWithSources(resources: PolicyResource[]): ReplicaOfSource[] {
    const serving = ofType(resources, RDS_INSTANCE).filter(db => {
        const phase = failoverPhase(db.props);
        return phase !== undefined && DR_SERVING_PHASES.includes(phase) && !known(() => isReplica(db.props), true);
    });
    if (serving.length === 0) {
        return [];
    }
    const publishers = otherStackReferences(resources).flatMap(reference => {
        const outputs = knownDeep(() => reference.props.outputs, undefined) as Record<string, unknown> | undefined;
        const arn = outputs?.[DATABASE_ARN_OUTPUT];
        return typeof arn === "string" && arn !== "" ? [{ reference, arn, outputs: outputs! }] : [];
    });
    return publishers.length === 1 ? serving.map(db => ({ replica: db, published: publishers[0], promoted: true })) : [];
}

/** What a replica must match of its source; undefined fields are not known. */
interface SourceEngine {
    /** How messages name the source. */
    name: string;
    major?: number;
    family?: string;
    instanceClass?: string;
    /** Outputs the publishing stack should carry and does not (an older source stack). */
    missing: string[];
    /** The database is the source's promoted replica (see {@link ReplicaOfSource}). */
    promoted?: boolean;
}

/** The parameter group family a PostgreSQL major version takes (`postgres17`). */
const postgresFamily = (major: number) => `postgres${major}`;
/** The major version a PostgreSQL family names (`postgres17` → 17), or undefined. */
const familyMajor = (family: string | undefined) => {
    const m = family === undefined ? null : /^postgres(\d+)$/.exec(family);
    return m ? Number(m[1]) : undefined;
};

/** The families of the stack's parameter groups a database's `parameterGroupName` names; undefined while unknown. */
function groupFamilies(db: PolicyResource, groupsOf: (source: PolicyResource, property: string) => PolicyResource[]): string[] | undefined {
    const groups = groupsOf(db, "parameterGroupName");
    if (groups.some(g => isUnknown(g, "family"))) {
        return undefined;
    }
    return groups.map(g => knownString(g, "family")).filter((f): f is string => f !== undefined);
}

/** What the stack knows of the source's engine and class, from the instance or from its stack's outputs. */
function sourceEngine(link: ReplicaOfSource, groupsOf: (source: PolicyResource, property: string) => PolicyResource[]): SourceEngine | undefined {
    if (link.local) {
        const family = groupFamilies(link.local, groupsOf)?.[0];
        return {
            name: link.local.name,
            major: postgresMajor(knownString(link.local, "engineVersion")) ?? familyMajor(family),
            family,
            instanceClass: knownString(link.local, "instanceClass"),
            missing: [],
        };
    }
    if (link.published) {
        const engine = (link.published.outputs[DATABASE_ENGINE_OUTPUT] ?? {}) as Partial<PublishedDatabaseEngine>;
        const instanceClass = link.published.outputs[DATABASE_INSTANCE_CLASS_OUTPUT];
        const family = typeof engine.parameterGroupFamily === "string" && engine.parameterGroupFamily !== "" ? engine.parameterGroupFamily : undefined;
        const missing = [
            ...(!link.promoted && family === undefined && postgresMajor(engine.version) === undefined ? [`${DATABASE_ENGINE_OUTPUT} (its version and parameter group family)`] : []),
            ...(typeof instanceClass === "string" && instanceClass !== "" ? [] : [`${DATABASE_INSTANCE_CLASS_OUTPUT}`]),
        ];
        return {
            name: `${link.published.arn} (published by stack reference ${link.published.reference.name})`,
            ...(link.promoted ? {} : { major: postgresMajor(engine.version) ?? familyMajor(family), family }),
            instanceClass: typeof instanceClass === "string" && instanceClass !== "" ? instanceClass : undefined,
            missing,
            promoted: link.promoted,
        };
    }
    return undefined;
}

/** Why `replica` does not run like its source, or [] when it does (or nothing known can tell). */
export function replicaSourceProblems(replica: PolicyResource, replicaFamilies: string[] | undefined, source: SourceEngine): string[] {
    const problems: string[] = [];
    if (source.missing.length > 0) {
        problems.push(`its source ${source.name} is published without ${source.missing.join(" and ")}, so nothing tells whether the replica runs like it: ` +
            "deploy the source's stack first (it exports them, index.ts), then this one");
    }
    const expected = source.family ?? (source.major !== undefined ? postgresFamily(source.major) : undefined);
    for (const family of expected === undefined ? [] : replicaFamilies ?? []) {
        if (family !== expected) {
            problems.push(`its parameter group is of family ${family}, but its source ${source.name} runs ${expected}: RDS upgrades a replica's engine with its source's, ` +
                `so a group of another family cannot be applied to it, and the group that applies once it is promoted is not the one the stack declares; give it a group of family ${expected}`);
        }
    }
    const declared = postgresMajor(knownString(replica, "engineVersion"));
    if (declared !== undefined && source.major !== undefined && declared !== source.major) {
        problems.push(`engineVersion is ${knownString(replica, "engineVersion")}, but its source ${source.name} runs PostgreSQL ${source.major}: ` +
            "a replica runs its source's version (RDS upgrades it with the source), and a deployment asking for another fails or fights the upgrade; leave engineVersion to the source");
    }
    const replicaClass = knownString(replica, "instanceClass");
    const ownGib = replicaClass === undefined ? undefined : instanceClassGib(replicaClass);
    const sourceGib = source.instanceClass === undefined ? undefined : instanceClassGib(source.instanceClass);
    if (ownGib !== undefined && sourceGib !== undefined && ownGib < sourceGib) {
        const why = source.promoted
            ? "promoted by the failover, it now carries its former source's traffic with less memory"
            : "a smaller replica replays its source's writes slower (its lag grows past the recovery point under write load) and, once promoted, carries the source's traffic";
        problems.push(`instanceClass ${replicaClass} has ${ownGib} GiB of memory, less than its source's ${source.instanceClass} (${sourceGib} GiB): ${why}; ` +
            `give it at least ${sourceGib} GiB (${source.instanceClass} or larger)`);
    }
    return problems;
}

export const rdsReplicaMatchesSource = stackPolicy({
    name: "rds-replica-matches-source",
    description: "A read replica runs like its source: its parameter group is of the source's family (and any engineVersion it declares is the source's major), since RDS upgrades a PostgreSQL replica with its source, " +
        "and its instance class has at least the source's memory; the source is the instance when the stack holds it, else what the stack reference publishes " +
        "(prod's databaseArn, databaseEngine and databaseInstanceClass outputs, read by dr), so an upgrade or a resize deployed to prod alone is caught at dr's next preview. " +
        "The dr database promoted by a failover (FailoverPhase promote or promoted) still has at least prod's memory, since it carries prod's traffic (its engine is its own from then on).",
    enforcementLevel: "mandatory",
    onlyWith: RDS_INSTANCE[0],
    types: [...RDS_INSTANCE, ...RDS_PARAMETER_GROUP],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (create-db-instance-read-replica expertconnect-dr-db: the replica takes over prod's data and traffic)`,
        fsbpControl: undefined,
        remediationSteps: "Give the replica a parameter group of its source's family (the program takes it from prod's databaseEngine output) and no engineVersion of its own, " +
            "and an instance class with at least its source's memory (the dr stack's database.instanceClass: raise it with prod's); deploy prod first so its outputs carry what dr follows.",
    },
    validate: (resources, report) => {
        const links = [...replicasWithSources(resources), ...promotedWithSources(resources)];
        if (links.length === 0) {
            return;
        }
        const groupsOf = valueLinker(ofType(resources, RDS_PARAMETER_GROUP), ["name", "id"]);
        for (const link of links) {
            const source = sourceEngine(link, groupsOf);
            if (source === undefined) {
                continue; // a source neither held nor published: dr-database-replica and ownership-references judge it
            }
            for (const problem of replicaSourceProblems(link.replica, groupFamilies(link.replica, groupsOf), source)) {
                report(`database ${link.replica.name}: ${problem}.`, link.replica.urn);
            }
        }
    },
});
