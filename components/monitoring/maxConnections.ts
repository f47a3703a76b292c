/**
 * RDS for PostgreSQL's default `max_connections` is `LEAST({DBInstanceClassMemory/9531392}, 5000)`.
 * The guide alarms at a flat 80 connections; the right threshold is 80% of what the instance
 * class actually allows, so it follows the class when operators resize the database.
 */

import { instanceClassMemoryBytes } from "../../lib/rdsInstanceClasses";

/** Divisor of the default parameter-group formula, in bytes per connection. */
const BYTES_PER_CONNECTION = 9531392;
/** Ceiling of the default parameter-group formula. */
const MAX_CONNECTIONS_CEILING = 5000;
/** Share of `max_connections` at which the connections alarm fires. */
const CONNECTIONS_ALARM_RATIO = 0.8;

/**
 * Default `max_connections` of an instance class, from its nominal memory. RDS evaluates the
 * formula over DBInstanceClassMemory (nominal memory less what RDS reserves for the OS), so
 * the live value of the smaller classes can be a little lower and the alarm then fires a
 * little closer to the real limit; it still fires before connections are refused.
 */
export function maxConnections(instanceClass: string): number {
    return Math.min(Math.floor(instanceClassMemoryBytes(instanceClass) / BYTES_PER_CONNECTION), MAX_CONNECTIONS_CEILING);
}

/** Connections at which `expertconnect-db-connections-high` fires: 80% of `max_connections`, rounded down. */
export function connectionsAlarmThreshold(instanceClass: string): number {
    return Math.floor(maxConnections(instanceClass) * CONNECTIONS_ALARM_RATIO);
}
