import * as pulumi from "@pulumi/pulumi";

import { QUERY_STATISTICS_LIBRARY, SLOW_QUERY_THRESHOLD_MS } from "../../policy/lib/facts/databaseParameters";
import { MASTER_USERNAME } from "../../policy/lib/facts/purposes";
import { BIND_VALUES_LOGGED_LENGTH } from "../../policy/lib/facts/statementLogging";

/**
 * Decisions about the PostgreSQL instance, kept pure so they are tested without mocks and so
 * the disaster-recovery phases can build on them (promote = replica settings without
 * `replicateSourceDb`, promoted = plus backups and Multi-AZ).
 */

/** Sizing and schedule of the instance; the stack config's `expertconnect:database` section. */
export interface DatabaseSizing {
    /** Instance class, e.g. `db.t3.medium`. */
    instanceClass: string;
    /**
     * PostgreSQL version, `major` or `major.minor`, e.g. `16.4`, of a primary. A replica runs its
     * source's version and its group takes the source's family ({@link ReplicaSource}).
     */
    engineVersion: string;
    /** Initial gp3 storage in GiB. */
    allocatedStorageGb: number;
    /** Storage autoscaling ceiling in GiB; a replica's is raised to its source's when that is higher. */
    maxAllocatedStorageGb: number;
    /** Automated backup retention in days (at least 7). */
    backupRetentionDays: number;
    /** Synchronous standby in a second AZ. */
    multiAz: boolean;
    /** Daily backup window, UTC `hh:mm-hh:mm`. */
    backupWindow: string;
    /** Weekly maintenance window, UTC `ddd:hh:mm-ddd:hh:mm`. */
    maintenanceWindow: string;
}

/**
 * A replica's source instance, as the source's stack publishes it (its outputs,
 * policy/lib/facts/databaseOutputs.ts): the replica follows what RDS will not let it differ in.
 */
export interface ReplicaSource {
    /** ARN of the source instance; an ARN (not an identifier) is required across regions. */
    arn: pulumi.Input<string>;
    /**
     * The source's parameter group family, e.g. `postgres16`. RDS upgrades a PostgreSQL replica's
     * engine with its source's, so the replica's own group (the one that applies once promoted)
     * takes the source's family, not the replica stack's `engineVersion`: a major upgrade of the
     * source moves the replica's group with it at the replica stack's next deployment.
     */
    parameterGroupFamily: pulumi.Input<string>;
    /**
     * The source's storage autoscaling ceiling in GiB (undefined when it has none). RDS does not
     * carry autoscaling to a replica: the replica's own ceiling is raised to this one
     * ({@link replicaStorageCeilingGb}), so the replica can hold everything the source can.
     */
    maxAllocatedStorageGb: pulumi.Input<number | undefined>;
}

/** A primary that owns its data, or a (cross-region) read replica of another instance. */
export type DatabaseRole =
    | { kind: "primary" }
    | { kind: "replica"; source: ReplicaSource };

/** The instance arguments that differ between a primary and a replica. */
export interface InstanceRoleSettings {
    replicateSourceDb?: pulumi.Input<string>;
    engine?: string;
    engineVersion?: string;
    dbName?: string;
    username?: string;
    allocatedStorage?: number;
    multiAz: boolean;
    backupRetentionPeriod?: number;
    backupWindow?: string;
    deletionProtection: boolean;
    skipFinalSnapshot: boolean;
    finalSnapshotIdentifier?: string;
    /**
     * Apply modifications now instead of in the maintenance window; a failover phase that turns
     * on backups or Multi-AZ needs it. @default false
     */
    applyImmediately?: boolean;
}

/** Database name the application and the guide's `pg_dump` use. */
export const DATABASE_NAME = "expertconnect";

/** The `rds-db:connect` resource of a database user: `arn:aws:rds-db:REGION:ACCOUNT:dbuser:RESOURCE_ID/USER`. */
export function databaseUserArn(region: string, accountId: string, resourceId: string, user: string): string {
    return `arn:aws:rds-db:${region}:${accountId}:dbuser:${resourceId}/${user}`;
}

/** `16.4` → `16`. Throws on anything that is not a PostgreSQL version. */
export function engineMajorVersion(engineVersion: string): number {
    const match = /^(\d+)(\.\d+)?$/.exec(engineVersion);
    if (!match) {
        throw new Error(`database engine version ${JSON.stringify(engineVersion)} is not a PostgreSQL version such as 16.4`);
    }
    return Number(match[1]);
}

/**
 * The engine version sent to RDS: the major version only (`16.4` → `16`). Minor upgrades are
 * automatic (`autoMinorVersionUpgrade`), so RDS owns the minor version; a pinned `16.4` would
 * show drift after the first automatic upgrade and the next deployment would ask RDS for a
 * downgrade, which it refuses. A major upgrade is still a config change.
 */
