import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { isAwsManagedKeyAlias } from "../lib/kms";
import { knownDeep } from "../lib/stack";
import { S3_ENCRYPTION } from "../lib/tokens";
import { bucketHoldsData, bucketName, GUIDE_S3, HOLDS_DATA_TAG, settingsOf } from "./buckets";
import { sinkOf, sinks } from "./sinks";

const ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];
const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

interface Rule {
    applyServerSideEncryptionByDefault?: { sseAlgorithm?: string; kmsMasterKeyId?: string };
}

/**
 * What a bucket's default encryption protects objects with: a customer-managed KMS key (its key
 * policy decides who reads them), an AWS-owned or AWS-managed key (SSE-S3, or aws:kms without a
 * key or with alias/aws/s3: anyone the account lets read the bucket reads them), nothing, or
 * undefined when the rules are not known yet.
 */
export type DefaultKey = "customer" | "aws" | "none" | undefined;

/** The strongest default key among the rules (unknown counts as customer-managed until the update). */
export function defaultKeyOf(rules: Rule[] | undefined): DefaultKey {
    if (rules === undefined) {
        return undefined;
    }
    const defaults = rules.map(r => r.applyServerSideEncryptionByDefault ?? {});
    if (defaults.some(d => KMS_ALGORITHMS.includes(d.sseAlgorithm ?? "") && typeof d.kmsMasterKeyId === "string" && d.kmsMasterKeyId !== "" && !isAwsManagedKeyAlias(d.kmsMasterKeyId))) {
        return "customer";
    }
    return defaults.some(d => ALGORITHMS.includes(d.sseAlgorithm ?? "")) ? "aws" : "none";
}

const RANK: Record<string, number> = { none: 0, aws: 1, customer: 2 };

/** The bucket's default key over its inline configuration and its separate configuration resources. */
export function bucketDefaultKey(bucket: PolicyResource, settings: PolicyResource[]): { key: DefaultKey; configured: boolean } {
    const inline = knownDeep(() => bucket.props.serverSideEncryptionConfiguration?.rule as Rule | undefined);
    const keys = [
        ...(inline ? [defaultKeyOf([inline])] : []),
        ...settings.map(s => defaultKeyOf(knownDeep(() => s.props.rules as Rule[]))),
    ];
    if (keys.some(k => k === undefined)) {
        return { key: undefined, configured: true };
    }
    const best = keys.reduce<DefaultKey>((a, k) => (RANK[k!] > RANK[a!] ? k : a), "none");
    return { key: best, configured: keys.length > 0 };
}

/**
 * Whether a bucket is one of the stack's data buckets: it holds data (not tagged HoldsData=false)
 * and receives no AWS-delivered logs or artifacts by design. Those must be under a customer key;
 * log destinations may stay on SSE-S3, which some senders require (ALB access logs).
 */
export function isDataBucket(bucket: PolicyResource, found: ReturnType<typeof sinks>): boolean {
    return bucketHoldsData(bucket) && sinkOf(bucket, found) === undefined;
}

export const s3BucketEncryption = stackPolicy({
    name: "s3-bucket-encryption",
    description: `Every S3 bucket has a default server-side encryption configuration; a bucket that holds data (not tagged ${HOLDS_DATA_TAG}=false, and not the destination of access logs, trails, Config, flow logs, WAF logs or canary artifacts) uses a customer-managed KMS key, not SSE-S3 nor the AWS managed aws/s3 key.`,
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule applying aws:kms with the stack's customer-managed key (kmsMasterKeyId) by default; a log bucket whose sender requires it may use AES256.",
    },
    validate: (resources, report) => {
        const found = sinks(resources, 0);
        for (const [bucket, settings] of settingsOf(resources, S3_ENCRYPTION)) {
            const { key, configured } = bucketDefaultKey(bucket, settings);
            const name = bucketName(bucket);
            if (key === "none") {
                report(configured
                    ? `bucket ${name}'s encryption configuration has no default encryption rule (${ALGORITHMS.join(", ")}).`
                    : `bucket ${name} has no server-side encryption configuration.`,
                bucket.urn);
            } else if (key === "aws" && isDataBucket(bucket, found)) {
                report(`bucket ${name} holds data but its default encryption uses a key AWS manages (SSE-S3 or aws/s3): anyone the account lets read the bucket reads its objects, ` +
                    `and no key policy can narrow that nor grant another account or region a copy; set sseAlgorithm aws:kms with a customer-managed kmsMasterKeyId (or tag it ${HOLDS_DATA_TAG}=false if it keeps nothing).`, bucket.urn);
            }
        }
    },
});
