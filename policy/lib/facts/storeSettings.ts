/**
 * The settings through which the application writes to its data stores, stated once: the program
 * sets them (components/app/settings.ts) and ownership-references holds them to the stores'
 * writable endpoints. The application writes sessions, throttling counters and its data through
 * these hosts; a read-only endpoint there fails every write (Redis answers READONLY, a reader
 * endpoint refuses the transaction). Facts modules import siblings only.
 */
import { DATABASE_HOST_SETTING } from "./databaseClients";

/** Each store's writer host: the container variable and the SSM parameter (under the environment's path) that carry it. */
export const STORE_WRITER_SETTINGS = {
    database: { variable: DATABASE_HOST_SETTING, parameter: "database/host" },
    cache: { variable: "REDIS_HOST", parameter: "cache/host" },
} as const;

/**
 * Outputs of the stores' resources that accept reads only: a replication group's reader endpoint
 * (its replicas, load-balanced) and an Aurora cluster's reader endpoint. (An RDS read replica's
 * own address is not among them: dr's backend is given it in standby and the promotion makes it
 * the writer.)
 */
export const READ_ONLY_ENDPOINTS: Readonly<Record<string, readonly string[]>> = {
    "aws:elasticache/replicationGroup:ReplicationGroup": ["readerEndpointAddress"],
    "aws:rds/cluster:Cluster": ["readerEndpoint"],
};
