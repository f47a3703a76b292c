import { resourcePolicy } from "../lib/define";
import { isGiven } from "../lib/props";
import { CLOUDTRAIL_TRAIL } from "../lib/tokens";

/** The guide's CloudTrail step. */
export const GUIDE_CLOUDTRAIL = "Security Maintenance › AWS Security Best Practices › Enable CloudTrail";

export const cloudtrailTrailSettings = resourcePolicy({
    name: "cloudtrail-trail-settings",
    description: "CloudTrail trails log all regions, validate log files and encrypt them with KMS.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: GUIDE_CLOUDTRAIL,
        fsbpControl: "CloudTrail.1",
        remediationSteps: "Set isMultiRegionTrail: true, enableLogFileValidation: true (CloudTrail.4) and kmsKeyId (CloudTrail.2); leave enableLogging on.",
    },
    types: CLOUDTRAIL_TRAIL,
    validate: (props, report) => {
        if (props.isMultiRegionTrail !== true) {
            report("isMultiRegionTrail is not true: activity in other regions would go unrecorded.");
        }
        if (props.enableLogFileValidation !== true) {
            report("enableLogFileValidation is not true: tampering with delivered logs could not be detected.");
        }
        if (!isGiven(props, "kmsKeyId")) {
            report("kmsKeyId is not set: logs would be encrypted only with S3-managed keys.");
        }
        if (props.enableLogging === false) {
            report("enableLogging is false: the trail records nothing.");
        }
    },
});
