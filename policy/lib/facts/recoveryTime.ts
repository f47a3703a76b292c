/**
 * The recovery time objective and the part of it DNS may take. docs/disaster-recovery.md derives
 * the RTO from its timeline ("RPO and RTO, step by step"): about 47 minutes at worst (pilot
 * light), most of it detection, decision and approval. Its step 8 is Route 53 moving users to dr
 * once dr serves: the region's health checks change state after failureThreshold probes
 * requestInterval apart (Route 53 uses the same count both ways), and every resolver that cached
 * the old answer keeps it for the record's TTL. The other steps use up the rest of the RTO, so a
 * name that resolvers cache longer than step 8 allows pushes every user's failover past it.
 */

/** The stack's recovery time objective, in seconds: docs/disaster-recovery.md, 47 minutes at worst. */
export const RTO_SECONDS = 47 * 60;

/**
 * The TTL Route 53 answers an alias to an Elastic Load Balancing load balancer with, in seconds.
 * An alias has no TTL of its own: Route 53 uses the target's (an AWS resource's default; for an
 * alias to another record of the zone, that record's TTL), and an ELB alias's is a fixed 60 s
 * (Route 53 FAQ, "Do I need to adjust the TTL of my records in order to use DNS Failover?").
 */
export const LOAD_BALANCER_ALIAS_TTL_SECONDS = 60;

/**
 * Seconds of the RTO that DNS may take to move users (step 8): the health checks' detection
 * (failureThreshold × requestInterval) plus the TTL resolvers cache the failover name's answer
 * for. 210 s: the region failure-detection budget (appHealth.ts REGION_FAILURE_DETECTION_SECONDS,
 * 150 s) plus one load balancer alias TTL, so every check the config accepts (config/dns.ts) fits
 * with the program's alias records. The program takes 3 × 30 s + 60 s = 150 s, the timeline's
 * 2.5 min; a non-alias record at Route 53's console default of 300 s, or a day, does not fit.
 */
export const DNS_FAILOVER_SECONDS = 210;
