import { stackPolicy } from "../lib/define";
import { known } from "../lib/stack";
import { S3_PUBLIC_ACCESS_BLOCK } from "../lib/tokens";
import { bucketName, GUIDE_S3, settingsOf } from "./buckets";

/** The four settings that together stop every form of public access. */
export const PUBLIC_ACCESS_SETTINGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3PublicAccessBlock = stackPolicy({
    name: "s3-public-access-block",
    description: "Every S3 bucket has a public access block with all four settings on.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "critical",
        guideSection: GUIDE_S3,
        fsbpControl: "S3.8",
        remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    },
    validate: (resources, report) => {
        for (const [bucket, blocks] of settingsOf(resources, S3_PUBLIC_ACCESS_BLOCK)) {
            if (blocks.length === 0) {
                report(`bucket ${bucketName(bucket)} has no public access block.`, bucket.urn);
                continue;
            }
            // An unknown setting counts as on: it can't be judged until the update.
            const off = PUBLIC_ACCESS_SETTINGS.filter(s => blocks.every(b => known(() => b.props[s], true) !== true));
            if (off.length > 0) {
                report(`bucket ${bucketName(bucket)}'s public access block leaves ${off.join(", ")} off.`, bucket.urn);
            }
        }
    },
});
