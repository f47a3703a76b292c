import { resourcePolicy } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { isGiven } from "../lib/props";
import { known } from "../lib/stack";
import { SNS_TOPIC } from "../lib/tokens";
import { plainHttpActions } from "./tlsOnly";

const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";

/** The topic policy's problem: the message actions it leaves open over plain HTTP. */
async function transportProblem(document: unknown, topicArn: unknown): Promise<string | undefined> {
    if (typeof document !== "string" && (typeof document !== "object" || document === null)) {
        return undefined;
    }
    if (typeof topicArn !== "string") {
        return undefined; // a new topic's ARN: judged once known, in the deployed state
    }
    const open = await plainHttpActions(document, topicArn);
    return open.length > 0
        ? `the topic policy lets principals of the account call ${open.join(", ")} without TLS (aws:SecureTransport=false): alarm messages cross the network in clear. Add a statement Effect Deny, Principal "*", Action sns:Publish, Resource the topic, Condition Bool aws:SecureTransport "false".`
        : undefined;
}

export const snsTopicEncrypted = resourcePolicy({
    name: "sns-topic-encrypted",
    description: "SNS topics are encrypted with a customer-managed KMS key (alarms and EventBridge cannot publish to a topic under alias/aws/sns), and their policy (a TopicPolicy, or the topic's own) denies publishing without TLS: evaluated as AWS does, a principal of the account with every SNS permission is explicitly denied sns:Publish when aws:SecureTransport is false.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "Monitoring System Health › AWS Deployment Monitoring › Configure CloudWatch Alarms (expertconnect-alarms)",
        fsbpControl: "SNS.1",
        remediationSteps: "Set kmsMasterKeyId to a customer-managed key whose policy lets CloudWatch and EventBridge use it; keep in the topic policy a Deny for Principal \"*\" on sns:Publish with Condition Bool aws:SecureTransport \"false\".",
    },
    types: [...SNS_TOPIC, TOPIC_POLICY],
    validate: async (props, report, { args }) => {
        if (args.type === TOPIC_POLICY) {
            // The topic's own `policy` output is what AWS held when the topic was created (its
            // default policy, before the TopicPolicy replaced it): the TopicPolicy is what applies.
            const transport = await transportProblem(known(() => props.policy as unknown), known(() => props.arn as unknown));
            if (transport) {
                report(transport);
            }
            return;
        }
        if (!isGiven(props, "kmsMasterKeyId")) {
            report("kmsMasterKeyId is not set.");
        } else if (isAwsManagedKeyAlias(known(() => props.kmsMasterKeyId))) {
            // AWS's key policy cannot be changed to let cloudwatch.amazonaws.com or events.amazonaws.com
            // use it, so every alarm and rule publishing here would fail silently.
            report(`kmsMasterKeyId ${props.kmsMasterKeyId} is an AWS-managed key: CloudWatch alarms and EventBridge cannot publish through it.`);
        }
    },
});
