import { stackPolicy } from "../lib/define";
import { known } from "../lib/stack";

const UNKNOWN = Symbol("unknown");
import { S3_VERSIONING } from "../lib/tokens";
import { bucketHoldsData, bucketName, GUIDE_S3, HOLDS_DATA_TAG, settingsOf } from "./buckets";

export const s3Versioning = stackPolicy({
    name: "s3-versioning",
    description: `S3 buckets that hold data (all but those tagged ${HOLDS_DATA_TAG}=false) have versioning enabled.`,
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: "S3.14",
        remediationSteps: "Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status \"Enabled\" " +
            `(and a lifecycle rule expiring old versions), or tag a bucket without data ${HOLDS_DATA_TAG}=false.`,
    },
    validate: (resources, report) => {
        for (const [bucket, settings] of settingsOf(resources, S3_VERSIONING)) {
            if (!bucketHoldsData(bucket)) {
                continue;
            }
            // Unknown values can't be judged until the update: they pass.
            const inline = known(() => bucket.props.versioning?.enabled, true);
            const statuses = settings.map(s => known(() => s.props.versioningConfiguration?.status as string | undefined, UNKNOWN));
            if (inline === true || statuses.some(s => s === UNKNOWN || s === "Enabled")) {
                continue;
            }
            report(settings.length === 0
                ? `bucket ${bucketName(bucket)} has no versioning configuration: an overwrite or delete loses data.`
                : `bucket ${bucketName(bucket)}'s versioning status is ${statuses.join(", ")}, not Enabled.`,
            bucket.urn);
        }
    },
});
