import { stackPolicy } from "../lib/define";
import { isPolicyError, parsePolicy } from "../lib/iam/document";
import { known, knownDeep, knownString, ofType, referencedBy } from "../lib/stack";
import { CLOUDTRAIL_TRAIL, S3_BUCKET_POLICY, S3_PUBLIC_ACCESS_BLOCK } from "../lib/tokens";
import { PUBLIC_ACCESS_SETTINGS } from "../s3/publicAccessBlock";
import { bucketsOf, settingsOf } from "../s3/buckets";
import { GUIDE_CLOUDTRAIL } from "./trail";

export const cloudtrailBucketNotPublic = stackPolicy({
    name: "cloudtrail-bucket-not-public",
    description: "The bucket a CloudTrail trail writes to is managed in the stack, blocks all public access and grants nothing to everyone.",
    enforcementLevel: "mandatory",
    onlyWith: CLOUDTRAIL_TRAIL[0],
    metadata: {
        severity: "critical",
        guideSection: GUIDE_CLOUDTRAIL,
        fsbpControl: "CloudTrail.6",
        remediationSteps: "Give the trail bucket a BucketPublicAccessBlock with all four settings on and a bucket policy that admits only cloudtrail.amazonaws.com (no Allow to Principal \"*\").",
    },
    validate: (resources, report) => {
        const buckets = bucketsOf(resources);
        const blocks = settingsOf(resources, S3_PUBLIC_ACCESS_BLOCK);
        const policies = settingsOf(resources, S3_BUCKET_POLICY);
        for (const trail of ofType(resources, CLOUDTRAIL_TRAIL)) {
            const target = referencedBy(trail, "s3BucketName", buckets, ["bucket", "id"]);
            const name = knownString(trail, "s3BucketName") ?? "(unknown)";
            if (target.length === 0) {
                // An unknown bucket name with no dependency can't be judged; a known one outside the stack can't be verified.
                if (knownString(trail, "s3BucketName") !== undefined) {
                    report(`trail bucket ${name} is not managed in this stack, so its public access cannot be verified.`, trail.urn);
                }
                continue;
            }
            const bucket = target[0];
            const fullyBlocked = (blocks.get(bucket) ?? []).some(b => PUBLIC_ACCESS_SETTINGS.every(s => known(() => b.props[s], true) === true));
            if (!fullyBlocked) {
                report(`trail bucket ${name} does not block all public access.`, trail.urn);
            }
            for (const policy of policies.get(bucket) ?? []) {
                const parsed = parsePolicy(knownDeep(() => policy.props.policy));
                const statements = isPolicyError(parsed) ? [] : parsed.statements;
                if (statements.some(s => s.effect === "Allow" && (s.principal?.AWS ?? []).includes("*"))) {
                    report(`trail bucket ${name}'s policy allows Principal "*".`, trail.urn);
                }
            }
        }
    },
});
