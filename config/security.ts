import { z } from "zod";

import { DEFAULT_WAF_LARGE_BODY_PATHS, DEFAULT_WAF_RATE_LIMIT } from "../policy/lib/facts/wafDesign";

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
        wafRateLimit: z.number().int().min(100).max(2_000_000_000).default(DEFAULT_WAF_RATE_LIMIT),
        /**
         * URI path prefixes where the WAF lets bodies over 8 KB through (the managed body-size
         * rule only counts there): the API's uploads and JSON, Django admin's file fields.
         * Narrow it to the upload endpoints once the application names them. @default ["/api/", "/admin/"]
         */
        wafLargeBodyPaths: z.array(z.string().regex(/^\/[A-Za-z0-9._~\/-]*$/, "a path prefix starting with /")).max(10).default([...DEFAULT_WAF_LARGE_BODY_PATHS]),
    })
    .prefault({});
