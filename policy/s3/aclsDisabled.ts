/**
 * Every bucket keeps ACLs disabled by an ownership control of its own. S3 creates new buckets
 * with ACLs disabled, but removing a bucket's BucketOwnershipControls from the program calls
 * DeleteBucketOwnershipControls, and a bucket without ownership controls is Object writer: ACLs
 * enabled again, so an object or bucket ACL can grant what the bucket policy does not show. The
 * resource-level check (`network-not-public`) judges a control's value; only a stack policy sees
 * one that is gone.
 */
import { stackPolicy } from "../lib/define";
import { known } from "../lib/stack";
import { S3_OWNERSHIP_CONTROLS } from "../lib/tokens";
import { bucketName, GUIDE_S3, settingsOf } from "./buckets";

/** The ownership setting that disables ACLs. */
export const ACLS_DISABLED = "BucketOwnerEnforced";

export const s3AclsDisabled = stackPolicy({
    name: "s3-acls-disabled",
    description: `Every S3 bucket has an ownership control of its own set to ${ACLS_DISABLED}: removing it turns the bucket to Object writer, ACLs enabled again.`,
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_S3,
        fsbpControl: "S3.12",
        remediationSteps: `Keep an aws.s3.BucketOwnershipControls for the bucket with rule.objectOwnership ${ACLS_DISABLED} (components/data/Buckets and the other buckets' components).`,
    },
    validate: (resources, report) => {
        for (const [bucket, controls] of settingsOf(resources, S3_OWNERSHIP_CONTROLS)) {
            if (controls.length === 0) {
                report(`bucket ${bucketName(bucket)} has no ownership control: a bucket without one is Object writer, ACLs enabled (removing the control from the program deletes it). Keep BucketOwnershipControls with ${ACLS_DISABLED}.`, bucket.urn);
            } else if (controls.every(c => known(() => c.props.rule?.objectOwnership, ACLS_DISABLED) !== ACLS_DISABLED)) {
                report(`bucket ${bucketName(bucket)}'s ownership control is not ${ACLS_DISABLED}: ACLs stay enabled.`, bucket.urn);
            }
        }
    },
});
