/** Ports of the data stores: the program opens them, the pack keeps them off the internet. */

/** PostgreSQL (RDS), the engine's default port. */
export const POSTGRES_PORT = 5432;

/** Redis (ElastiCache), the engine's default port. */
export const REDIS_PORT = 6379;

/** MySQL, not used by the program but a data port the pack guards all the same. */
export const MYSQL_PORT = 3306;
