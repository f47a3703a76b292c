import { resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { SNS_TOPIC } from "../lib/tokens";

export const snsTopicEncrypted = resourcePolicy({
    name: "sns-topic-encrypted",
    description: "SNS topics are encrypted with KMS.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › Configure CloudWatch Alarms (expertconnect-alarms)",
        fsbpControl: "SNS.1",
        remediationSteps: "Set kmsMasterKeyId to a customer-managed key whose policy lets CloudWatch and EventBridge use it.",
    },
    types: SNS_TOPIC,
    validate: (props, report) => {
        if (!isGiven(props, "kmsMasterKeyId")) {
            report("kmsMasterKeyId is not set.");
        }
    },
});
