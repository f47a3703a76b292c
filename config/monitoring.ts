import { z } from "zod";

/** Retention periods CloudWatch Logs accepts, in days. */
const logRetentionChoices = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

const retention = z.number().refine((d) => (logRetentionChoices as readonly number[]).includes(d), {
    message: `one of ${logRetentionChoices.join(", ")}`,
});

/** `expertconnect:monitoring` — alarm delivery and log retention. */
export const monitoringSchema = z
    .strictObject({
        /** E-mail addresses subscribed to the alarm topic. @default [] */
        alarmEmails: z.array(z.email("an e-mail address")).default([]),
        /** Retention of application and infrastructure log groups, in days. @default 90 */
        logRetentionDays: retention.default(90),
        /** Retention of audit log groups (CloudTrail, VPC flow logs, WAF), in days. @default 365 */
        auditLogRetentionDays: retention.default(365),
    })
    .prefault({});
