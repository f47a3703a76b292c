import { z } from "zod";

/** TLS policies the HTTPS listener may use: TLS 1.2+ with forward secrecy, or TLS 1.3 only. */
export const allowedSslPolicies = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
] as const;

/** `expertconnect:loadBalancer` — the public Application Load Balancer. */
export const loadBalancerSchema = z.strictObject({
    /**
     * ACM certificate ARN of the HTTPS listener, for stacks without `expertconnect:dns` (which
     * requests and validates the certificate in code). @default the certificate of `expertconnect:dns`
     */
    certificateArn: z
        .string({ error: "an ACM certificate ARN in the stack's region" })
        .regex(/^arn:aws:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/, "an ACM certificate ARN")
        .optional(),
    /** TLS policy of the HTTPS listener. @default "ELBSecurityPolicy-TLS13-1-2-2021-06" */
    sslPolicy: z.enum(allowedSslPolicies).default("ELBSecurityPolicy-TLS13-1-2-2021-06"),
    /** Refuse deletion of the load balancer through the API. @default true */
    deletionProtection: z.boolean().default(true),
}).prefault({});
