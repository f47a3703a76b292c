import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { BACKUP_RETENTION_FLOOR_DAYS } from "../lib/facts/retention";
import { FAILOVER_PHASE_TAG, failoverPhase, SERVING_PHASES, stackPhase } from "../lib/role";
import { known, knownDeep, knownString, ofType, regionOf, regionOfArn } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";
import { GUIDE_DR } from "./backupCopy";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** Every RDS instance ARN among a stack reference's outputs (nested maps included). */
function databaseArns(value: unknown): string[] {
    if (typeof value === "string") {
        return /^arn:aws[\w-]*:rds:[^:]+:\d{12}:db:/.test(value) ? [value] : [];
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value as Record<string, unknown>).flatMap(databaseArns);
    }
    return [];
}

/**
 * The databases the stack's stack references publish (prod's `databaseArn`): what a dr replica
 * may replicate. Empty when the stack reads no other stack or the outputs are not known yet.
 */
function publishedSources(resources: PolicyResource[]): string[] {
    return ofType(resources, [STACK_REFERENCE]).flatMap(r => databaseArns(knownDeep(() => r.props.outputs, {})));
}

/** Why `db`, a dr database, would not come through a failover with its data, or [] when it would. */
function protectionProblems(db: PolicyResource, minimumDays: number): string[] {
    const problems: string[] = [];
    if (known(() => db.props.deletionProtection, true) !== true) {
        problems.push("deletionProtection is off: one delete-db-instance (or a replaced resource) loses the only copy of prod's data in this region");
    }
    const retention = known(() => db.props.backupRetentionPeriod, minimumDays);
    if (typeof retention !== "number" || retention < minimumDays) {
        problems.push(`backupRetentionPeriod is ${typeof retention === "number" ? `${retention} days` : "unset"} (at least ${minimumDays} days): once promoted it has no point-in-time recovery`);
    }
    return problems;
}

export const drDatabaseReplica = stackPolicy<{ minimumBackupRetentionDays: number }>({
    name: "dr-database-replica",
    description: "The dr stack holds a cross-region read replica of prod's database (every database, while on standby: of the database the prod stack reference publishes), or the promoted copy after a failover (no longer a replica from promote on); in every phase it has deletion protection and at least minimumBackupRetentionDays of automated backups.",
    enforcementLevel: "mandatory",
    environments: ["dr"],
    metadata: {
        severity: "high",
        guideSection: `${GUIDE_DR} (create-db-instance-read-replica expertconnect-dr-db)`,
        fsbpControl: undefined,
        remediationSteps: "Create expertconnect-dr-db with replicateSourceDb set to prod's instance ARN (from the prod stack reference), a kmsKeyId in the dr region, " +
            "deletionProtection true and backupRetentionPeriod of at least the minimum (PostgreSQL replicas keep backups from 14.1).",
    },
    config: {
        minimumBackupRetentionDays: {
            type: "integer", minimum: 1, maximum: 35, default: BACKUP_RETENTION_FLOOR_DAYS,
            description: `Fewest days of automated backups the dr database keeps in every phase (default ${BACKUP_RETENTION_FLOOR_DAYS}, the guide's retention).`,
        },
    },
    validate: (resources, report, { config }) => {
        const instances = ofType(resources, RDS_INSTANCE);
        if (instances.length === 0) {
            report("the dr stack has no database: neither a replica of prod nor a promoted copy.");
            return;
        }
        const stackWide = stackPhase(resources);
        const published = publishedSources(resources);
        for (const db of instances) {
            // The stack's outputs are the deployed state: a console change shows here as well.
            for (const problem of protectionProblems(db, config.minimumBackupRetentionDays)) {
                report(`database ${db.name}: ${problem}.`, db.urn);
            }
            // Until a failover begins the dr stack is on standby and its databases must replicate prod.
            // The database's own phase tag decides, then the stack's drPhase output; a tag elsewhere does not.
            const phase = failoverPhase(db.props) ?? stackWide;
            const standby = phase === undefined || !SERVING_PHASES.includes(phase);
            if (standby && !known(() => "replicateSourceDb" in db.props && db.props.replicateSourceDb !== "", true)) {
                report(`database ${db.name} is a standalone database while the dr stack is on standby: it holds none of prod's data ` +
                    "(set replicateSourceDb to prod's instance ARN; only a failover, FailoverPhase=promote, removes it).", db.urn);
                continue;
            }
            const source = knownString(db, "replicateSourceDb");
            if (!standby && source !== undefined && source !== "") {
                // RDS keeps a replica read-only until it is promoted: the phase says the services
                // write here (promote on), so every write would fail, or, should prod come back,
                // land nowhere the failover counted on.
                report(`database ${db.name} is in ${FAILOVER_PHASE_TAG}=${phase} but still replicates ${source}: a read replica refuses every write the services now send it. ` +
                    "Promote it (remove replicateSourceDb: components/dr/phase.ts does from promote on) or keep the stack on standby.", db.urn);
                continue;
            }
            const region = regionOf(db);
            // RDS accepts a bare identifier only for a replica in the same region; cross-region needs the ARN.
            const sourceRegion = source?.startsWith("arn:") ? regionOfArn(source) : source !== undefined ? region : undefined;
            if (source !== undefined && sourceRegion !== undefined && sourceRegion === region) {
                report(`database ${db.name} replicates ${source} from its own region ${region}: it does not survive a regional outage.`, db.urn);
            } else if (source !== undefined && published.length > 0 && !published.includes(source)) {
                report(`database ${db.name} replicates ${source}, not the database the prod stack reference publishes (${published.join(", ")}): ` +
                    "a failover would promote another database's data. Set replicateSourceDb to the prod stack's databaseArn output.", db.urn);
            }
        }
    },
});