export function engineVersionPrefix(engineVersion: string): string {
    return String(engineMajorVersion(engineVersion));
}

/** DB parameter group family of an engine version: `16.4` → `postgres16`. */
export function parameterGroupFamily(engineVersion: string): string {
    return `postgres${engineMajorVersion(engineVersion)}`;
}

/**
 * A replica's storage autoscaling ceiling in GiB: its own (the stack config's), raised to its
 * source's when the source can grow further; a replica that fills up stops replicating.
 */
export function replicaStorageCeilingGb(own: number, sourceCeilingGb: number | undefined): number {
    return sourceCeilingGb === undefined ? own : Math.max(own, sourceCeilingGb);
}

/** One parameter of the DB parameter group. */
export interface DatabaseParameter {
    name: string;
    value: string;
    /** Static parameters only take effect after a reboot, which RDS requires to be said. */
    applyMethod: "immediate" | "pending-reboot";
}

/**
 * The guide's `ALTER SYSTEM` settings, which RDS does not allow, as parameters: query
 * statistics (a static parameter: applies at the next reboot), slow-query logging above one
 * second (without the statements' bind values, policy/lib/facts/statementLogging.ts), and TLS
 * required for every connection. The values are the policy pack's facts
 * (policy/lib/facts/databaseParameters.ts), which rds-parameter-group-settings holds every
 * database's group to.
 */
export function databaseParameters(): DatabaseParameter[] {
    return [
        { name: "shared_preload_libraries", value: QUERY_STATISTICS_LIBRARY, applyMethod: "pending-reboot" },
        { name: "log_min_duration_statement", value: String(SLOW_QUERY_THRESHOLD_MS), applyMethod: "immediate" },
        { name: "rds.force_ssl", value: "1", applyMethod: "immediate" },
        // PostgreSQL logs a slow statement's bind values in full by default (-1): personal data in CloudWatch.
        { name: "log_parameter_max_length", value: String(BIND_VALUES_LOGGED_LENGTH), applyMethod: "immediate" },
    ];
}

/** Name of the snapshot RDS takes when the instance is deleted. */
export function finalSnapshotName(identifier: string): string {
    return `${identifier}-final-snapshot`;
}

/** Log types exported to CloudWatch Logs. */
export const EXPORTED_LOGS = ["postgresql", "upgrade"] as const;

/** The log group RDS writes an exported log type to; created up front to set retention and KMS. */
export function rdsLogGroupName(identifier: string, logType: string): string {
    return `/aws/rds/instance/${identifier}/${logType}`;
}

/**
 * Role-dependent instance settings.
 *
 * A primary creates the database and master user (its password comes write-only from the
 * stack's master secret, see {@link masterSecretValue}), keeps automated backups and takes a
 * final snapshot on deletion.
 *
 * A replica inherits engine, database, user and password from its source. Creating a replica
 * takes no backup settings (`CreateDBInstanceReadReplica` has none): the dr phases add them,
 * and the provider sends them with a `ModifyDBInstance` once the replica exists. RDS refuses a
 * final snapshot when a read replica is deleted, so deleting it skips one: the replica holds
 * no data the primary and its backups do not. It stays single-AZ until promoted (pilot
 * light); deletion protection is on in both roles.
 */
export function instanceSettings(role: DatabaseRole, sizing: DatabaseSizing, identifier: string): InstanceRoleSettings {
    if (role.kind === "replica") {
        return {
            replicateSourceDb: role.source.arn,
            multiAz: false,
            deletionProtection: true,
            skipFinalSnapshot: true,
        };
    }
    return {
        engine: "postgres",
        engineVersion: engineVersionPrefix(sizing.engineVersion),
        dbName: DATABASE_NAME,
        username: MASTER_USERNAME,
        allocatedStorage: sizing.allocatedStorageGb,
        multiAz: sizing.multiAz,
        backupRetentionPeriod: sizing.backupRetentionDays,
        backupWindow: sizing.backupWindow,
        deletionProtection: true,
        skipFinalSnapshot: false,
        finalSnapshotIdentifier: finalSnapshotName(identifier),
    };
}

/** Where the master credentials connect to, for the master secret. */
export interface MasterSecretEndpoint {
    host: string;
    port: number;
}

/**
 * The master secret's value: the JSON AWS's PostgreSQL rotation functions read and write
 * (`engine`, `host`, `port`, `username`, `password`, `dbname`). The application reads
 * `username` and `password` from it.
 */
export function masterSecretValue(password: string, endpoint: MasterSecretEndpoint): string {
    return JSON.stringify({
        engine: "postgres",
        host: endpoint.host,
        port: endpoint.port,
        username: MASTER_USERNAME,
        password,
        dbname: DATABASE_NAME,
    });
}

