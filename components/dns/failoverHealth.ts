/**
 * Route 53 failover between the two regions, as data: the health checks each region's record
 * carries and what they probe. Pure, tested without mocks.
 *
 * Failover is data plane only. Route 53's health checkers and DNS answers run everywhere; the
 * records and checks are created once, while both regions are up, and never change during a
 * failover. What changes is what the load balancers answer, in their own regions:
 * - the app probe: the backend's health path on the region's own name, through its ALB;
 * - the role probe ({@link ROLE_PROBE_PATH}): a fixed response of the ALB, 200 where the region
 *   serves (prod unless fenced, dr while promoted), 503 elsewhere.
 * prod's PRIMARY record is healthy when prod's app and role probes are up AND dr's role probe is
 * down: once dr is promoted, prod coming back does not take users back (no split brain). dr's
 * SECONDARY record is healthy when dr's app and role probes are up, so a transient prod outage
 * never sends users to a replica that is not promoted: with both unhealthy, Route 53 answers
 * with the primary.
 */

import { ROLE_PROBE_PATH } from "../../policy/lib/facts/roleProbe";

/** Path the load balancers answer themselves, telling Route 53 whether the region serves (a fact the pack shares). */
export { ROLE_PROBE_PATH };

/** Which failover record a region owns. */
export type FailoverRole = "PRIMARY" | "SECONDARY";

/** The region's own name under the domain, e.g. `dr.app.expertconnect.com`: probes and game days use it. */
export function regionalName(environment: string, domain: string): string {
    return `${environment}.${domain}`;
}

/** One Route 53 HTTPS health check (before it is a resource). */
export interface HealthCheckSpec {
    /** Logical suffix: `app`, `role` or `peer-role`. */
    key: string;
    /** Host the checkers resolve and send as SNI and Host header. */
    fqdn: string;
    resourcePath: string;
    /** Healthy when the probe fails (the peer region's role probe). */
    invert: boolean;
}

export interface FailoverHealthInputs {
    environment: string;
    domain: string;
    /** The backend's health path (`expertconnect:services.backend.healthCheckPath`). */
    appHealthPath: string;
    role: FailoverRole;
    /** Environment of the other region (prod's PRIMARY watches it). */
    peerEnvironment: string;
}

/**
 * The health checks a region's failover record depends on; the record's own check is their
 * conjunction (a calculated check needing all of them).
 */
export function failoverHealthChecks(inputs: FailoverHealthInputs): HealthCheckSpec[] {
    const own = regionalName(inputs.environment, inputs.domain);
    const checks: HealthCheckSpec[] = [
        { key: "app", fqdn: own, resourcePath: inputs.appHealthPath, invert: false },
        { key: "role", fqdn: own, resourcePath: ROLE_PROBE_PATH, invert: false },
    ];
    if (inputs.role === "PRIMARY") {
        checks.push({ key: "peer-role", fqdn: regionalName(inputs.peerEnvironment, inputs.domain), resourcePath: ROLE_PROBE_PATH, invert: true });
    }
    return checks;
}

/** The fixed response of the role probe: what Route 53 (and an operator with curl) sees. */
export function roleProbeResponse(serves: boolean): { statusCode: "200" | "503"; messageBody: string } {
    return serves ? { statusCode: "200", messageBody: "serving" } : { statusCode: "503", messageBody: "not serving" };
}
