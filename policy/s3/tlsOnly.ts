import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { globMatches } from "../lib/iam/catalog";
import { isPolicyError, NormalStatement, parsePolicy } from "../lib/iam/document";
import { knownDeep } from "../lib/stack";
import { S3_BUCKET_POLICY } from "../lib/tokens";
import { bucketName, GUIDE_S3, settingsOf } from "./buckets";

/**
 * A Deny for everyone on every S3 action when aws:SecureTransport is false. "Every S3 action" is
 * judged by effect: a pattern that matches an action name no one wrote (s3:*, *, *:*) matches them all.
 */
function deniesPlainHttp(s: NormalStatement): boolean {
    const secure = [...(s.condition.Bool?.["aws:SecureTransport"] ?? []), ...(s.condition.BoolIfExists?.["aws:SecureTransport"] ?? [])];
    return s.effect === "Deny"
        && (s.principal?.AWS ?? []).includes("*")
        && (s.action ?? []).some(pattern => globMatches(pattern, "s3:AnyActionAtAll"))
        && secure.includes("false");
}

/** The statement must cover the bucket itself and its objects, or everything. */
function coversBucketAndObjects(s: NormalStatement): boolean {
    const resources = s.resource ?? [];
    return resources.includes("*")
        || (resources.some(r => r.endsWith("/*")) && resources.some(r => !r.endsWith("/*")));
}

/** true / false, or undefined when the document is not known yet. */
function enforcesTls(policy: PolicyResource): boolean | undefined {
    const document = knownDeep(() => policy.props.policy);
    if (document === undefined) {
        return undefined;
    }
    const parsed = parsePolicy(document);
    return !isPolicyError(parsed) && parsed.statements.some(s => deniesPlainHttp(s) && coversBucketAndObjects(s));
}

export const s3TlsOnly = stackPolicy({
    name: "s3-tls-only",
    description: "Every S3 bucket's policy denies requests that do not use TLS (aws:SecureTransport=false), for the bucket and its objects.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: "S3.5",
        remediationSteps: "Add to the bucket's aws.s3.BucketPolicy a statement: Effect Deny, Principal \"*\", Action s3:*, " +
            "Resource [bucket ARN, bucket ARN/*], Condition Bool aws:SecureTransport \"false\".",
    },
    validate: (resources, report) => {
        for (const [bucket, policies] of settingsOf(resources, S3_BUCKET_POLICY)) {
            if (policies.length === 0) {
                report(`bucket ${bucketName(bucket)} has no bucket policy, so plain-HTTP requests are allowed.`, bucket.urn);
                continue;
            }
            const verdicts = policies.map(enforcesTls);
            if (!verdicts.some(v => v !== false)) {
                report(`bucket ${bucketName(bucket)}'s policy has no Deny on aws:SecureTransport=false covering the bucket and its objects.`, bucket.urn);
            }
        }
    },
});
