import { resourcePolicy } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { isGiven } from "../lib/props";
import { known } from "../lib/stack";
import { SNS_TOPIC } from "../lib/tokens";

export const snsTopicEncrypted = resourcePolicy({
    name: "sns-topic-encrypted",
    description: "SNS topics are encrypted with a customer-managed KMS key (alarms and EventBridge cannot publish to a topic under alias/aws/sns).",
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
        } else if (isAwsManagedKeyAlias(known(() => props.kmsMasterKeyId))) {
            // AWS's key policy cannot be changed to let cloudwatch.amazonaws.com or events.amazonaws.com
            // use it, so every alarm and rule publishing here would fail silently.
            report(`kmsMasterKeyId ${props.kmsMasterKeyId} is an AWS-managed key: CloudWatch alarms and EventBridge cannot publish through it.`);
        }
    },
});
