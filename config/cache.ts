import { z } from "zod";

/** `expertconnect:cache` — ElastiCache (Redis OSS-compatible Valkey). */
export const cacheSchema = z
    .strictObject({
        /** Node type. @default "cache.t4g.small" */
        nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, "an ElastiCache node type such as cache.t4g.small").default("cache.t4g.small"),
        /** Nodes in the replication group; 2 or more enables automatic failover. @default 2 */
        numCacheClusters: z.number().int().min(1).max(6).default(2),
        /** Daily snapshots kept, in days. @default 7 */
        snapshotRetentionDays: z.number().int().min(1).max(35).default(7),
        /**
         * Version of the AUTH token. Raising it makes Secrets Manager generate a new token for the
         * secret and the cache (ROTATE: the old one stays valid until the next change); redeploy
         * the backend afterwards. @default 1
         */
        authTokenVersion: z.number().int().min(1).default(1),
    })
    .prefault({});
