import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { isPublicPrincipal, listOf, Statement, statementsOf } from "../lib/policyDocument";
import { knownDeep } from "../lib/stack";
import { S3_BUCKET_POLICY } from "../lib/tokens";
import { bucketName, GUIDE_S3, settingsOf } from "./buckets";

/** A Deny for everyone on s3:* when aws:SecureTransport is false. */
function deniesPlainHttp(s: Statement): boolean {
    const secure = s.Condition?.Bool?.["aws:SecureTransport"];
    const actions = listOf(s.Action);
    return s.Effect === "Deny"
        && isPublicPrincipal(s.Principal)
        && (actions.includes("s3:*") || actions.includes("*"))
        && listOf(secure).some(v => v === false || v === "false");
}

/** The statement must cover the bucket itself and its objects, or everything. */
function coversBucketAndObjects(s: Statement): boolean {
    const resources = listOf(s.Resource).filter((r): r is string => typeof r === "string");
    return resources.includes("*")
        || (resources.some(r => r.endsWith("/*")) && resources.some(r => !r.endsWith("/*")));
}

/** true / false, or undefined when the document is not known yet. */
function enforcesTls(policy: PolicyResource): boolean | undefined {
    const document = knownDeep(() => policy.props.policy);
    if (document === undefined) {
        return undefined;
    }
    const statements = statementsOf(document) ?? [];
    return statements.some(s => deniesPlainHttp(s) && coversBucketAndObjects(s));
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
