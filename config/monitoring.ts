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
        /**
         * IAM roles CI deploys with (the GitHub environments' roles): their security-group and IAM
         * policy changes are deployments and do not trip the CIS change alarms.
         * @default ["expertconnect-deploy-prod", "expertconnect-deploy-dr"]
         */
        deployRoleNames: z.array(z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name")).default(["expertconnect-deploy-prod", "expertconnect-deploy-dr"]),
    })
    .prefault({});
