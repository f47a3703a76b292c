import type * as pulumi from "@pulumi/pulumi";
import { AppSettings } from "../components/app/AppSettings";
import { Buckets } from "../components/data/Buckets";
import { Cache } from "../components/data/Cache";
import { Database, DatabaseArgs } from "../components/data/Database";
import { DATABASE_NAME } from "../components/data/databaseSettings";
import { SECRET_IDS } from "../policy/lib/facts/purposes";
import type { ProdStack } from "./prodStack";
import {
    backupBucketName, cacheReplicationGroupId, databaseIdentifier, parameterPath, secretName, secretPrefix, staticBucketName,
} from "../lib/naming";
import { phaseTags, regionRole } from "../components/dr/phase";
import type { StackContext } from "./context";
import type { NetworkHandles } from "./network";

/** The static-assets bucket the services serve: this stack's, or in dr prod's replica. */
export interface StaticAssets {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    readonly kmsKeyArn: pulumi.Output<string>;
}

/** What the data stores are placed in and admit. */
export interface DataStoreInputs extends Pick<NetworkHandles, "network" | "taskSecurityGroups"> {
    /** dr: prod's outputs (replicated secrets and static files); prod: undefined. */
    readonly prodStack?: ProdStack;
    /** dr: the recovery site's replica database (stack/disasterRecovery.ts); prod: undefined. */
    readonly replica?: Database;
}

/** Where a data store lives and who reaches it (both stacks' database and cache). */
export type DataStorePlacement = Pick<DatabaseArgs, "tags" | "region" | "vpcId" | "subnetIds" | "allowedSources" | "logRetentionDays">;

/**
 * PostgreSQL and Redis live in the isolated subnets and admit the backend tasks alone; a fenced
 * stack admits none, so its old tasks cannot write where the other region now does.
 */
export function dataStorePlacement({ cfg, tags }: StackContext, { network, taskSecurityGroups }: Pick<NetworkHandles, "network" | "taskSecurityGroups">): DataStorePlacement {
    const { fenced } = regionRole(cfg.environment, cfg.dr.phase, cfg.dr.fenced);
    return {
        tags,
        region: cfg.region,
        vpcId: network.vpcId,
        subnetIds: network.isolatedSubnetIds,
        allowedSources: fenced ? {} : { backend: taskSecurityGroups.backend.id },
        logRetentionDays: cfg.monitoring.logRetentionDays,
    };
}

/** What the data-store step registers. */
export interface DataStoreHandles {
    /** prod's buckets; undefined in dr, which has none of its own. */
    readonly buckets?: Buckets;
    readonly staticAssets: StaticAssets;
    readonly database: Database;
    readonly cache: Cache;
    readonly appSettings: AppSettings;
}

/**
 * Encryption keys and data stores. Every store has its own customer-managed key (in its
 * component) and is protected; see components/data and components/app.
 */
export function composeDataStores(ctx: StackContext, { network, taskSecurityGroups, prodStack, replica }: DataStoreInputs): DataStoreHandles {
    const { cfg, tags } = ctx;
    // dr has no buckets of its own: it serves prod's static files from their replica in this region.
    const buckets = prodStack ? undefined : new Buckets("data", {
        staticBucketName: staticBucketName(cfg.project, cfg.environment),
        // Bucket names are global and the guide names one backup bucket: prod owns it.
        backupBucketName: cfg.environment === "prod" ? backupBucketName(cfg.project) : undefined,
        tags,
    });
    const staticAssets: StaticAssets = buckets
        ? { bucketName: buckets.staticBucketName, bucketArn: buckets.staticBucketArn, kmsKeyArn: buckets.staticKmsKeyArn }
        : prodStack!.staticReplica;

    const placement = dataStorePlacement(ctx, { network, taskSecurityGroups });
    // dr: `expertconnect-dr-db`, the recovery site's replica of prod's instance, with prod's
    // master password throughout. prod: the master password in a stack-owned secret, replicated
    // to the recovery region (RDS cannot replicate an instance whose password it manages itself)
    // and rotated in the private subnets.
    const database = replica ?? new Database("database", {
        ...placement,
        identifier: databaseIdentifier(cfg.project, cfg.environment),
        sizing: cfg.database,
        masterSecret: {
            name: secretName(cfg.project, cfg.environment, SECRET_IDS.databaseMaster.id),
            replicaRegion: cfg.dr.recoveryRegion,
            rotation: { subnetIds: network.privateSubnetIds, databaseCidrBlocks: network.isolatedCidrBlocks },
        },
    });

    const cache = new Cache("cache", {
        ...placement,
        replicationGroupId: cacheReplicationGroupId(cfg.project, cfg.environment),
        authSecretName: secretName(cfg.project, cfg.environment, SECRET_IDS.cacheAuthToken.id),
        nodeType: cfg.cache.nodeType,
        numCacheClusters: cfg.cache.numCacheClusters,
        snapshotRetentionDays: cfg.cache.snapshotRetentionDays,
        authTokenVersion: cfg.cache.authTokenVersion,
        // dr: the phase decides whether this cache serves production (as the replica's tag does).
        groupTags: cfg.environment === "dr" ? phaseTags(cfg.dr.phase) : {},
    });

    // Settings under /expertconnect/<env> (the guide's get-parameters-by-path) and the
    // application secrets; the services receive both as ECS secrets by ARN.
    const appSettings = new AppSettings("app-settings", {
        parameterPath: parameterPath(cfg.project, cfg.environment),
        secretPrefix: secretPrefix(cfg.project, cfg.environment),
        tags,
        endpoints: {
            databaseAddress: database.address,
            databasePort: database.port,
            databaseName: DATABASE_NAME,
            cacheAddress: cache.primaryEndpoint,
            cachePort: cache.port,
            staticBucketName: staticAssets.bucketName,
            backupBucketName: buckets?.backupBucketName,
        },
        featureFlags: cfg.featureFlags,
        dataStores: {
            cacheAuthSecretArn: cache.authSecretArn,
            cacheKmsKeyArn: cache.kmsKeyArn,
        },
        // prod keeps replicas of its application secrets in the recovery region and dr runs on
        // them, so sessions, tokens and the video provider's key survive a failover.
        replicaRegion: prodStack ? undefined : cfg.dr.recoveryRegion,
        sharedSecrets: prodStack?.appSecrets,
    });

    return { buckets, staticAssets, database, cache, appSettings };
}
