import { z } from "zod";
import { BUSINESS_DAY_CHOICES, BUSINESS_DAYS, BUSINESS_END_HOUR_UTC, BUSINESS_START_HOUR_UTC } from "../policy/lib/facts/businessHours";
import { LOG_RETENTION_DAYS, LogRetentionBounds } from "../policy/lib/facts/retention";
import { DEPLOY_ROLE_NAMES } from "../policy/lib/facts/deployRoles";

/** Retention periods CloudWatch Logs accepts, in days. */
const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** A retention CloudWatch Logs accepts within the bounds the pack holds log groups to (cloudwatch-log-retention). */
function retention({ floor, limit }: LogRetentionBounds) {
    const allowed = logRetentionChoices.filter((d) => d >= floor && d <= limit);
    return z.number().refine((d) => (allowed as readonly number[]).includes(d), { message: `one of ${allowed.join(", ")}` });
}

/** `expertconnect:monitoring.appSignals` — thresholds of the alarms on the application's log signals. */
const appSignalsSchema = z
    .strictObject({
        /** Failed credit transactions in 5 minutes that page. @default 5 */
        failedCreditTransactions: z.number().int().min(1).max(10000).default(5),
        /** Minutes without a successful credit transaction, in business hours, that page (a multiple of 5). @default 60 */
        noSuccessfulCreditMinutes: z.number().int().min(15).max(720).multipleOf(5, "a multiple of 5").default(60),
        /** First hour of the business day, UTC (0–23); the data stores' backup and maintenance windows stay outside the business day (data-windows-off-peak). @default 8 */
        businessStartHourUtc: z.number().int().min(0).max(23).default(BUSINESS_START_HOUR_UTC),
        /** Hour the business day ends, UTC, exclusive (1–24, after the start). @default 20 */
        businessEndHourUtc: z.number().int().min(1).max(24).default(BUSINESS_END_HOUR_UTC),
        /** Business days: Monday to Friday, or every day. @default "weekdays" */
        businessDays: z.enum(BUSINESS_DAY_CHOICES).default(BUSINESS_DAYS),
        /** Share of video sessions failing to start, in percent, that pages. @default 10 */
        videoFailureRatePercent: z.number().gt(0).max(100).default(10),
    })
    .refine((s) => s.businessStartHourUtc < s.businessEndHourUtc, {
        message: "businessStartHourUtc must be before businessEndHourUtc",
        path: ["businessEndHourUtc"],
    })
    .prefault({});

/** `expertconnect:monitoring.canary` — the synthetic check of the public site and the video path. */
const canarySchema = z
    .strictObject({
        /**
         * URL of the stack's site (`https://…`) the synthetic check loads. Unset, it is this
         * region's name under `expertconnect:dns` (`https://prod.<domain>/`, on the certificate);
         * without `dns`, the load balancer's DNS name, whose certificate name is then not checked.
         * @default https://<environment>.<dns.domain>/
         */
        siteUrl: z.url({ protocol: /^https$/, error: "an https:// URL" }).optional(),
        /** Minutes between runs (1–60). @default 5 */
        everyMinutes: z.number().int().min(1).max(60).default(5),
        /** The application's video-conferencing check (see docs/monitoring-and-security.md). @default "/api/health/video/" */
        videoCheckPath: z.string().regex(/^\/[A-Za-z0-9_\-./]*$/, "a path starting with /").default("/api/health/video/"),
    })
    .prefault({});

/** `expertconnect:monitoring` — alarm delivery, log retention and the application's signals. */
export const monitoringSchema = z
    .strictObject({
        /** E-mail addresses subscribed to the alarm topic. @default [] */
        alarmEmails: z.array(z.email("an e-mail address")).default([]),
        /** Retention of application and infrastructure log groups, in days, from 30 to 365 (policy/lib/facts/retention.ts). @default 90 */
        logRetentionDays: retention(LOG_RETENTION_DAYS.application).default(90),
        /** Retention of audit log groups (CloudTrail, VPC flow logs, WAF, ECS Exec sessions), in days, from 365 to 1096. @default 365 */
        auditLogRetentionDays: retention(LOG_RETENTION_DAYS.audit).default(LOG_RETENTION_DAYS.audit.floor),
        /**
         * IAM roles CI deploys with (the GitHub environments' roles): their security-group and IAM
         * policy changes are deployments and do not trip the CIS change alarms.
         * @default ["expertconnect-deploy-prod", "expertconnect-deploy-dr"] (policy/lib/facts/deployRoles.ts)
         */
        deployRoleNames: z.array(z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name")).default([...DEPLOY_ROLE_NAMES]),
        appSignals: appSignalsSchema,
        canary: canarySchema,
        /** An AWS cost anomaly's impact, in USD, from which it pages (prod owns the account's monitor). @default 100 */
        costAnomalyImpactUsd: z.number().positive().default(100),
    })
    .prefault({});
