/**
 * Whether a topic's access policy refuses publishes that do not use TLS, judged as AWS decides:
 * a principal of the topic's own account whose identity policy allows every SNS action publishes
 * with aws:SecureTransport=false, and only an explicit Deny in the topic policy stops it. The
 * alarms the topic carries name the stack's resources and what is failing in them.
 */
import { evaluate } from "../lib/iam/evaluate";
import { isPolicyError, parsePolicy, policyOf } from "../lib/iam/document";
import { parseArn } from "../lib/iam/arn";

/** The actions that carry the topic's messages. */
const MESSAGE_ACTIONS = ["sns:Publish"];

/** An identity policy that allows every SNS action: the resource policy's Deny is then the only gate. */
const SNS_ADMIN = policyOf([{ index: 0, effect: "Allow", action: ["sns:*"], resource: ["*"], condition: {} }]);

/**
 * The message actions a principal of the topic's account may take over plain HTTP under
 * `document` (a policy that does not parse is left to the IAM policies); empty when the policy
 * denies them all.
 */
export async function plainHttpActions(document: unknown, topicArn: string): Promise<string[]> {
    const policy = parsePolicy(document);
    const account = parseArn(topicArn)?.account;
    if (isPolicyError(policy) || !account) {
        return [];
    }
    const out: string[] = [];
    for (const action of MESSAGE_ACTIONS) {
        const decision = await evaluate({ identity: [SNS_ADMIN], resource: policy }, {
            action, resource: topicArn, resourceAccount: account, context: { "aws:SecureTransport": "false" },
        });
        if (decision !== "ExplicitlyDenied") {
            out.push(action);
        }
    }
    return out;
}
