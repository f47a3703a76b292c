import { z } from "zod";

/** Who runs a regional security service: this stack, or the AWS Organization (skip it here). */
const ownership = z.enum(["stack", "organization"]);

/** `expertconnect:security` — account-level security services and the WAF. */
export const securitySchema = z
    .strictObject({
        /** GuardDuty detector owner. @default "stack" */
        guardDuty: ownership.default("stack"),
        /** AWS Config recorder owner. @default "stack" */
        awsConfig: ownership.default("stack"),
        /** WAF rate limit per client IP over 5 minutes (the guide's request throttling). @default 2000 */
        wafRateLimit: z.number().int().min(100).max(2_000_000_000).default(2000),
    })
    .prefault({});
