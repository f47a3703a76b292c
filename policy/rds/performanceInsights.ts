import { resourcePolicy } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { isGiven } from "../lib/props";
import { known } from "../lib/stack";
import { RDS_INSTANCE } from "../lib/tokens";

export const rdsPerformanceInsightsEncrypted = resourcePolicy({
    name: "rds-performance-insights-encrypted",
    description: "When Performance Insights is on, its data (which includes SQL text) is encrypted with a customer-managed KMS key.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Performance Optimization › Database Optimization › Identify slow queries",
        fsbpControl: undefined,
        remediationSteps: "Set performanceInsightsKmsKeyId to the database's KMS key (it cannot be changed later without disabling Performance Insights).",
    },
    types: RDS_INSTANCE,
    validate: (props, report, { args }) => {
        if (props.performanceInsightsEnabled !== true) {
            return args.notApplicable("Performance Insights is off");
        }
        if (!isGiven(props, "performanceInsightsKmsKeyId")) {
            report("performanceInsightsKmsKeyId is not set.");
        } else if (isAwsManagedKeyAlias(known(() => props.performanceInsightsKmsKeyId))) {
            report(`performanceInsightsKmsKeyId names the AWS-managed key (${props.performanceInsightsKmsKeyId}).`);
        }
    },
});
