import { stackPolicy } from "../lib/define";
import { knownDeep } from "../lib/stack";
import { S3_ENCRYPTION } from "../lib/tokens";
import { bucketName, GUIDE_S3, settingsOf } from "./buckets";

const ALGORITHMS = ["aws:kms", "aws:kms:dsse", "AES256"];

interface Rule {
    applyServerSideEncryptionByDefault?: { sseAlgorithm?: string };
}

/** True, false, or undefined when the rules are not known yet. */
function encrypts(rules: Rule[] | undefined): boolean | undefined {
    if (rules === undefined) {
        return undefined;
    }
    return rules.some(r => ALGORITHMS.includes(r.applyServerSideEncryptionByDefault?.sseAlgorithm ?? ""));
}

export const s3BucketEncryption = stackPolicy({
    name: "s3-bucket-encryption",
    description: "Every S3 bucket has a default server-side encryption configuration.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: undefined,
        remediationSteps: "Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with a rule applying aws:kms (preferred) or AES256 by default.",
    },
    validate: (resources, report) => {
        for (const [bucket, settings] of settingsOf(resources, S3_ENCRYPTION)) {
            const inline = knownDeep(() => bucket.props.serverSideEncryptionConfiguration?.rule as Rule | undefined);
            const verdicts = [
                ...(inline ? [encrypts([inline])] : []),
                ...settings.map(s => encrypts(knownDeep(() => s.props.rules as Rule[]))),
            ];
            if (verdicts.some(v => v === true || v === undefined)) {
                continue;
            }
            report(settings.length === 0
                ? `bucket ${bucketName(bucket)} has no server-side encryption configuration.`
                : `bucket ${bucketName(bucket)}'s encryption configuration has no default encryption rule (${ALGORITHMS.join(", ")}).`,
            bucket.urn);
        }
    },
});
