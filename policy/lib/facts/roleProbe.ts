/**
 * The role probe of Route 53 failover: a path each region's load balancer answers itself, 200
 * while the region serves the application and 503 while it does not (dr in standby or failback,
 * a fenced prod). The program's listener rule and health checks are built from it
 * (components/dns/failoverHealth.ts); the pack follows Route 53's probes of it.
 */
export const ROLE_PROBE_PATH = "/.well-known/expertconnect/serving";

/** The dr failover phases in which the dr region serves (components/dr/phase.ts `drServes`). */
export const DR_SERVING_PHASES: readonly string[] = ["promote", "promoted"];
