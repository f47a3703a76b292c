import { z } from "zod";

import { REGION_FAILURE_DETECTION_SECONDS } from "../policy/lib/facts/appHealth";

/** A DNS name of at least two labels, lower case, without a trailing dot. */
const HOSTNAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/;

/**
 * `expertconnect:dns` — the public name of the application, served by Route 53 failover
 * records and an ACM certificate per region. Leave the section out where DNS is managed
 * elsewhere; then `expertconnect:loadBalancer.certificateArn` is required and failover moves
 * traffic only as far as the organization's own DNS does (docs/disaster-recovery.md, "DNS").
 */
export const dnsSchema = z
    .strictObject({
        /**
         * Id of the Route 53 public hosted zone that holds `domain` (not its name: looking a
         * zone up by name calls Route 53's control plane on every deployment, failover included).
         * @example "Z0123456789ABCDEFGHIJ"
         */
        hostedZoneId: z.string().regex(/^Z[A-Z0-9]{1,32}$/, "a Route 53 hosted zone id such as Z0123456789ABCDEFGHIJ"),
        /** The name users reach the application at, in that zone. @example "app.expertconnect.com" */
        domain: z.string().regex(HOSTNAME, "a lower-case DNS name such as app.expertconnect.com"),
        /**
         * Seconds between Route 53 health checks of each load balancer: 10 (fast, costs more) or
         * 30. @default 30
         */
        healthCheckIntervalSeconds: z.union([z.literal(10), z.literal(30)]).default(30),
        /**
         * Failed checks in a row before a load balancer counts as down, 1 to 10; times
         * `healthCheckIntervalSeconds` at most a region's failure-detection budget (150 s,
         * policy/lib/facts/appHealth.ts). @default 3
         */
        healthCheckFailureThreshold: z.number().int().min(1).max(10).default(3),
    })
    .refine((d) => d.healthCheckIntervalSeconds * d.healthCheckFailureThreshold <= REGION_FAILURE_DETECTION_SECONDS, {
        message: `healthCheckFailureThreshold × healthCheckIntervalSeconds must be at most ${REGION_FAILURE_DETECTION_SECONDS} s (a region's failure-detection budget): Route 53 counts a dead region unhealthy only after that long`,
        path: ["healthCheckFailureThreshold"],
    })
    .optional();

export type DnsConfig = z.infer<typeof dnsSchema>;
